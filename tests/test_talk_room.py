"""The talk page: only the two people of a booked talk see it; the Jitsi token and the citizen's phone number exist
only in the talk window (10 minutes before the start to the end), and every showing of the number is logged; the
rating after the talk, once per side; the report link into moderation."""

import datetime
import re
from collections import Counter
from html import unescape
from html.parser import HTMLParser

import jwt
import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from sammen.audit.models import AuditEntry
from sammen.core.errors import SammenError
from sammen.core.text_policy import MESSAGES as TEXT_POLICY
from sammen.moderation.models import Report
from sammen.talks import jitsi, room
from sammen.talks.models import BookingStatus, Rating
from sammen.volunteering.models import TalkChannel
from tests.factories import citizen, with_mobile
from tests.factories.talks import a_booking, a_free_slot, next_week_at
from tests.factories.volunteering import volunteer
from tests.helpers import log_in_with_second_factor

SECRET = "a-test-secret-for-jitsi-of-40-bytes-long"


def says(response, message) -> bool:
    """The page shows the message, in the language it is in (Danish): an English source string is translated."""
    return escape(gettext(str(message))) in response.content.decode()


@pytest.fixture(autouse=True)
def _jitsi(settings):
    settings.SAMMEN_JITSI_URL = "https://video.herning.dk"
    settings.SAMMEN_JITSI_APP_ID = "sammen"
    settings.SAMMEN_JITSI_AUDIENCE = "jitsi"
    settings.SAMMEN_JITSI_SECRET = SECRET
    settings.SAMMEN_JITSI_SUBJECT = ""


@pytest.fixture
def vera():
    """Vera in Kolding, an active "Snak sammen" volunteer (15-minute talks by video or phone)."""
    return citizen("Kolding", display_name="Vera", email="vera@example.dk")


@pytest.fixture
def talk(vera, karen_in_herning):
    """Karen has booked a video talk with Vera a week from now, 19.00–19.15 Copenhagen time."""
    slot = a_free_slot(volunteer(vera), starts_at=next_week_at(19))
    return a_booking(karen_in_herning, slot, channel=TalkChannel.VIDEO, note="Haven og foråret")


@pytest.fixture
def phone_talk(vera, karen_in_herning):
    """The same, by phone; Karen's number is 20 30 40 50, Vera's 60 70 80 90."""
    with_mobile(karen_in_herning, "+4520304050")
    with_mobile(vera, "+4560708090")
    slot = a_free_slot(volunteer(vera), starts_at=next_week_at(19))
    return a_booking(karen_in_herning, slot, channel=TalkChannel.PHONE)


def page(client, person, booking):
    client.force_login(person)
    return client.get(reverse("talks:talk", args=[booking.pk]))


def video_link(response) -> str:
    match = re.search(r'href="([^"]*\?jwt=[^"]*)"', response.content.decode())
    return unescape(match.group(1)) if match else ""


def decode(token: str, **options) -> dict:
    return jwt.decode(token, SECRET, algorithms=["HS256"], audience="jitsi", issuer="sammen", **options)


