"""Booked talks: a volunteer offers times (once or weekly, in Danish time across the clock changes), a citizen
finds and books one (exactly once, even when twenty press at the same moment), both are told by e-mail and SMS,
reminded once, and either side cancels; the volunteer marks the talk; a volunteer who stops has their future
talks cancelled."""

import datetime
import html
import threading
import time
import urllib.request

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import connection, connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.crypto import get_random_string

from sammen.audit.models import AuditEntry
from sammen.core import locking
from sammen.core.calendar import COPENHAGEN
from sammen.core.errors import SammenError
from sammen.notifications.models import OutboxMessage
from sammen.notifications.sms import backends as sms_backends
from sammen.talks import queries, services
from sammen.talks.models import Booking, BookingStatus, Slot, SlotSeries, SlotStatus, TimeOfDay, UnmetSearch
from sammen.talks.services import ERRORS
from sammen.volunteering.models import TalkChannel, VolunteerProfile, VolunteerStatus
from sammen.volunteering.signals import volunteer_stopped
from tests.factories import BlockFactory, UserFactory, citizen, municipality, with_mobile
from tests.factories.talks import BookingFactory, SlotFactory, a_booking, a_free_slot, next_week_at
from tests.factories.volunteering import ProgrammeFactory, language_programme, volunteer

pytestmark = pytest.mark.django_db


def message(key: str, **params) -> str:
    """A service's message as the person reads it (in the active language, whatever the translation says)."""
    text = str(ERRORS[key])
    return text % params if params else text


def on_page(text: str) -> str:
    return html.escape(text)


def copenhagen(year, month, day, hour=19, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=COPENHAGEN)


@pytest.fixture
def snak():
    """ "Snak sammen": 15-minute talks by video or phone, bookable by people aged 15 and over, three at a time."""
    return ProgrammeFactory()


@pytest.fixture
def frida(kolding, snak):
    """Frida in Kolding, an active volunteer in "Snak sammen" who speaks Danish and English."""
    return volunteer(citizen("Kolding", display_name="Frida", email="frida@example.dk"), snak)


def frida_offers(frida, day: datetime.date, hour: int = 19, **kwargs) -> list[Slot]:
    return services.add_slots(
        by=frida.user,
        volunteer=frida,
        day=day,
        starts=datetime.time(hour),
        channels=kwargs.pop("channels", [TalkChannel.VIDEO, TalkChannel.PHONE]),
        **kwargs,
    )


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


# --- Offering time ----------------------------------------------------------------------------------------------


def test_a_one_off_time_is_stored_in_utc_with_its_danish_weekday_hour_and_the_volunteers_languages(frida):
    with time_machine.travel(copenhagen(2026, 12, 2, 9), tick=False):
        (slot,) = frida_offers(frida, datetime.date(2026, 12, 15), hour=19)
    assert slot.starts_at == datetime.datetime(2026, 12, 15, 18, 0, tzinfo=datetime.UTC)
    assert slot.ends_at - slot.starts_at == datetime.timedelta(minutes=15)
    assert (slot.local_weekday, slot.local_hour) == (1, 19)  # Tuesday, 19 o'clock in Copenhagen
    assert slot.languages == " da en "
    assert slot.channels == ["video", "phone"]
    assert (slot.programme, slot.volunteer_user, slot.status) == (frida.programme, frida.user, SlotStatus.FREE)
    assert slot.series is None
    assert AuditEntry.objects.filter(action="talks.slots.added", actor_id=frida.user.pk).exists()


def test_a_slot_always_lasts_the_programmes_talk_length(kolding):
    """ "A slot shorter than the programme's talk length" cannot be made: the length is not the volunteer's to
    choose, it is the programme's (30 minutes for Sprogven)."""
    sprogven = volunteer(citizen("Kolding"), language_programme())
    (slot,) = services.add_slots(
        by=sprogven.user, volunteer=sprogven, day=in_days(3), starts=datetime.time(10), channels=["video"]
    )
    assert slot.ends_at - slot.starts_at == datetime.timedelta(minutes=30)


def test_a_weekly_time_keeps_its_danish_clock_time_when_summer_time_begins_and_ends(frida):
    with time_machine.travel(copenhagen(2027, 3, 1, 9), tick=False):
        spring = frida_offers(frida, datetime.date(2027, 3, 16), weekly_until=datetime.date(2027, 4, 6))
        autumn = frida_offers(frida, datetime.date(2027, 10, 19), weekly_until=datetime.date(2027, 11, 2))
    assert [s.starts_at.astimezone(datetime.UTC).hour for s in spring] == [18, 18, 17, 17]
    assert [s.starts_at.astimezone(datetime.UTC).hour for s in autumn] == [17, 17, 18]
    for slot in spring + autumn:
        assert slot.starts_at.astimezone(COPENHAGEN).time() == datetime.time(19)
        assert (slot.local_weekday, slot.local_hour) == (1, 19)
        assert slot.ends_at - slot.starts_at == datetime.timedelta(minutes=15)
    series = SlotSeries.objects.get(slots=spring[0])
    assert (series.first_day, series.repeat_until, series.starts) == (
        datetime.date(2027, 3, 16),
        datetime.date(2027, 4, 6),
        datetime.time(19),
    )
    assert {s.series_id for s in spring} == {series.pk}


def test_a_weekly_time_may_reach_a_year_ahead(frida):
    day = in_days(1)
    slots = frida_offers(frida, day, weekly_until=day + datetime.timedelta(weeks=52))
    assert len(slots) == services.MAX_WEEKLY_DATES == 53


def _paused(frida):
    frida.status = VolunteerStatus.PAUSED
    frida.save()


@pytest.mark.parametrize(
    ("case", "key", "field"),
    [
        ("past", "in_past", "day"),
        ("missing_hour", "no_such_time", "starts"),
        ("missing_hour_in_series", "no_such_time", "starts"),
        ("overlap_other_programme", "overlap", "starts"),
        ("overlap_later_date_of_series", "overlap", "starts"),
        ("channel_not_offered", "channel_not_offered", "channels"),
        ("no_channel", "no_channel", "channels"),
        ("too_long", "series_too_long", "weekly_until"),
        ("until_before_start", "until_before_start", "weekly_until"),
        ("paused", VolunteerStatus.PAUSED, None),
        ("awaiting", VolunteerStatus.AWAITING_APPROVAL, None),
        ("onboarding", VolunteerStatus.ONBOARDING, None),
        ("left", VolunteerStatus.LEFT, None),
        ("someone_else", "not_yours", None),
    ],
)
def test_bad_times_get_their_own_message_and_change_nothing(frida, kolding, case, key, field):
    with time_machine.travel(copenhagen(2027, 3, 1, 9), tick=False):
        by, day, hour, kwargs = frida.user, datetime.date(2027, 3, 10), 19, {}
        params = {}
        if case == "past":
            day = datetime.date(2027, 2, 28)
        if case == "missing_hour":
            day, hour = datetime.date(2027, 3, 28), 2
            params = {"day": "28-03-2027", "time": "02.00"}
        if case == "missing_hour_in_series":
            day, hour, kwargs = datetime.date(2027, 3, 14), 2, {"weekly_until": datetime.date(2027, 4, 4)}
            params = {"day": "28-03-2027", "time": "02.00"}
        if case == "overlap_other_programme":
            sprogven = volunteer(frida.user, language_programme())
            taken = services.add_slots(
                by=frida.user, volunteer=sprogven, day=day, starts=datetime.time(18, 50), channels=["video"]
            )
            params = {"when": services.local_when(copenhagen(2027, 3, 10, 19))}
        if case == "overlap_later_date_of_series":
            frida_offers(frida, datetime.date(2027, 3, 24), hour=19)
            kwargs = {"weekly_until": datetime.date(2027, 4, 7)}
            params = {"when": services.local_when(copenhagen(2027, 3, 24, 19))}
        if case == "channel_not_offered":
            frida.programme.channels = ["video"]
            frida.programme.save()
            params = {"programme": frida.programme.name, "channel": str(TalkChannel.PHONE.label).lower()}
        if case == "no_channel":
            kwargs = {"channels": []}
        if case == "too_long":
            kwargs = {"weekly_until": day + datetime.timedelta(weeks=53)}
            params = {"limit": 53, "last": (day + datetime.timedelta(weeks=52)).strftime("%d-%m-%Y")}
        if case == "until_before_start":
            kwargs = {"weekly_until": day - datetime.timedelta(days=1)}
        if case in ("paused", "awaiting", "onboarding", "left"):
            frida.status = key
            frida.save()
            params = {"programme": frida.programme.name}
        if case == "someone_else":
            by = citizen("Kolding")
        before = Slot.objects.count()
        with pytest.raises(SammenError) as error:
            services.add_slots(
                by=by,
                volunteer=frida,
                day=day,
                starts=datetime.time(hour),
                channels=kwargs.pop("channels", ["video", "phone"]),
                **kwargs,
            )
    assert str(error.value) == message(key, **params)
    assert getattr(error.value, "field", None) == field
    assert Slot.objects.count() == before
    if case == "overlap_other_programme":
        assert taken[0].programme != frida.programme


def test_a_volunteer_who_adds_a_language_is_found_by_it_in_their_future_times(frida):
    (slot,) = frida_offers(frida, in_days(3))
    profile = frida.user.volunteer_profile
    profile.languages = [*profile.languages, {"code": "uk", "level": "good"}]
    profile.save()
    assert Slot.objects.get(pk=slot.pk).languages == " da en uk "
    assert [s.pk for s in queries.free_slots(programme=frida.programme, language="uk")] == [slot.pk]


def test_a_volunteer_withdraws_a_free_time_but_not_a_booked_one(frida):
    free, booked = frida_offers(frida, in_days(3)), a_booking(slot=a_free_slot(frida, starts_at=next_week_at(20)))
    services.withdraw_slot(by=frida.user, slot=free[0])
    assert Slot.objects.get(pk=free[0].pk).status == SlotStatus.WITHDRAWN
    with pytest.raises(SammenError) as error:
        services.withdraw_slot(by=frida.user, slot=booked.slot)
    assert str(error.value) == message("withdraw_booked")
    assert Slot.objects.get(pk=booked.slot_id).status == SlotStatus.BOOKED
    with pytest.raises(SammenError):
        services.withdraw_slot(by=citizen("Kolding"), slot=free[0])