def walk(value, path="claims"):
    """Every leaf of the token with its path."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from walk(item, f"{path}.{key}")
    else:
        yield path, value


class _Markup(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.label_for, self.fields = [], set(), []
        self.h1 = self.open_fieldsets = self.radios_outside = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "label" and attrs.get("for"):
            self.label_for.add(attrs["for"])
        if tag == "h1":
            self.h1 += 1
        if tag == "fieldset":
            self.open_fieldsets += 1
        if tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit"):
            self.fields.append(attrs.get("id", ""))
            if attrs.get("type") == "radio" and not self.open_fieldsets:
                self.radios_outside += 1

    def handle_endtag(self, tag):
        if tag == "fieldset":
            self.open_fieldsets -= 1


def assert_accessible_markup(response) -> None:
    """What axe-core would fail on these pages without a browser: one h1, unique ids, a label for every field,
    radio buttons grouped in a fieldset."""
    markup = _Markup()
    markup.feed(response.content.decode())
    assert markup.h1 == 1
    assert [i for i, n in Counter(markup.ids).items() if n > 1] == []
    assert [f for f in markup.fields if f not in markup.label_for] == []
    assert markup.radios_outside == 0


# --- The video token ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_volunteer_gets_a_link_with_a_token_carrying_every_claim_jitsi_checks_and_owns_the_room(client, talk, vera):
    now = talk.starts_at - datetime.timedelta(minutes=5)
    with time_machine.travel(now, tick=False):
        response = page(client, vera, talk)
        link = video_link(response)
        assert link.startswith(f"https://video.herning.dk/{talk.room}?jwt=")
        claims = decode(link.split("?jwt=")[1])
    assert says(response, "Start the talk")
    assert claims["iss"] == "sammen"
    assert claims["aud"] == "jitsi"
    assert claims["sub"] == "video.herning.dk"
    assert claims["room"] == talk.room
    assert claims["nbf"] == int((talk.starts_at - datetime.timedelta(minutes=10)).timestamp())
    assert claims["exp"] == int(talk.ends_at.timestamp())
    assert claims["iat"] == int(now.timestamp())
    assert claims["context"]["user"] == {"id": "volunteer", "name": "Vera", "moderator": "true", "affiliation": "owner"}
    assert jwt.get_unverified_header(link.split("?jwt=")[1])["alg"] == "HS256"


@pytest.mark.django_db
def test_the_citizen_gets_her_own_token_as_a_member_without_her_e_mail(client, talk, karen_in_herning):
    with time_machine.travel(talk.starts_at, tick=False):
        claims = decode(video_link(page(client, karen_in_herning, talk)).split("?jwt=")[1])
    assert claims["context"]["user"] == {
        "id": "citizen",
        "name": "Karen",
        "moderator": "false",
        "affiliation": "member",
    }
    assert "karen@example.dk" not in str(claims)


@pytest.mark.django_db
def test_every_value_in_the_token_is_a_string_or_a_time_and_none_is_null_even_without_a_display_name(talk, vera):
    vera.display_name = ""
    with time_machine.travel(talk.starts_at, tick=False):
        claims = decode(jitsi.room_token(booking=talk, user=vera))
    leaves = dict(walk(claims))
    assert leaves["claims.context.user.name"] == ""
    for path, value in leaves.items():
        if path in ("claims.nbf", "claims.exp", "claims.iat"):
            assert isinstance(value, int), path
        else:
            assert isinstance(value, str), path


@pytest.mark.django_db
def test_the_token_is_valid_from_ten_minutes_before_the_start_to_the_end_and_not_a_second_outside(talk, vera):
    opens = talk.starts_at - datetime.timedelta(minutes=10)
    with time_machine.travel(opens, tick=False):
        token = jitsi.room_token(booking=talk, user=vera)
        assert decode(token)["room"] == talk.room
    # One second before nbf (iat is the moment of issue, so PyJWT would refuse on iat alone: leave that out).
    with (
        time_machine.travel(opens - datetime.timedelta(seconds=1), tick=False),
        pytest.raises(jwt.ImmatureSignatureError, match="nbf"),
    ):
        decode(token, options={"verify_iat": False})
    with time_machine.travel(talk.ends_at - datetime.timedelta(seconds=1), tick=False):
        assert decode(token)["exp"] == int(talk.ends_at.timestamp())
    with (
        time_machine.travel(talk.ends_at + datetime.timedelta(seconds=1), tick=False),
        pytest.raises(jwt.ExpiredSignatureError),
    ):
        decode(token)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("moment", "message"),
    [
        (lambda b: b.starts_at - datetime.timedelta(minutes=11), "not_yet"),
        (lambda b: b.ends_at, "over"),
        (lambda b: b.ends_at + datetime.timedelta(days=1), "over"),
    ],
)
def test_outside_the_window_there_is_no_token_and_the_page_says_why(client, talk, vera, moment, message):
    with time_machine.travel(moment(talk), tick=False):
        with pytest.raises(SammenError) as refused:
            jitsi.room_token(booking=talk, user=vera)
        response = page(client, vera, talk)
    assert response.status_code == 200
    assert "jwt=" not in response.content.decode()
    assert str(refused.value) == str(jitsi.ERRORS[message]) % ({"opens": "18.50"} if message == "not_yet" else {})
    if message == "not_yet":
        assert says(response, "Linket til videosamtalen kommer her 10 minutter før samtalen, kl. 18.50.")
    else:
        assert says(response, "The talk is over.")


@pytest.mark.django_db
def test_a_cancelled_talk_and_a_stranger_get_no_token(client, talk, vera, ole_in_kolding):
    with time_machine.travel(talk.starts_at, tick=False):
        with pytest.raises(SammenError):
            jitsi.room_token(booking=talk, user=ole_in_kolding)
        talk.status = BookingStatus.CANCELLED
        talk.cancel_reason = "Jeg er syg"
        talk.cancelled_by = talk.volunteer_user
        talk.save()
        with pytest.raises(SammenError):
            jitsi.room_token(booking=talk, user=vera)
        response = page(client, talk.citizen, talk)
    assert "jwt=" not in response.content.decode()
    assert says(response, "This talk has been cancelled.")
    assert says(response, "Jeg er syg")


@pytest.mark.django_db
@pytest.mark.parametrize("secret", ["", "x" * 31, "æ" * 15 + "x"])
def test_a_secret_under_32_bytes_is_refused_and_the_page_says_so_instead_of_failing(
    client, settings, talk, vera, secret
):
    settings.SAMMEN_JITSI_SECRET = secret
    with time_machine.travel(talk.starts_at, tick=False):
        with pytest.raises(ImproperlyConfigured):
            jitsi.room_token(booking=talk, user=vera)
        response = page(client, vera, talk)
    assert response.status_code == 200
    assert "jwt=" not in response.content.decode()
    assert says(response, "Videosamtalen kan ikke startes lige nu på grund af en fejl på Sammen.")


@pytest.mark.django_db
def test_a_32_byte_secret_is_enough(settings, talk, vera):
    settings.SAMMEN_JITSI_SECRET = "æ" * 16  # 16 characters, 32 bytes
    with time_machine.travel(talk.starts_at, tick=False):
        token = jitsi.room_token(booking=talk, user=vera)
        assert jwt.decode(token, "æ" * 16, algorithms=["HS256"], audience="jitsi")["room"] == talk.room


@pytest.mark.django_db
def test_a_server_with_a_tenant_puts_the_tenant_in_sub(settings, talk, vera):
    settings.SAMMEN_JITSI_URL = "https://video.kommune.dk/Sammen/"
    with time_machine.travel(talk.starts_at, tick=False):
        token = jitsi.room_token(booking=talk, user=vera)
        assert decode(token)["sub"] == "sammen"
    assert jitsi.room_url(talk, token).startswith(f"https://video.kommune.dk/Sammen/{talk.room}?jwt=")


@pytest.mark.django_db
def test_a_docker_jitsi_server_gets_its_internal_xmpp_domain_as_sub(settings, talk, vera):
    settings.SAMMEN_JITSI_SUBJECT = "meet.jitsi"
    with time_machine.travel(talk.starts_at, tick=False):
        assert decode(jitsi.room_token(booking=talk, user=vera))["sub"] == "meet.jitsi"


@pytest.mark.django_db
def test_without_a_video_server_the_demo_shows_the_link_it_would_open_on_a_placeholder_host(
    client, settings, talk, karen_in_herning
):
    settings.SAMMEN_JITSI_URL = ""
    with time_machine.travel(talk.starts_at, tick=False):
        response = page(client, karen_in_herning, talk)
        link = video_link(response)
        claims = decode(link.split("?jwt=")[1])
    assert link.startswith(f"https://meet.example.invalid/{talk.room}?jwt=")
    assert claims["sub"] == "*"
    assert says(response, "Der er ikke sat nogen videoserver op (demo)")


# --- Who sees the page, and what it says ---------------------------------------------------------------------


@pytest.mark.django_db
def test_only_the_citizen_and_the_volunteer_see_the_talk_page(
    client, talk, vera, karen_in_herning, ole_in_kolding, coordinator_in_herning
):
    url = reverse("talks:talk", args=[talk.pk])
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and reverse("account_login") in anonymous["Location"]
    assert page(client, karen_in_herning, talk).status_code == 200
    assert page(client, vera, talk).status_code == 200
    assert page(client, ole_in_kolding, talk).status_code == 404
    client.logout()
    log_in_with_second_factor(client, coordinator_in_herning)
    assert client.get(url).status_code == 404
    client.force_login(karen_in_herning)
    assert client.get(reverse("talks:talk", args=[talk.pk + 1000])).status_code == 404
    assert client.get("/snak/samtale/99999999999999999999999/").status_code == 404


@pytest.mark.django_db
def test_the_page_tells_when_in_copenhagen_time_with_whom_how_what_about_and_where_to_get_help(
    client, talk, karen_in_herning, vera
):
    with time_machine.travel(talk.starts_at - datetime.timedelta(days=1), tick=False):
        citizen_page = page(client, karen_in_herning, talk)
        volunteer_page = page(client, vera, talk)
    assert_accessible_markup(citizen_page)
    assert_accessible_markup(volunteer_page)
    text = citizen_page.content.decode()
    assert "19.00–19.15" in text
    assert text.count("<h1") == 1 and "Vera" in text
    assert says(citizen_page, TalkChannel.VIDEO.label)
    assert "Haven og foråret" in text
    assert says(citizen_page, "ikke terapi") and "70 201 201" in text and 'href="tel:112"' in text
    assert "Karen" in volunteer_page.content.decode() and "Haven og foråret" in volunteer_page.content.decode()


@pytest.mark.django_db
def test_cancel_before_the_start_settle_for_the_volunteer_after_it(client, talk, karen_in_herning, vera):
    cancel = reverse("talks:cancel", args=[talk.pk])
    settle = reverse("talks:settle", args=[talk.pk])
    with time_machine.travel(talk.starts_at - datetime.timedelta(hours=1), tick=False):
        before_citizen, before_volunteer = page(client, karen_in_herning, talk), page(client, vera, talk)
    with time_machine.travel(talk.starts_at + datetime.timedelta(minutes=1), tick=False):
        during_citizen, during_volunteer = page(client, karen_in_herning, talk), page(client, vera, talk)
    for response in (before_citizen, before_volunteer, during_citizen, during_volunteer):
        assert_accessible_markup(response)
    assert cancel in before_citizen.content.decode() and cancel in before_volunteer.content.decode()
    assert settle not in before_volunteer.content.decode()
    assert cancel not in during_citizen.content.decode() and cancel not in during_volunteer.content.decode()
    assert settle in during_volunteer.content.decode() and settle not in during_citizen.content.decode()
    assert 'name="outcome" value="held"' in during_volunteer.content.decode()
    assert 'name="outcome" value="no_show"' in during_volunteer.content.decode()


# --- The phone number ----------------------------------------------------------------------------------------


def phone_readings(booking):
    return AuditEntry.objects.filter(action="talks.phone_number.viewed", object_id=str(booking.pk))


@pytest.mark.django_db
def test_the_volunteer_sees_the_citizens_number_only_in_the_window_and_every_showing_is_logged(
    client, phone_talk, vera, karen_in_herning
):
    for moment in (phone_talk.starts_at - datetime.timedelta(minutes=11), phone_talk.ends_at):
        with time_machine.travel(moment, tick=False):
            response = page(client, vera, phone_talk)
        assert "20 30 40 50" not in response.content.decode() and "4520304050" not in response.content.decode()
    assert not phone_readings(phone_talk).exists()

    with time_machine.travel(phone_talk.starts_at - datetime.timedelta(minutes=10), tick=False):
        response = page(client, vera, phone_talk)
        reload = client.get(reverse("talks:talk", args=[phone_talk.pk]))
    assert_accessible_markup(response)
    assert 'href="tel:+4520304050"' in response.content.decode() and "20 30 40 50" in response.content.decode()
    assert "20 30 40 50" in reload.content.decode()
    readings = list(phone_readings(phone_talk))
    assert len(readings) == 2
    assert {(r.actor_id, r.data_subject_id, r.object_type) for r in readings} == {
        (vera.pk, karen_in_herning.pk, "talks.booking")
    }
    assert readings[0].municipality_id == karen_in_herning.municipality_id

    with time_machine.travel(phone_talk.ends_at + datetime.timedelta(minutes=1), tick=False):
        after = page(client, vera, phone_talk)
    assert "20 30 40 50" not in after.content.decode()
    assert phone_readings(phone_talk).count() == 2


@pytest.mark.django_db
def test_the_citizen_never_sees_the_volunteers_number(client, phone_talk, karen_in_herning):
    for moment in (
        phone_talk.starts_at - datetime.timedelta(hours=1),
        phone_talk.starts_at,
        phone_talk.ends_at + datetime.timedelta(hours=1),
    ):
        with time_machine.travel(moment, tick=False):
            response = page(client, karen_in_herning, phone_talk)
        assert "60 70 80 90" not in response.content.decode() and "4560708090" not in response.content.decode()
    assert not phone_readings(phone_talk).exists()


@pytest.mark.django_db
def test_a_video_talk_shows_no_phone_number_even_in_the_window(client, talk, vera, karen_in_herning):
    with_mobile(karen_in_herning, "+4520304050")
    with time_machine.travel(talk.starts_at, tick=False):
        response = page(client, vera, talk)
    assert "20 30 40 50" not in response.content.decode()
    assert not phone_readings(talk).exists()


@pytest.mark.django_db
def test_a_citizen_who_removed_her_number_cannot_be_called_and_nothing_is_logged(
    client, phone_talk, vera, karen_in_herning
):
    karen_in_herning.phone_number = ""
    karen_in_herning.save()
    with time_machine.travel(phone_talk.starts_at, tick=False):
        response = page(client, vera, phone_talk)
    assert says(response, "har fjernet sit telefonnummer fra Sammen")
    assert not phone_readings(phone_talk).exists()


# --- Rating and reporting ------------------------------------------------------------------------------------


def rate(client, person, booking, **data):
    client.force_login(person)
    return client.post(reverse("talks:rate", args=[booking.pk]), data)


@pytest.mark.django_db
def test_after_the_talk_each_side_rates_it_once(client, talk, karen_in_herning, vera):
    with time_machine.travel(talk.ends_at + datetime.timedelta(minutes=5), tick=False):
        form_page = page(client, karen_in_herning, talk)
        assert_accessible_markup(form_page)
        assert "<fieldset" in form_page.content.decode() and says(form_page, "How was the talk?")
        assert form_page.content.decode().count('type="radio" name="stars"') == 5
        assert rate(client, karen_in_herning, talk, stars="4", comment="Rar snak").status_code == 302
        again = rate(client, karen_in_herning, talk, stars="1", comment="")
        shown = client.get(reverse("talks:talk", args=[talk.pk]))
        assert rate(client, vera, talk, stars="5").status_code == 302
        with pytest.raises(SammenError) as refused:
            room.rate_talk(by=karen_in_herning, booking=talk, stars=3)
    assert str(refused.value) == str(room.ERRORS["already_rated"])
    assert again.status_code == 302
    ratings = {rating.by_id: (rating.stars, rating.comment) for rating in Rating.objects.filter(booking=talk)}
    assert ratings == {karen_in_herning.pk: (4, "Rar snak"), vera.pk: (5, "")}
    assert says(shown, "Du gav samtalen 4 stjerner.")
    assert 'name="stars"' not in shown.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("setup", "data", "message"),
    [
        ("before_end", {"stars": "4"}, room.ERRORS["not_over"]),
        ("cancelled", {"stars": "4"}, room.ERRORS["not_held"]),
        ("no_show", {"stars": "4"}, room.ERRORS["not_held"]),
    ],
)
def test_a_talk_not_over_or_not_held_cannot_be_rated(client, talk, karen_in_herning, setup, data, message):
    moment = talk.ends_at - datetime.timedelta(minutes=1) if setup == "before_end" else talk.ends_at
    if setup in ("cancelled", "no_show"):
        talk.status = BookingStatus.CANCELLED if setup == "cancelled" else BookingStatus.NO_SHOW
        talk.save()
    with time_machine.travel(moment, tick=False):
        response = rate(client, karen_in_herning, talk, **data)
        with pytest.raises(SammenError) as refused:
            room.rate_talk(by=karen_in_herning, booking=talk, stars=4)
        shown = client.get(reverse("talks:talk", args=[talk.pk]))
    assert response.status_code == 302
    assert str(refused.value) == str(message)
    assert 'name="stars"' not in shown.content.decode()
    assert not Rating.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"stars": "9"}, "Choose from 1 to 5 stars."),
        ({}, "Choose from 1 to 5 stars."),
        ({"stars": "3", "comment": "Mit cpr er 010150-1234"}, TEXT_POLICY["cpr"]),
        ({"stars": "3", "comment": "nul\x00tegn"}, None),
        ({"stars": "3", "comment": "x" * 501}, "Skriv højst 500 tegn i kommentaren."),
    ],
)
def test_a_bad_rating_gets_a_message_keeps_what_was_typed_and_saves_nothing(
    client, talk, karen_in_herning, data, message
):
    with time_machine.travel(talk.ends_at, tick=False):
        response = rate(client, karen_in_herning, talk, **data)
    assert response.status_code == 200
    assert 'class="form-error-message"' in response.content.decode()
    assert_accessible_markup(response)
    if message:
        assert says(response, message)
    if data.get("comment") and "\x00" not in data["comment"]:
        assert escape(data["comment"]) in response.content.decode()
    assert not Rating.objects.exists()


@pytest.mark.django_db
def test_a_stranger_cannot_rate_and_nobody_rates_by_get(client, talk, ole_in_kolding, karen_in_herning):
    with time_machine.travel(talk.ends_at, tick=False):
        assert rate(client, ole_in_kolding, talk, stars="5").status_code == 404
        client.force_login(karen_in_herning)
        assert client.get(reverse("talks:rate", args=[talk.pk])).status_code == 405
    assert not Rating.objects.exists()


@pytest.mark.django_db
def test_either_side_can_report_the_other_through_the_moderation_flow(client, talk, karen_in_herning, vera):
    report_url = reverse("moderation:report_user", args=[vera.pk])
    with time_machine.travel(talk.ends_at, tick=False):
        response = page(client, karen_in_herning, talk)
        assert report_url in response.content.decode()
        assert client.get(report_url).status_code == 200
        client.post(report_url, {"reason": "other", "text": "Hun var ubehagelig"})
        assert (
            reverse("moderation:report_user", args=[karen_in_herning.pk]) in page(client, vera, talk).content.decode()
        )
    report = Report.objects.get()
    assert (report.reporter, report.reported_user) == (karen_in_herning, vera)