def test_the_volunteer_publishes_a_weekly_evening_time_on_their_page(client, frida):
    client.force_login(frida.user)
    day = in_days(2)
    response = client.post(
        "/snak/mine-tider/",
        {
            "volunteer": frida.pk,
            "day": day.isoformat(),
            "starts": "19:00",
            "channels": ["video", "phone"],
            "repeat": "weekly",
            "weekly_until": (day + datetime.timedelta(weeks=3)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert Slot.objects.filter(volunteer=frida, status=SlotStatus.FREE).count() == 4
    page = client.get("/snak/mine-tider/").content.decode()
    assert page.count('action="/snak/mine-tider/') == 4  # each with its own "withdraw" button


def test_a_refused_time_keeps_what_the_volunteer_typed(client, frida):
    with time_machine.travel(copenhagen(2027, 3, 1, 9), tick=False):
        client.force_login(frida.user)
        response = client.post(
            "/snak/mine-tider/",
            {"volunteer": frida.pk, "day": "2027-03-28", "starts": "02:30", "channels": ["video"], "repeat": "once"},
        )
    assert response.status_code == 200
    page = response.content.decode()
    assert on_page(message("no_such_time", day="28-03-2027", time="02.30")) in page
    assert 'value="2027-03-28"' in page and 'value="02:30"' in page
    assert not Slot.objects.exists()


def test_someone_who_is_not_an_active_volunteer_is_told_how_to_become_one(client, karen_in_herning):
    client.force_login(karen_in_herning)
    response = client.get("/snak/mine-tider/")
    assert response.status_code == 200
    assert response.context["form"] is None
    assert 'href="/frivillig/"' in response.content.decode()


# --- Finding a free time ----------------------------------------------------------------------------------------


def test_the_search_finds_free_times_by_day_weekday_time_of_day_language_and_channel(snak, kolding, herning):
    anna = volunteer(citizen("Kolding", display_name="Anna"), snak)
    profile = VolunteerProfile.objects.get(user=anna.user)
    profile.languages = [{"code": "uk", "level": "native"}]
    profile.save()
    anna.user.volunteer_profile = profile
    monday_morning = a_free_slot(starts_at=copenhagen(2027, 1, 11, 9), programme=snak)
    tuesday_evening = a_free_slot(starts_at=copenhagen(2027, 1, 12, 19), programme=snak, channels=["phone"])
    ukrainian = a_free_slot(anna, starts_at=copenhagen(2027, 1, 13, 14))
    with time_machine.travel(copenhagen(2027, 1, 4, 12), tick=False):

        def found(**filters):
            return [slot.pk for slot in queries.free_slots(programme=snak, **filters)]

        assert found() == [monday_morning.pk, tuesday_evening.pk, ukrainian.pk]
        assert found(day=datetime.date(2027, 1, 12)) == [tuesday_evening.pk]
        assert found(weekday=0) == [monday_morning.pk]
        assert found(time_of_day=TimeOfDay.MORNING) == [monday_morning.pk]
        assert found(time_of_day=TimeOfDay.AFTERNOON) == [ukrainian.pk]
        assert found(time_of_day=TimeOfDay.EVENING) == [tuesday_evening.pk]
        assert found(language="uk") == [ukrainian.pk]
        assert found(language="en") == [monday_morning.pk, tuesday_evening.pk]
        assert found(channel=TalkChannel.PHONE) == [monday_morning.pk, tuesday_evening.pk, ukrainian.pk]
        assert found(channel=TalkChannel.VIDEO) == [monday_morning.pk, ukrainian.pk]
        assert found(limit=1) == [monday_morning.pk]


def test_the_search_leaves_out_what_cannot_be_booked(snak, kolding, karen_in_herning):
    shown = a_free_slot(programme=snak)
    a_booking(slot=a_free_slot(programme=snak))
    a_free_slot(programme=snak, status=SlotStatus.WITHDRAWN)
    a_free_slot(programme=snak, starts_at=timezone.now() + datetime.timedelta(minutes=9))
    a_free_slot(volunteer(programme=snak, status=VolunteerStatus.PAUSED))
    a_free_slot(programme=ProgrammeFactory())  # another programme
    a_free_slot(volunteer(karen_in_herning, snak))  # Karen's own time
    blocked_by_karen, blocking_karen = a_free_slot(programme=snak), a_free_slot(programme=snak)
    BlockFactory(blocker=karen_in_herning, blocked=blocked_by_karen.volunteer_user)
    BlockFactory(blocker=blocking_karen.volunteer_user, blocked=karen_in_herning)
    assert [s.pk for s in queries.free_slots(programme=snak, viewer=karen_in_herning)] == [shown.pk]


def test_the_list_shows_each_volunteer_with_presentation_languages_time_and_a_book_link(client, frida, herning):
    karen = citizen("Herning")
    slot = a_free_slot(frida, starts_at=next_week_at(19))
    client.force_login(karen)
    page = client.get(f"/snak/{frida.programme.slug}/").content.decode()
    assert "Frida" in page
    assert on_page("Pensioneret lærer fra Vejle") in page
    assert f'href="/snak/tid/{slot.pk}/"' in page
    assert "19.00–19.15" in page
    assert "Livslinien" in page and "70 201 201" in page and "112" in page
    for name in ("dag", "ugedag", "tid", "kanal"):
        assert f'name="{name}"' in page
    assert 'name="sprog"' not in page  # only language friends choose a language


def test_language_friends_filter_by_language(client, kolding, herning):
    sprogven = language_programme()
    slot = a_free_slot(volunteer(citizen("Kolding"), sprogven))
    client.force_login(citizen("Herning"))
    page = client.get(f"/snak/{sprogven.slug}/", {"sprog": "en"}).content.decode()
    assert 'name="sprog"' in page and f'href="/snak/tid/{slot.pk}/"' in page
    assert client.get(f"/snak/{sprogven.slug}/", {"sprog": "ar"}).context["slots"] == []


def test_a_search_that_found_nothing_is_counted_once_per_session_without_identity(client, frida, herning):
    karen = citizen("Herning")
    other = a_free_slot(frida, starts_at=next_week_at(19))
    client.force_login(karen)
    path = f"/snak/{frida.programme.slug}/"
    response = client.get(path, {"ugedag": "mandag", "tid": "formiddag", "kanal": "telefon"})
    client.get(path, {"ugedag": "mandag", "tid": "formiddag", "kanal": "telefon"})
    assert response.context["slots"] == []
    assert [s.pk for s in response.context["other_times"]] == [other.pk]  # suggests other times
    unmet = UnmetSearch.objects.get()
    assert (unmet.programme, unmet.municipality, unmet.weekday, unmet.time_of_day, unmet.channel) == (
        frida.programme,
        karen.municipality,
        0,
        "morning",
        "phone",
    )
    assert {f.name for f in UnmetSearch._meta.get_fields()}.isdisjoint({"user", "citizen", "session"})
    client.get(path, {"ugedag": "tirsdag", "tid": "formiddag"})
    assert UnmetSearch.objects.count() == 2


def test_a_bad_filter_is_shown_with_its_message_and_the_rest_still_searches(client, frida, herning):
    a_free_slot(frida)
    client.force_login(citizen("Herning"))
    response = client.get(f"/snak/{frida.programme.slug}/", {"dag": "9999-01-01", "ugedag": "blursdag"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"dag", "ugedag"}
    assert len(response.context["slots"]) == 1


# --- Booking ----------------------------------------------------------------------------------------------------


def test_booking_tells_both_sides_by_email_and_sms_in_danish_time(frida, herning, django_capture_on_commit_callbacks):
    karen = with_mobile(citizen("Herning", display_name="Karen"), "+4520304050")
    with_mobile(frida.user, "+4560708090")
    with time_machine.travel(copenhagen(2026, 12, 2, 9), tick=False):
        slot = a_free_slot(frida, starts_at=copenhagen(2026, 12, 15, 19))
        with django_capture_on_commit_callbacks(execute=True):
            booking = services.book(citizen=karen, slot=slot, channel="video", note="Haven og vinteren")
    assert (booking.volunteer_user, booking.programme, booking.citizen_municipality) == (
        frida.user,
        frida.programme,
        karen.municipality,
    )
    assert (booking.starts_at, booking.ends_at, booking.note) == (slot.starts_at, slot.ends_at, "Haven og vinteren")
    assert Slot.objects.get(pk=slot.pk).status == SlotStatus.BOOKED
    link = f"{settings.SAMMEN_BASE_URL.rstrip('/')}/snak/samtale/{booking.pk}/"
    mails = {message.to[0]: message for message in mail.outbox}
    assert set(mails) == {karen.email, frida.user.email}
    for mail_message in mails.values():
        assert "15. december 2026" in mail_message.body and "19.00" in mail_message.body  # 18.00 UTC
        assert link in mail_message.body
    assert "Frida" in mails[karen.email].body
    assert "Livslinien" in mails[karen.email].body and "112" in mails[karen.email].body
    assert "Karen" in mails[frida.user.email].body
    assert "Haven og vinteren" not in mails[frida.user.email].body  # the note stays on Sammen
    texts = {sms["to"]: sms["body"] for sms in sms_backends.outbox}
    assert set(texts) == {"+4520304050", "+4560708090"}
    assert all("19.00" in body and link in body for body in texts.values())
    assert AuditEntry.objects.filter(action="talks.booking.booked", actor_id=karen.pk).exists()


def test_the_confirmation_is_in_the_recipients_language(frida, herning, django_capture_on_commit_callbacks):
    karen = citizen("Herning", language="en")
    with time_machine.travel(copenhagen(2026, 12, 2, 9), tick=False):
        slot = a_free_slot(frida, starts_at=copenhagen(2026, 12, 15, 19))
        with django_capture_on_commit_callbacks(execute=True):
            services.book(citizen=karen, slot=slot, channel="video")
    english = next(message for message in mail.outbox if message.to == [karen.email])
    assert "Tuesday 15. December 2026" in english.body


def _refusal_setup(case, frida, karen):
    """Prepare the case; return the slot Karen tries and the params of the expected message."""
    slot = a_free_slot(frida, starts_at=next_week_at(19))
    programme = frida.programme
    if case == "not_participating":
        karen.municipality = municipality("Aarhus")
        karen.save()
        return slot, {"municipality": "Aarhus"}
    if case == "no_birth_date":
        karen.date_of_birth = None
        karen.save()
    if case == "too_young":
        karen.date_of_birth = timezone.localdate() - datetime.timedelta(days=14 * 365)
        karen.save()
    if case in ("no_birth_date", "too_young"):
        return slot, {"programme": programme.name, "age": 15}
    if case == "own_slot":
        return a_free_slot(volunteer(karen, programme)), {}
    if case == "channel_not_in_slot":
        return a_free_slot(frida, starts_at=next_week_at(20), channels=["video"]), {
            "channel": services._channel_name("phone")
        }
    if case == "taken":
        a_booking(slot=slot)
        slot.status = SlotStatus.FREE  # as Karen's page showed it a moment ago
    if case == "started":
        Slot.objects.filter(pk=slot.pk).update(starts_at=timezone.now() - datetime.timedelta(minutes=1))
    if case == "too_soon":
        Slot.objects.filter(pk=slot.pk).update(starts_at=timezone.now() + datetime.timedelta(minutes=5))
        return slot, {"minutes": 10}
    if case == "limit":
        for hour in (9, 10, 11):
            a_booking(karen, a_free_slot(programme=programme, starts_at=next_week_at(hour)))
        return slot, {"limit": 3, "programme": programme.name}
    if case == "double_booked":
        a_booking(karen, a_free_slot(programme=ProgrammeFactory(), starts_at=next_week_at(19)))
    if case == "blocked":
        BlockFactory(blocker=frida.user, blocked=karen)
    if case == "paused_volunteer":
        frida.status = VolunteerStatus.PAUSED
        frida.save()
    if case == "withdrawn":
        Slot.objects.filter(pk=slot.pk).update(status=SlotStatus.WITHDRAWN)
    return slot, {}


@pytest.mark.parametrize(
    ("case", "key", "channel", "note"),
    [
        ("not_participating", "not_participating", "video", ""),
        ("no_birth_date", "no_birth_date", "video", ""),
        ("too_young", "too_young", "video", ""),
        ("own_slot", "own_slot", "video", ""),
        ("channel_not_in_slot", "channel_not_in_slot", "phone", ""),
        ("no_phone", "no_phone", "phone", ""),
        ("taken", "taken", "video", ""),
        ("started", "started", "video", ""),
        ("too_soon", "too_soon", "video", ""),
        ("limit", "limit", "video", ""),
        ("double_booked", "double_booked", "video", ""),
        ("blocked", "unavailable", "video", ""),
        ("paused_volunteer", "unavailable", "video", ""),
        ("withdrawn", "unavailable", "video", ""),
        ("cpr_in_note", "cpr", "video", "Mit cpr er 010190-1234"),
        ("note_too_long", "note_too_long", "video", "x" * 501),
    ],
)
def test_bad_bookings_get_their_own_message_and_change_nothing(frida, herning, case, key, channel, note):
    from sammen.access.eligibility import ERRORS as ELIGIBILITY
    from sammen.core.text_policy import MESSAGES as TEXT_POLICY

    karen = citizen("Herning")
    slot, params = _refusal_setup(case, frida, karen)
    before = (Booking.objects.count(), list(Slot.objects.order_by("pk").values_list("status", flat=True)))
    mail.outbox.clear()
    with pytest.raises(SammenError) as error:
        services.book(citizen=karen, slot=slot, channel=channel, note=note)
    if key == "not_participating":
        expected = str(services.BOOKING_WORDING[key]) % params
        assert expected != str(ELIGIBILITY[key]) % params
    elif key == "cpr":
        expected = str(TEXT_POLICY["cpr"])
    elif key == "note_too_long":
        expected = message(key, limit=500)
    else:
        expected = message(key, **params)
    assert str(error.value) == expected
    after = (Booking.objects.count(), list(Slot.objects.order_by("pk").values_list("status", flat=True)))
    assert after == before
    assert mail.outbox == []


def test_the_booking_page_books_and_a_just_taken_time_keeps_the_note(client, frida, herning):
    karen, ole = citizen("Herning"), citizen("Herning")
    slot = a_free_slot(frida)
    client.force_login(karen)
    page = client.get(f"/snak/tid/{slot.pk}/")
    assert page.status_code == 200
    assert 'name="channel"' in page.content.decode() and 'name="note"' in page.content.decode()
    a_booking(ole, slot)  # Ole was quicker
    response = client.post(f"/snak/tid/{slot.pk}/", {"channel": "video", "note": "Om at flytte til byen"})
    assert response.status_code == 200
    content = response.content.decode()
    assert on_page(message("taken")) in content
    assert "Om at flytte til byen" in content
    assert f'href="/snak/{frida.programme.slug}/"' in content
    assert not Booking.objects.filter(citizen=karen).exists()

    other = a_free_slot(frida, starts_at=next_week_at(20))
    response = client.post(f"/snak/tid/{other.pk}/", {"channel": "video", "note": "Om at flytte til byen"})
    assert (response.status_code, response["Location"]) == (302, "/snak/mine/")
    assert Booking.objects.get(citizen=karen).note == "Om at flytte til byen"


def test_phone_talks_need_the_citizens_number(client, frida, herning):
    karen = citizen("Herning")
    slot = a_free_slot(frida)
    client.force_login(karen)
    response = client.post(f"/snak/tid/{slot.pk}/", {"channel": "phone"})
    assert on_page(message("no_phone")) in response.content.decode()
    with_mobile(karen)
    assert client.post(f"/snak/tid/{slot.pk}/", {"channel": "phone"}).status_code == 302
    assert Booking.objects.get(citizen=karen).channel == TalkChannel.PHONE


# --- Cancelling and settling ------------------------------------------------------------------------------------


def test_the_citizen_cancels_and_the_volunteer_is_told_and_the_time_is_free_again(
    client, frida, herning, django_capture_on_commit_callbacks
):
    booking = a_booking(with_mobile(citizen("Herning", display_name="Karen")), a_free_slot(frida))
    with_mobile(frida.user, "+4560708090")
    client.force_login(booking.citizen)
    assert client.get(f"/snak/samtale/{booking.pk}/aflys/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/snak/samtale/{booking.pk}/aflys/", {"reason": "Jeg skal til lægen"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert (booking.status, booking.cancelled_by, booking.cancel_reason) == (
        BookingStatus.CANCELLED,
        booking.citizen,
        "Jeg skal til lægen",
    )
    assert Slot.objects.get(pk=booking.slot_id).status == SlotStatus.FREE
    assert [m.to for m in mail.outbox] == [[frida.user.email]]
    assert "Jeg skal til lægen" in mail.outbox[0].body and "Karen" in mail.outbox[0].body
    assert [sms["to"] for sms in sms_backends.outbox] == ["+4560708090"]
    assert "Jeg skal til lægen" in sms_backends.outbox[0]["body"]


def test_the_volunteer_cancels_and_the_citizen_is_told_and_the_time_is_withdrawn(
    frida, herning, django_capture_on_commit_callbacks
):
    booking = a_booking(with_mobile(citizen("Herning")), a_free_slot(frida))
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_booking(by=frida.user, booking=booking, reason="Jeg er syg")
    assert Slot.objects.get(pk=booking.slot_id).status == SlotStatus.WITHDRAWN
    assert [m.to for m in mail.outbox] == [[booking.citizen.email]]
    assert "Jeg er syg" in mail.outbox[0].body
    assert f"/snak/{frida.programme.slug}/" in mail.outbox[0].body  # where to book another time
    assert [sms["to"] for sms in sms_backends.outbox] == [str(booking.citizen.phone_number)]


@pytest.mark.parametrize(
    ("case", "key"),
    [
        ("no_reason", "no_reason"),
        ("reason_with_line_break", "line_break"),
        ("begun", "begun"),
        ("cancelled", "already_cancelled"),
        ("stranger", "not_party"),
    ],
)
def test_bad_cancellations_get_their_own_message_and_change_nothing(frida, herning, case, key):
    from sammen.core.text_policy import MESSAGES as TEXT_POLICY

    booking = a_booking(slot=a_free_slot(frida))
    by, reason = booking.citizen, "Jeg kan ikke alligevel"
    if case == "no_reason":
        reason = "   "
    if case == "reason_with_line_break":
        reason = "Jeg kan\nikke"
    if case == "begun":
        Booking.objects.filter(pk=booking.pk).update(starts_at=timezone.now() - datetime.timedelta(minutes=2))
    if case == "cancelled":
        Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.CANCELLED)
    if case == "stranger":
        by = citizen("Herning")
    booking.refresh_from_db()
    before = (booking.status, Slot.objects.get(pk=booking.slot_id).status)
    with pytest.raises(SammenError) as error:
        services.cancel_booking(by=by, booking=booking, reason=reason)
    assert str(error.value) == (str(TEXT_POLICY[key]) if key == "line_break" else message(key))
    booking.refresh_from_db()
    assert (booking.status, Slot.objects.get(pk=booking.slot_id).status) == before
    assert booking.cancel_reason == ""


def test_cancelling_a_talk_that_has_begun_is_refused_on_the_page(client, frida, herning):
    booking = a_booking(slot=a_free_slot(frida))
    Booking.objects.filter(pk=booking.pk).update(starts_at=timezone.now() - datetime.timedelta(minutes=2))
    client.force_login(booking.citizen)
    response = client.post(f"/snak/samtale/{booking.pk}/aflys/", {"reason": "For sent"})
    assert on_page(message("begun")) in response.content.decode()
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.BOOKED


def test_the_volunteer_marks_a_talk_held_or_a_no_show_once_after_it_began(client, frida, herning):
    held = a_booking(slot=a_free_slot(frida, starts_at=timezone.now() - datetime.timedelta(minutes=20)))
    no_show = a_booking(slot=a_free_slot(frida, starts_at=timezone.now() - datetime.timedelta(hours=2)))
    coming = a_booking(slot=a_free_slot(frida))
    client.force_login(frida.user)
    assert client.post(f"/snak/samtale/{held.pk}/udfald/", {"outcome": "held"}).status_code == 302
    client.post(f"/snak/samtale/{no_show.pk}/udfald/", {"outcome": "no_show"})
    held.refresh_from_db(), no_show.refresh_from_db()
    assert (held.status, no_show.status) == (BookingStatus.HELD, BookingStatus.NO_SHOW)
    assert held.settled_at is not None and not held.settled_automatically
    with pytest.raises(SammenError) as error:
        services.settle(by=frida.user, booking=held, outcome="no_show")
    assert str(error.value) == message("already_settled", outcome=BookingStatus.HELD.label)
    with pytest.raises(SammenError) as error:
        services.settle(by=frida.user, booking=coming, outcome="held")
    assert str(error.value) == message("not_begun")
    with pytest.raises(SammenError) as error:
        services.settle(by=no_show.citizen, booking=no_show, outcome="held")
    assert str(error.value) == message("not_volunteer")
    assert Booking.objects.get(pk=coming.pk).status == BookingStatus.BOOKED
    client.force_login(coming.citizen)
    assert client.post(f"/snak/samtale/{coming.pk}/udfald/", {"outcome": "held"}).status_code == 404


def test_a_talk_nobody_marked_is_settled_as_held_a_day_after_it_ended(frida, herning):
    now = timezone.now()
    overdue = a_booking(slot=a_free_slot(frida, starts_at=now - datetime.timedelta(days=2)))
    recent = a_booking(slot=a_free_slot(frida, starts_at=now - datetime.timedelta(hours=12)))
    marked = a_booking(slot=a_free_slot(frida, starts_at=now - datetime.timedelta(days=3)))
    Booking.objects.filter(pk=marked.pk).update(status=BookingStatus.NO_SHOW)
    assert services.settle_overdue(now=now) == 1
    assert services.settle_overdue(now=now) == 0
    overdue.refresh_from_db()
    assert (overdue.status, overdue.settled_automatically, overdue.settled_at) == (BookingStatus.HELD, True, now)
    assert Booking.objects.get(pk=recent.pk).status == BookingStatus.BOOKED
    assert Booking.objects.get(pk=marked.pk).status == BookingStatus.NO_SHOW


# --- Reminders --------------------------------------------------------------------------------------------------


def _reminders(template: str) -> list[tuple[int, str]]:
    return sorted(OutboxMessage.objects.filter(template=template).values_list("recipient_id", "channel"))


def test_the_reminder_shortly_before_is_sent_once_to_both_with_the_link(frida, herning):
    karen = with_mobile(citizen("Herning"))
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
    booking = a_booking(karen, a_free_slot(frida, starts_at=starts), created_at=starts - datetime.timedelta(hours=1))
    assert services.send_reminders(now=starts - datetime.timedelta(minutes=6)) == 0
    assert services.send_reminders(now=starts - datetime.timedelta(minutes=5)) == 3  # 2 e-mails, Karen's SMS
    assert services.send_reminders(now=starts - datetime.timedelta(minutes=4)) == 0
    assert _reminders("talks/email/reminder_soon.txt") == sorted([(karen.pk, "email"), (frida.user.pk, "email")])
    assert _reminders("talks/sms/reminder_soon.txt") == [(karen.pk, "sms")]
    body = OutboxMessage.objects.get(template="talks/email/reminder_soon.txt", recipient=karen).body
    assert f"/snak/samtale/{booking.pk}/" in body


def test_the_day_before_reminder_is_only_for_talks_booked_more_than_a_day_ahead(frida, herning):
    now = timezone.now()
    early = a_booking(slot=a_free_slot(frida, starts_at=now + datetime.timedelta(hours=20)))
    Booking.objects.filter(pk=early.pk).update(created_at=now - datetime.timedelta(days=3))
    late = a_booking(slot=a_free_slot(frida, starts_at=now + datetime.timedelta(hours=21)))
    Booking.objects.filter(pk=late.pk).update(created_at=now - datetime.timedelta(hours=2))
    cancelled = a_booking(slot=a_free_slot(frida, starts_at=now + datetime.timedelta(hours=22)))
    Booking.objects.filter(pk=cancelled.pk).update(
        created_at=now - datetime.timedelta(days=3), status=BookingStatus.CANCELLED
    )
    assert services.send_reminders(now=now) == 2
    assert services.send_reminders(now=now) == 0
    assert set(OutboxMessage.objects.values_list("template", "recipient_id")) == {
        ("talks/email/reminder_day.txt", early.citizen_id),
        ("talks/email/reminder_day.txt", frida.user.pk),
    }
    assert Booking.objects.get(pk=late.pk).reminder_day_sent_at is None


needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers (IMMEDIATE transactions), so the race cannot happen there; CI runs this on "
    "PostgreSQL",
)


def _at_once(count: int, work) -> list:
    """Run ``work(n)`` in ``count`` threads released at the same moment; returns what each returned or raised."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(n):
        barrier.wait()
        try:
            results[n] = work(n)
        except Exception as error:  # noqa: BLE001 - the test looks at what each thread met
            results[n] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_overlapping_reminder_runs_send_each_reminder_once(monkeypatch, herning, kolding):
    programme = ProgrammeFactory()
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=3)
    bookings = [
        a_booking(slot=a_free_slot(programme=programme, starts_at=starts + datetime.timedelta(minutes=n)))
        for n in range(8)
    ]
    Booking.objects.update(created_at=starts - datetime.timedelta(days=2))
    remind = services._remind

    def slow_remind(*args, **kwargs):
        time.sleep(0.02)  # keep each run's transaction open long enough for the other to meet it
        return remind(*args, **kwargs)

    monkeypatch.setattr(services, "_remind", slow_remind)
    now = starts - datetime.timedelta(hours=2)
    results = _at_once(2, lambda n: services.send_reminders(now=now))
    assert sum(results) == 16, results  # 8 talks × 2 people, whichever run sent them
    sent = list(OutboxMessage.objects.filter(template="talks/email/reminder_day.txt").values_list("recipient_id"))
    assert len(sent) == len(set(sent)) == 16
    assert all(b.reminder_day_sent_at for b in Booking.objects.filter(pk__in=[b.pk for b in bookings]))


# --- A volunteer stops ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["paused", "left"])
def test_a_volunteer_who_pauses_or_leaves_has_future_talks_cancelled_and_free_times_withdrawn(
    frida, herning, reason, django_capture_on_commit_callbacks
):
    now = timezone.now()
    future = a_booking(with_mobile(citizen("Herning")), a_free_slot(frida, starts_at=next_week_at(19)))
    past = a_booking(slot=a_free_slot(frida, starts_at=now - datetime.timedelta(days=1)))
    free = a_free_slot(frida, starts_at=next_week_at(20))
    elsewhere = a_free_slot(volunteer(frida.user, ProgrammeFactory()), starts_at=next_week_at(21))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        frida.status = VolunteerStatus.PAUSED if reason == "paused" else VolunteerStatus.LEFT
        frida.save()
        volunteer_stopped.send(sender=type(frida), volunteer=frida, reason=reason)
    future.refresh_from_db()
    assert future.status == BookingStatus.CANCELLED
    assert future.cancel_reason == str(services.STOPPED_REASONS[reason])
    assert Slot.objects.get(pk=future.slot_id).status == SlotStatus.WITHDRAWN
    assert Slot.objects.get(pk=free.pk).status == SlotStatus.WITHDRAWN
    assert Booking.objects.get(pk=past.pk).status == BookingStatus.BOOKED
    assert Slot.objects.get(pk=elsewhere.pk).status == SlotStatus.FREE  # another programme's membership
    assert [m.to for m in mail.outbox] == [[future.citizen.email]]
    assert str(services.STOPPED_REASONS[reason]) in mail.outbox[0].body
    assert [sms["to"] for sms in sms_backends.outbox] == [str(future.citizen.phone_number)]


def test_the_cancellation_is_undone_with_the_volunteers_change(frida, herning):
    """The receiver runs in the transaction that stopped the volunteer: if that fails, nothing is cancelled."""
    booking = a_booking(slot=a_free_slot(frida))
    with pytest.raises(RuntimeError), transaction.atomic():
        volunteer_stopped.send(sender=type(frida), volunteer=frida, reason="paused")
        raise RuntimeError("the pause failed")
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.BOOKED
    assert not OutboxMessage.objects.exists()


# --- Simultaneous bookings on PostgreSQL ------------------------------------------------------------------------


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _fire_simultaneous_bookings(live_server, slot, people) -> list[int]:
    """Each person posts the booking form of ``slot`` at the same moment to the running server. Returns the
    HTTP status of each answer (302 booked, 200 the form again with the refusal)."""
    requests = []
    for person in people:
        client = Client()
        client.force_login(person)
        token = get_random_string(32)
        requests.append(
            urllib.request.Request(
                f"{live_server.url}/snak/tid/{slot.pk}/",
                data=b"channel=video&note=Hej",
                method="POST",
                headers={
                    "Cookie": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}; "
                    f"{settings.CSRF_COOKIE_NAME}={token}",
                    "X-CSRFToken": token,
                    "Content-Type": "application/x-www-form-urlencoded",
                },
            )
        )

    def fire(n):
        try:
            with urllib.request.build_opener(_NoRedirects).open(requests[n], timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    return _at_once(len(requests), fire)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_bookings_of_one_time_book_it_exactly_once(live_server, herning, kolding, caplog):
    slot = a_free_slot(programme=ProgrammeFactory())
    statuses = _fire_simultaneous_bookings(live_server, slot, UserFactory.create_batch(20))
    assert sorted(statuses) == [200] * 19 + [302]
    assert Booking.objects.filter(slot=slot).count() == 1
    assert Slot.objects.get(pk=slot.pk).status == SlotStatus.BOOKED
    # With the lock, the service's own check refused the nineteen: the database constraint never had to.
    assert "refused by the database constraint" not in caplog.text


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_control_without_the_lock_the_services_check_is_raced(live_server, monkeypatch, herning, kolding, caplog):
    """The same load with the lock switched off: several requests get past the check that the slot is free and
    try to insert a booking; only the database's unique constraint (the last line) stops the doubles. Proof that
    the test above tests the lock."""
    monkeypatch.setattr(locking, "LOCKING_ENABLED", False)
    programme = ProgrammeFactory()
    raced = 0
    for _ in range(5):  # the race is a matter of timing; a few rounds make it certain in practice
        caplog.clear()
        slot = a_free_slot(programme=programme)
        _fire_simultaneous_bookings(live_server, slot, UserFactory.create_batch(20))
        assert Booking.objects.filter(slot=slot).count() == 1
        raced = caplog.text.count("refused by the database constraint")
        if raced:
            break
    assert raced > 0, "without the lock, more than one request should have got past the service's check"


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_one_citizen_booking_in_many_tabs_at_once_cannot_pass_the_limit(herning, kolding):
    programme = ProgrammeFactory(max_future_bookings=3)
    karen = citizen("Herning")
    slots = [a_free_slot(programme=programme, starts_at=next_week_at(9 + n)) for n in range(8)]
    results = _at_once(8, lambda n: services.book(citizen=karen, slot=slots[n], channel="video"))
    assert sum(isinstance(result, Booking) for result in results) == 3
    assert {str(r) for r in results if not isinstance(r, Booking)} == {
        message("limit", limit=3, programme=programme.name)
    }
    assert Booking.objects.filter(citizen=karen, status=BookingStatus.BOOKED).count() == 3


# --- Pages: cost, access -------------------------------------------------------------------------------------


def _queries(client, path) -> int:
    client.get(path)
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_free_time_list_costs_the_same_at_few_and_many_times(client, snak, kolding, herning):
    client.force_login(citizen("Herning"))
    for hour in (9, 10):
        a_free_slot(programme=snak, starts_at=next_week_at(hour))
    few = _queries(client, f"/snak/{snak.slug}/")
    for hour in range(11, 23):
        a_free_slot(programme=snak, starts_at=next_week_at(hour))
    assert _queries(client, f"/snak/{snak.slug}/") == few


def test_my_talks_costs_the_same_at_few_and_many_talks(client, frida, herning):
    karen = citizen("Herning")
    client.force_login(karen)
    a_booking(karen, a_free_slot(frida, starts_at=next_week_at(9)))
    a_booking(karen, a_free_slot(frida, starts_at=timezone.now() - datetime.timedelta(days=2)))
    few = _queries(client, "/snak/mine/")
    for hour in range(10, 20):
        a_booking(karen, a_free_slot(programme=frida.programme, starts_at=next_week_at(hour)))
        a_booking(karen, a_free_slot(frida, starts_at=timezone.now() - datetime.timedelta(days=hour)))
    assert _queries(client, "/snak/mine/") == few
    client.force_login(frida.user)
    few = _queries(client, "/snak/mine/")
    for hour in range(20, 23):
        a_booking(slot=a_free_slot(frida, starts_at=next_week_at(hour)))
    assert _queries(client, "/snak/mine/") == few


def test_my_talks_lists_both_sides_talks_with_links_to_the_talk_page(client, frida, herning):
    karen = citizen("Herning", display_name="Karen")
    booking = a_booking(karen, a_free_slot(frida), note="Om bøger")
    client.force_login(karen)
    page = client.get("/snak/mine/").content.decode()
    assert f'href="/snak/samtale/{booking.pk}/"' in page and "Frida" in page
    assert f'href="/snak/samtale/{booking.pk}/aflys/"' in page
    client.force_login(frida.user)
    page = client.get("/snak/mine/").content.decode()
    assert f'href="/snak/samtale/{booking.pk}/"' in page and "Karen" in page and "Om bøger" in page


def test_the_programmes_page_says_it_is_not_therapy_and_where_to_get_help(client, snak):
    page = client.get("/snak/").content.decode()
    assert client.get("/snak/").status_code == 200
    assert snak.name in page and f'href="/snak/{snak.slug}/"' in page
    assert "Livslinien" in page and "70 201 201" in page and "112" in page


def test_personal_pages_need_login_and_someone_elses_talk_is_not_found(client, frida, herning):
    booking = a_booking(slot=a_free_slot(frida))
    free = a_free_slot(frida, starts_at=next_week_at(21))
    get_paths = [
        "/snak/mine/",
        "/snak/mine-tider/",
        f"/snak/tid/{free.pk}/",
        f"/snak/samtale/{booking.pk}/aflys/",
        f"/snak/{frida.programme.slug}/",
    ]
    post_paths = [
        f"/snak/mine-tider/{free.pk}/fjern/",
        f"/snak/samtale/{booking.pk}/aflys/",
        f"/snak/samtale/{booking.pk}/udfald/",
        f"/snak/tid/{free.pk}/",
    ]
    for path in get_paths:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/konto/"), path
    for path in post_paths:
        response = client.post(path, {"reason": "x", "outcome": "held", "channel": "video"})
        assert response.status_code == 302 and response["Location"].startswith("/konto/"), path
    client.force_login(citizen("Herning"))
    for path in [f"/snak/samtale/{booking.pk}/aflys/", "/snak/samtale/999999999/aflys/", "/snak/tid/999999999/"]:
        assert client.get(path).status_code == 404, path
    for path in post_paths[:3]:
        assert client.post(path, {"reason": "x", "outcome": "held"}).status_code == 404, path
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.BOOKED
    assert Slot.objects.get(pk=free.pk).status == SlotStatus.FREE
    assert client.get("/snak/findes-ikke/").status_code == 404


def test_a_blocked_persons_time_is_not_found(client, frida, herning):
    karen = citizen("Herning")
    slot = a_free_slot(frida)
    BlockFactory(blocker=frida.user, blocked=karen)
    client.force_login(karen)
    assert client.get(f"/snak/tid/{slot.pk}/").status_code == 404


def test_the_factories_make_valid_rows(herning, kolding):
    for made in (SlotFactory(), SlotFactory(), BookingFactory(), BookingFactory()):
        made.full_clean()
    assert Slot.objects.filter(status=SlotStatus.BOOKED).count() == 2


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_control_without_the_lock_one_citizen_passes_the_limit(monkeypatch, herning, kolding):
    """The same tabs with the lock switched off: the count of future bookings is raced."""
    monkeypatch.setattr(locking, "LOCKING_ENABLED", False)
    programme = ProgrammeFactory(max_future_bookings=3)
    most = 0
    for _ in range(5):  # a matter of timing, as above
        karen = citizen("Herning")
        slots = [a_free_slot(programme=programme, starts_at=next_week_at(9 + n)) for n in range(8)]
        _at_once(8, lambda n, karen=karen, slots=slots: services.book(citizen=karen, slot=slots[n], channel="video"))
        most = max(most, Booking.objects.filter(citizen=karen, status=BookingStatus.BOOKED).count())
        if most > 3:
            break
    assert most > 3, "without the lock, one person's simultaneous bookings should have passed the limit of 3"


def test_the_talk_jobs_are_scheduled_for_celery_beat_and_run(frida, herning):
    from sammen.celery import app
    from sammen.talks import tasks

    schedule = app.conf.beat_schedule
    assert schedule["remind-talk-participants"]["task"] == tasks.send_talk_reminders.name
    assert schedule["settle-overdue-talks"]["task"] == tasks.settle_overdue_talks.name
    a_booking(slot=a_free_slot(frida, starts_at=timezone.now() - datetime.timedelta(days=2)))
    assert tasks.settle_overdue_talks.delay().get() == 1
    assert tasks.send_talk_reminders.delay().get() == 0
