"""Referrals: a Herning referrer refers a citizen, with consent, to a golf club's slusehold team or registers a
GP's referral to smoking cessation; the receiver's contact (a volunteer) follows up within the deadline; the citizen
may withdraw consent; the job warns about deadlines once; the figures never show a group under 5; and nobody else
finds any of it."""

import datetime
import threading

import pytest
import time_machine
from django.conf import settings
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from sammen.audit.models import AuditEntry
from sammen.celery import app
from sammen.core.errors import SammenError
from sammen.core.figures import UNDER_FIVE
from sammen.core.text_policy import MESSAGES as TEXT_MESSAGES
from sammen.notifications.models import Channel, OutboxMessage
from sammen.offers.models import OfferStatus
from sammen.referrals import queries, services
from sammen.referrals.models import (
    EndReason,
    EventKind,
    Receiver,
    ReceiverContact,
    ReceiverKind,
    Referral,
    ReferralConsent,
    ReferralStatus,
    Sender,
)
from tests.factories import AssociationFactory, OfferFactory, citizen, staff, with_mobile
from tests.factories.referrals import (
    a_referral,
    consent,
    contact_of,
    details,
    golf_slusehold,
    referrer,
    smoking_cessation,
)
from tests.helpers import log_in_with_second_factor, with_totp

pytestmark = pytest.mark.django_db

HERNING = "/personale/kommune/657/henvisninger"


def shows(response, message, **params) -> bool:
    text = str(message) % params if params else str(message)
    return escape(text) in response.content.decode()


def form_data(to, **overrides) -> dict:
    fields = details()
    data = {
        "receiver": to.pk,
        "citizen_email": "",
        **fields,
        "consent_given": "on",
        "consent_how": "oral",
        "consent_given_on": timezone.localdate().isoformat(),
    }
    return {key: value for key, value in (data | overrides).items() if value is not None}


@pytest.fixture
def henvisrer(herning):
    """Hanne, forløbskoordinator in Herning, with the referrer role."""
    return referrer("Herning", display_name="Hanne", email="hanne@herning.dk")


@pytest.fixture
def golf(henvisrer):
    return golf_slusehold(henvisrer)


@pytest.fixture
def golf_contact(golf, henvisrer):
    """Jørgen, a volunteer of the golf club, who receives its slusehold referrals."""
    return contact_of(golf, by=henvisrer, display_name="Jørgen", email="jorgen@golf.dk").user


@pytest.fixture
def staff_client(client, henvisrer):
    log_in_with_second_factor(client, henvisrer)
    return client


# --- Referring ----------------------------------------------------------------------------------------------


def test_a_referrer_refers_a_citizen_without_a_profile_and_the_citizen_and_the_contact_are_told(
    staff_client, golf, golf_contact, henvisrer
):
    response = staff_client.post(f"{HERNING}/ny/", form_data(golf))
    referral = Referral.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{HERNING}/{referral.pk}/"
    assert referral.status == ReferralStatus.SENT and referral.referred_by == henvisrer
    assert referral.phone == "+4520304050" and referral.citizen is None
    assert referral.deadline_on == timezone.localdate() + datetime.timedelta(
        days=settings.SAMMEN_REFERRAL_FOLLOW_UP_DAYS
    )
    assert ReferralConsent.objects.get(referral=referral).recorded_by == henvisrer
    assert list(referral.events.values_list("kind", flat=True)) == [EventKind.SENT]
    assert AuditEntry.objects.filter(action="referrals.referral.sent", object_id=str(referral.pk)).exists()

    letter = OutboxMessage.objects.get(address="poul@example.dk")
    assert golf.name in letter.body and f"{referral.deadline_on:%Y}" in letter.body
    assert "blodprop" not in letter.body  # no health details in an e-mail
    to_contact = OutboxMessage.objects.get(recipient=golf_contact, template="referrals/email/receiver_new.txt")
    assert f"/henvisninger/modtaget/{referral.pk}/" in to_contact.body
    assert "Poul" not in to_contact.body and "blodprop" not in to_contact.body

    page = staff_client.get(f"{HERNING}/{referral.pk}/").content.decode()
    assert "Poul Nielsen" in page and "blodprop" in page


def test_a_citizen_without_e_mail_is_told_by_sms(golf, henvisrer):
    a_referral(by=henvisrer, receiver=golf, email="")
    message = OutboxMessage.objects.get(channel=Channel.SMS)
    assert message.address == "+4520304050" and golf.name in message.body


def test_a_citizen_with_a_profile_is_told_by_e_mail_and_sms_and_sees_the_referral_on_their_page(
    staff_client, golf, karen_in_herning
):
    with_mobile(karen_in_herning)
    data = form_data(golf, citizen_email="KAREN@example.dk", name="", phone="", email="", postal_code="")
    assert staff_client.post(f"{HERNING}/ny/", data).status_code == 302
    referral = Referral.objects.get()
    assert referral.citizen == karen_in_herning and referral.shown_name == "Karen"
    assert set(OutboxMessage.objects.filter(recipient=karen_in_herning).values_list("channel", flat=True)) == {
        Channel.EMAIL,
        Channel.SMS,
    }
    mine = Client()
    mine.force_login(karen_in_herning)
    assert golf.name in mine.get("/mine-henvisninger/").content.decode()


def test_an_unknown_profile_is_refused_and_nothing_is_created(staff_client, golf):
    response = staff_client.post(f"{HERNING}/ny/", form_data(golf, citizen_email="ingen@example.dk"))
    assert response.status_code == 400 and shows(response, services.ERRORS["no_account"])
    assert not Referral.objects.exists() and not OutboxMessage.objects.filter(address="poul@example.dk").exists()


@pytest.mark.parametrize(
    ("overrides", "key"),
    [
        ({"consent_given": None}, "no_consent"),
        ({"consent_how": ""}, "consent_how"),
        ({"name": ""}, "no_name"),
        ({"phone": "", "email": ""}, "no_reach"),
        ({"postal_code": ""}, "no_postal_code"),
        ({"email": "ikke-en-adresse"}, "bad_email"),
    ],
)
def test_bad_referrals_get_a_specific_message_and_change_nothing(staff_client, golf, golf_contact, overrides, key):
    response = staff_client.post(f"{HERNING}/ny/", form_data(golf, **overrides))
    assert response.status_code == 400
    assert shows(response, services.ERRORS[key]), key
    assert not Referral.objects.exists() and not ReferralConsent.objects.exists()
    assert not OutboxMessage.objects.exclude(template="referrals/email/contact_added.txt").exists()


def test_consent_on_a_day_in_the_future_is_refused(golf, henvisrer):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(SammenError) as error:
        services.refer(by=henvisrer, receiver=golf, details=details(), consent=consent(given_on=tomorrow))
    assert error.value.message == services.ERRORS["consent_future"] and not Referral.objects.exists()


def test_a_receiver_that_does_not_accept_or_an_unpublished_offer_is_refused(golf, henvisrer, herning):
    services.update_receiver(by=henvisrer, receiver=golf, name=golf.name, follow_up_days=10, accepting=False)
    golf.refresh_from_db()
    with pytest.raises(SammenError) as error:
        a_referral(by=henvisrer, receiver=golf)
    assert str(error.value) == str(services.ERRORS["not_accepting"]) % {"name": golf.name}

    offer = OfferFactory(title="Gå-hold efter genoptræning", status=OfferStatus.PUBLISHED)
    receiver = services.create_receiver(
        by=henvisrer, municipality=herning, kind=ReceiverKind.OFFER, target=offer, name=""
    )
    assert receiver.name == "Gå-hold efter genoptræning"
    offer.status = OfferStatus.UNPUBLISHED
    offer.save()
    with pytest.raises(SammenError) as error:
        a_referral(by=henvisrer, receiver=receiver)
    assert str(error.value) == str(services.ERRORS["offer_unpublished"]) % {"name": offer.title}
    with pytest.raises(SammenError):
        services.create_receiver(by=henvisrer, municipality=herning, kind=ReceiverKind.OFFER, target=offer, name="Igen")
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    "needs",
    [
        "Poul har cpr 010203-1234",
        "cpr: 0102031234",
        "Ring og spørg efter 010203 1234",
        "Nul\x00tegn",
        "x" * 100_000,
    ],
)
def test_hostile_text_in_what_the_receiver_needs_to_know_is_refused(staff_client, golf, henvisrer, needs):
    response = staff_client.post(f"{HERNING}/ny/", form_data(golf, needs=needs))
    assert response.status_code == 400
    if "cpr" in needs.lower() or "010203" in needs:
        assert shows(response, TEXT_MESSAGES["cpr"])
    assert not Referral.objects.exists()
    # The service refuses it too, whatever calls it.
    if len(needs) < 1000:
        with pytest.raises(SammenError):
            services.refer(by=henvisrer, receiver=golf, details=details(needs=needs), consent=consent())
    assert not Referral.objects.exists()


def test_huge_numbers_in_the_form_and_the_address_give_a_message_or_404_never_an_error(staff_client, golf, henvisrer):
    response = staff_client.post(f"{HERNING}/ny/", form_data(golf, receiver="9" * 30))
    assert response.status_code == 400 and not Referral.objects.exists()
    assert staff_client.get(f"{HERNING}/{'9' * 30}/").status_code == 404
    response = staff_client.post(
        f"{HERNING}/modtagere/",
        {"kind": "team", "association": golf.association_id, "name": "Ny", "follow_up_days": "9" * 40},
    )
    assert response.status_code == 400
    with pytest.raises(SammenError) as error:
        services.create_receiver(
            by=henvisrer,
            municipality=golf.municipality,
            kind=ReceiverKind.TEAM,
            target=golf.association,
            name="Ny",
            follow_up_days=10**40,
        )
    assert error.value.field == "follow_up_days"


def test_a_referrer_of_another_municipality_cannot_refer_to_herning(golf, kolding):
    kolding_referrer = referrer("Kolding")
    with pytest.raises(SammenError) as error:
        a_referral(by=kolding_referrer, receiver=golf)
    assert str(error.value) == str(services.ERRORS["not_referrer"]) % {"municipality": "Herning"}
    assert not Referral.objects.exists()


# --- External referrals and deadlines -----------------------------------------------------------------------


def test_smoking_cessation_has_7_days_and_other_receivers_the_setting(henvisrer, herning, settings):
    settings.SAMMEN_REFERRAL_FOLLOW_UP_DAYS = 21
    assert smoking_cessation(henvisrer).follow_up_days == 7
    assert golf_slusehold(henvisrer).follow_up_days == 21


def test_a_gp_referral_registered_by_staff_runs_its_deadline_from_receipt(staff_client, henvisrer):
    rygestop = smoking_cessation(henvisrer)
    received = timezone.localdate() - datetime.timedelta(days=3)
    data = form_data(
        rygestop, sender_name="Lægehuset Bredgade", external_id="LB-2026-117", received_on=received.isoformat()
    )
    response = staff_client.post(f"{HERNING}/ekstern/", data)
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert referral.source == "external" and referral.sender.name == "Lægehuset Bredgade"
    assert timezone.localdate(referral.received_at) == received
    assert referral.deadline_on == received + datetime.timedelta(days=7)
    assert list(referral.events.values_list("kind", flat=True)) == [EventKind.RECEIVED]

    again = staff_client.post(f"{HERNING}/ekstern/", data | {"sender_name": "lægehuset  bredgade"})
    assert again.status_code == 400
    assert shows(again, services.ERRORS["duplicate"], sender="Lægehuset Bredgade", reference="LB-2026-117")
    assert Referral.objects.count() == 1
    # The same reference from another sender is another referral.
    assert staff_client.post(f"{HERNING}/ekstern/", data | {"sender_name": "Regionshospitalet"}).status_code == 302
    assert Referral.objects.count() == 2


@pytest.mark.parametrize(
    ("days_ago", "key"),
    [(-1, "received_future"), (400, "received_too_old")],
)
def test_an_external_referral_received_in_the_future_or_long_ago_is_refused(henvisrer, days_ago, key):
    rygestop = smoking_cessation(henvisrer)
    with pytest.raises(SammenError) as error:
        services.register_external(
            by=henvisrer,
            receiver=rygestop,
            sender_name="Lægehuset",
            received_on=timezone.localdate() - datetime.timedelta(days=days_ago),
            details=details(),
            consent=consent(),
        )
    assert error.value.message == services.ERRORS[key] and not Referral.objects.exists()


def test_deadline_warnings_go_to_the_contacts_two_days_before_and_to_the_referrer_after_once(
    golf, golf_contact, henvisrer
):
    start = timezone.now()
    referral = a_referral(by=henvisrer, receiver=golf)
    OutboxMessage.objects.all().delete()
    deadline = referral.deadline_on
    with time_machine.travel(
        timezone.make_aware(datetime.datetime.combine(deadline, datetime.time(8))) - datetime.timedelta(days=3)
    ):
        assert services.warn_deadlines() == {"receivers": 0, "referrers": 0}
    two_days_before = timezone.make_aware(
        datetime.datetime.combine(deadline - datetime.timedelta(days=2), datetime.time(9))
    )
    assert services.warn_deadlines(two_days_before) == {"receivers": 1, "referrers": 0}
    assert services.warn_deadlines(two_days_before + datetime.timedelta(hours=1)) == {"receivers": 0, "referrers": 0}
    reminder = OutboxMessage.objects.get(template="referrals/email/receiver_deadline.txt")
    assert reminder.recipient == golf_contact

    day_after = timezone.make_aware(datetime.datetime.combine(deadline + datetime.timedelta(days=1), datetime.time(9)))
    with time_machine.travel(day_after):
        assert services.warn_deadlines() == {"receivers": 0, "referrers": 1}
        assert services.warn_deadlines() == {"receivers": 0, "referrers": 0}
    told = OutboxMessage.objects.get(template="referrals/email/referrer_overdue.txt")
    assert told.recipient == henvisrer and f"{HERNING}/{referral.pk}/" in told.body
    referral.refresh_from_db()
    assert referral.receiver_warned_at == two_days_before and referral.referrer_warned_at is not None
    kinds = list(referral.events.values_list("kind", flat=True))
    assert kinds == [EventKind.SENT, EventKind.RECEIVER_WARNED, EventKind.REFERRER_WARNED]
    assert referral.received_at >= start


def test_no_warning_once_the_first_contact_is_recorded(golf, golf_contact, henvisrer):
    referral = a_referral(by=henvisrer, receiver=golf)
    services.record_first_contact(by=golf_contact, referral=referral, at=timezone.now(), how="phone")
    after = timezone.make_aware(datetime.datetime.combine(referral.deadline_on, datetime.time(9)))
    assert services.warn_deadlines(after + datetime.timedelta(days=5)) == {"receivers": 0, "referrers": 0}


def test_the_warning_job_is_on_celery_beat():
    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "sammen.referrals.tasks.warn_referral_deadlines" in tasks


# --- The receiver's contact ---------------------------------------------------------------------------------


def test_the_contact_sees_only_their_receivers_referrals_and_records_the_first_call(
    client, golf, golf_contact, henvisrer
):
    mine = a_referral(by=henvisrer, receiver=golf)
    rygestop = smoking_cessation(henvisrer)
    other = a_referral(by=henvisrer, receiver=rygestop, name="Else Jensen")
    client.force_login(golf_contact)
    listing = client.get("/henvisninger/modtaget/").content.decode()
    assert "Poul Nielsen" in listing and "Else Jensen" not in listing
    assert client.get(f"/henvisninger/modtaget/{other.pk}/").status_code == 404
    page = client.get(f"/henvisninger/modtaget/{mine.pk}/").content.decode()
    assert "blodprop" in page

    now = timezone.localtime()
    response = client.post(
        f"/henvisninger/modtaget/{mine.pk}/",
        {
            "action": "first_contact",
            "first_contact-day": now.date().isoformat(),
            "first_contact-time": now.strftime("%H:%M"),
            "first_contact-how": "phone",
            "first_contact-notes": "Aftalt prøvetime på torsdag.",
        },
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == ReferralStatus.CONTACTED and mine.first_contact_how == "phone"
    assert mine.followed_up_in_time is True
    assert mine.events.filter(kind=EventKind.CONTACTED, by=golf_contact).exists()


@pytest.mark.parametrize("when", ["before", "future"])
def test_a_first_contact_before_the_referral_or_in_the_future_is_refused(client, golf, golf_contact, henvisrer, when):
    referral = a_referral(by=henvisrer, receiver=golf)
    moment = timezone.localtime() + (datetime.timedelta(days=-2) if when == "before" else datetime.timedelta(days=2))
    client.force_login(golf_contact)
    response = client.post(
        f"/henvisninger/modtaget/{referral.pk}/",
        {
            "action": "first_contact",
            "first_contact-day": moment.date().isoformat(),
            "first_contact-time": moment.strftime("%H:%M"),
            "first_contact-how": "meeting",
        },
    )
    assert response.status_code == 400
    if when == "future":
        assert shows(response, services.ERRORS["contact_future"])
    else:
        assert "før henvisningen" in response.content.decode() or "before the referral" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT and referral.first_contact_at is None


def test_the_course_moves_on_step_by_step_and_cannot_skip(golf, golf_contact, henvisrer):
    referral = a_referral(by=henvisrer, receiver=golf)
    with pytest.raises(SammenError):
        services.advance(by=golf_contact, referral=referral, to=ReferralStatus.STARTED)
    services.record_first_contact(by=golf_contact, referral=referral, at=timezone.now(), how="meeting")
    with pytest.raises(SammenError) as error:
        services.advance(by=golf_contact, referral=referral, to=ReferralStatus.COMPLETED)
    assert error.value.message == services.ERRORS["cannot_advance"]
    services.advance(by=golf_contact, referral=referral, to=ReferralStatus.STARTED)
    with pytest.raises(SammenError) as error:
        services.record_first_contact(by=golf_contact, referral=referral, at=timezone.now(), how="phone")
    assert error.value.message == services.ERRORS["not_sent"]
    services.advance(by=golf_contact, referral=referral, to=ReferralStatus.COMPLETED, notes="Spiller nu hver uge.")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.COMPLETED and referral.outcome_notes == "Spiller nu hver uge."
    assert list(referral.events.values_list("kind", flat=True)) == ["sent", "contacted", "started", "completed"]
    # The referrer is not the receiver: they follow the course, but do not record it.
    with pytest.raises(SammenError) as error:
        services.decline(by=henvisrer, referral=referral, reason=EndReason.TIME)
    assert error.value.message == services.ERRORS["not_receiver"]


def test_declines_and_drop_outs_need_a_reason_from_the_national_list(client, golf, golf_contact, henvisrer):
    referral = a_referral(by=henvisrer, receiver=golf)
    client.force_login(golf_contact)
    response = client.post(f"/henvisninger/modtaget/{referral.pk}/", {"action": "decline", "decline-reason": "other"})
    assert response.status_code == 400 and shows(response, services.ERRORS["other_needs_text"])
    with pytest.raises(SammenError) as error:
        services.drop_out(by=golf_contact, referral=referral, reason=EndReason.HEALTH)
    assert error.value.message == services.ERRORS["cannot_drop_out"]
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT
    response = client.post(
        f"/henvisninger/modtaget/{referral.pk}/", {"action": "decline", "decline-reason": "transport"}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED and referral.end_reason == EndReason.TRANSPORT

    started = a_referral(by=henvisrer, receiver=golf)
    services.record_first_contact(by=golf_contact, referral=started, at=timezone.now(), how="phone")
    services.advance(by=golf_contact, referral=started, to=ReferralStatus.STARTED)
    services.drop_out(by=golf_contact, referral=started, reason=EndReason.HEALTH)
    started.refresh_from_db()
    assert started.status == ReferralStatus.DROPPED_OUT and started.end_reason == EndReason.HEALTH


# --- The citizen ------------------------------------------------------------------------------------------------


def test_withdrawing_consent_closes_the_referral_and_removes_the_details_from_the_receivers_view(
    golf, golf_contact, henvisrer, karen_in_herning, inge_in_herning
):
    referral = a_referral(by=henvisrer, receiver=golf, citizen=karen_in_herning, name="", email="", phone="")
    karen = Client()
    karen.force_login(karen_in_herning)
    inge = Client()
    inge.force_login(inge_in_herning)
    assert inge.post(f"/mine-henvisninger/{referral.pk}/traek-samtykke-tilbage/").status_code == 404
    assert inge.get("/mine-henvisninger/").status_code == 404

    response = karen.post(f"/mine-henvisninger/{referral.pk}/traek-samtykke-tilbage/")
    assert response.status_code == 302 and response["Location"] == "/mine-henvisninger/"
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WITHDRAWN and referral.needs == "" and referral.withdrawn_at
    assert referral.consent.withdrawn_at is not None

    contact = Client()
    contact.force_login(golf_contact)
    page = contact.get(f"/henvisninger/modtaget/{referral.pk}/").content.decode()
    assert "Karen" not in page and "blodprop" not in page and karen_in_herning.email not in page
    assert "first_contact" not in page  # nothing left to record

    with pytest.raises(SammenError) as error:
        services.withdraw_consent(citizen=karen_in_herning, referral=referral)
    assert error.value.message == services.ERRORS["already_withdrawn"]


# --- Receivers and contacts -------------------------------------------------------------------------------------


def test_the_referrer_creates_a_receiver_and_adds_a_contact_who_is_told(staff_client, herning, henvisrer):
    club = AssociationFactory(name="Herning Golfklub")
    response = staff_client.post(
        f"{HERNING}/modtagere/", {"kind": "team", "association": club.pk, "name": "Golf-slusehold", "accepting": "on"}
    )
    receiver = Receiver.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{HERNING}/modtagere/{receiver.pk}/"
    assert receiver.kind == ReceiverKind.TEAM and receiver.association == club and receiver.accepting

    volunteer = citizen("Herning", display_name="Jørgen", email="jorgen@golf.dk")
    page = f"{HERNING}/modtagere/{receiver.pk}/"
    assert staff_client.post(page, {"action": "add_contact", "contact-email": "jorgen@golf.dk"}).status_code == 302
    assert ReceiverContact.objects.filter(receiver=receiver, user=volunteer).exists()
    assert OutboxMessage.objects.filter(recipient=volunteer, template="referrals/email/contact_added.txt").exists()

    twice = staff_client.post(page, {"action": "add_contact", "contact-email": "jorgen@golf.dk"})
    assert twice.status_code == 400 and shows(twice, services.ERRORS["contact_twice"], name="Jørgen")
    unknown = staff_client.post(page, {"action": "add_contact", "contact-email": "ukendt@golf.dk"})
    assert unknown.status_code == 400 and shows(unknown, services.ERRORS["no_account"])
    assert ReceiverContact.objects.count() == 1

    taken = staff_client.post(
        f"{HERNING}/modtagere/", {"kind": "team", "association": club.pk, "name": "golf-slusehold"}
    )
    assert taken.status_code == 400 and shows(taken, services.ERRORS["receiver_name_taken"], name="golf-slusehold")

    contact = ReceiverContact.objects.get()
    assert staff_client.post(f"{page}kontakter/{contact.pk}/fjern/").status_code == 302
    assert not ReceiverContact.objects.exists()
    gone = Client()
    gone.force_login(volunteer)
    assert gone.get("/henvisninger/modtaget/").status_code == 404


def test_a_receiver_must_be_in_the_municipality(henvisrer, herning, kolding):
    kolding_club = AssociationFactory(name="Kolding Golfklub", municipality=kolding)
    with pytest.raises(SammenError) as error:
        services.create_receiver(
            by=henvisrer, municipality=herning, kind=ReceiverKind.TEAM, target=kolding_club, name="Golf"
        )
    assert error.value.field == "association"
    with pytest.raises(SammenError) as error:
        services.create_receiver(by=henvisrer, municipality=herning, kind=ReceiverKind.TEAM, target=None, name="Golf")
    assert error.value.message == services.ERRORS["no_target"]


# --- Who may see what ---------------------------------------------------------------------------------------


def test_every_referral_page_is_not_found_for_everyone_else(
    golf,
    golf_contact,
    henvisrer,
    karen_in_herning,
    coordinator_in_herning,
    coordinator_in_kolding,
    moderator_in_herning,
    administrator_in_herning,
):
    referral = a_referral(by=henvisrer, receiver=golf, citizen=karen_in_herning)
    rygestop = smoking_cessation(henvisrer)
    other_contact = contact_of(rygestop, by=henvisrer).user
    staff_pages = [
        f"{HERNING}/",
        f"{HERNING}/ny/",
        f"{HERNING}/ekstern/",
        f"{HERNING}/{referral.pk}/",
        f"{HERNING}/modtagere/",
        f"{HERNING}/modtagere/{golf.pk}/",
    ]
    contact_pages = ["/henvisninger/modtaget/", f"/henvisninger/modtaget/{referral.pk}/"]
    citizen_pages = ["/mine-henvisninger/"]
    posts = [
        f"{HERNING}/modtagere/{golf.pk}/kontakter/{golf.contacts.get().pk}/fjern/",
        f"/mine-henvisninger/{referral.pk}/traek-samtykke-tilbage/",
    ]
    analyst = staff("analyst", "Herning")
    kolding_referrer = referrer("Kolding")
    outsiders = {
        "kolding coordinator": coordinator_in_kolding,
        "kolding referrer": kolding_referrer,
        "herning coordinator": coordinator_in_herning,
        "moderator": moderator_in_herning,
        "administrator": administrator_in_herning,
        "analyst": analyst,
        "contact of another receiver": other_contact,
        "a citizen": citizen("Herning"),
    }
    with_totp(analyst)
    for label, person in outsiders.items():
        browser = Client()
        log_in_with_second_factor(browser, person)
        for path in [*staff_pages, *citizen_pages]:
            assert browser.get(path).status_code == 404, (label, path)
        for path in posts:
            assert browser.post(path).status_code == 404, (label, path)
        detail = browser.get(contact_pages[1])
        assert detail.status_code == 404, label
        if label != "contact of another receiver":
            assert browser.get(contact_pages[0]).status_code == 404, label
        else:
            assert "Karen" not in browser.get(contact_pages[0]).content.decode()
    # The contact of the golf club sees no staff page and not the citizen's own page.
    golf_browser = Client()
    golf_browser.force_login(golf_contact)
    for path in [*staff_pages, *citizen_pages]:
        assert golf_browser.get(path).status_code == 404, path
    # Anonymous visitors are sent to log in, the same for a referral that exists and one that does not.
    anonymous = Client()
    for path in [*staff_pages, *contact_pages, *citizen_pages, f"{HERNING}/99999/", "/henvisninger/modtaget/99999/"]:
        response = anonymous.get(path)
        assert response.status_code == 302 and "/konto/" in response["Location"], path
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT and referral.withdrawn_at is None
    assert ReceiverContact.objects.count() == 2


def test_every_read_by_staff_or_a_contact_is_in_the_access_log(staff_client, golf, golf_contact, henvisrer, client):
    referral = a_referral(by=henvisrer, receiver=golf)
    reads = AuditEntry.objects.filter(action="personal_data.viewed", object_id=str(referral.pk))
    assert not reads.exists()
    staff_client.get(f"{HERNING}/{referral.pk}/")
    staff_client.get(f"{HERNING}/")
    assert reads.filter(actor_id=henvisrer.pk).count() == 2
    contact = Client()
    contact.force_login(golf_contact)
    contact.get("/henvisninger/modtaget/")
    contact.get(f"/henvisninger/modtaget/{referral.pk}/")
    assert reads.filter(actor_id=golf_contact.pk).count() == 2
    assert set(reads.values_list("municipality_id", flat=True)) == {golf.municipality_id}


def test_the_staff_dashboard_links_to_referrals_only_for_referrers(client, henvisrer, coordinator_in_herning):
    log_in_with_second_factor(client, henvisrer)
    assert f"{HERNING}/" in client.get("/personale/").content.decode()
    other = Client()
    log_in_with_second_factor(other, coordinator_in_herning)
    assert f"{HERNING}/" not in other.get("/personale/").content.decode()


# --- Figures ----------------------------------------------------------------------------------------------------


def test_figures_show_under_5_for_small_groups_and_numbers_from_5(staff_client, golf, golf_contact, henvisrer):
    for _ in range(3):
        a_referral(by=henvisrer, receiver=golf)
    page = staff_client.get(f"{HERNING}/").content.decode()
    under_five = escape(str(UNDER_FIVE))
    assert page.count(under_five) >= 2  # open, and the month's referrals
    assert "<td>3</td>" not in page and "<strong>3</strong>" not in page

    for _ in range(3):
        a_referral(by=henvisrer, receiver=golf)
    declining = list(Referral.objects.all()[:5])
    for referral in declining:
        services.decline(by=golf_contact, referral=referral, reason=EndReason.TRANSPORT)
    figures = queries.dashboard_figures(golf.municipality)
    assert figures["open"].value == 1 and not figures["open"].shown
    month = figures["months"][0]
    assert month["total"].value == 6 and month["total"].shown
    assert month["declined"].value == 5 and month["declined"].shown
    transport = next(row for row in figures["reasons"] if row["reason"] == EndReason.TRANSPORT.label)
    assert transport["declined"].shown and transport["declined"].value == 5
    health = next(row for row in figures["reasons"] if row["reason"] == EndReason.HEALTH.label)
    assert health["declined"].value == 0 and health["declined"].shown
    page = staff_client.get(f"{HERNING}/").content.decode()
    assert "<td>6</td>" in page and "<td>5</td>" in page


def test_median_days_to_first_contact_and_the_share_within_the_deadline(golf, golf_contact, henvisrer):
    start = timezone.now() - datetime.timedelta(days=30)
    with time_machine.travel(start, tick=False):
        referrals = [a_referral(by=henvisrer, receiver=golf) for _ in range(6)]
    # First contacts after 1, 2, 3, 4, 20 days; one never (its deadline has passed).
    for referral, days in zip(referrals, [1, 2, 3, 4, 20], strict=False):
        services.record_first_contact(
            by=golf_contact, referral=referral, at=start + datetime.timedelta(days=days), how="phone"
        )
    figures = queries.dashboard_figures(golf.municipality)
    assert figures["median_days"].value == 3 and figures["median_days"].shown
    # Within the deadline: 4 of the 6 that are due (the late one and the one never contacted are not).
    assert figures["in_time"].value == round(100 * 4 / 6) and figures["in_time"].shown
    assert figures["overdue"].value == 1 and not figures["overdue"].shown


def test_the_dashboard_costs_the_same_at_3_and_12_referrals(staff_client, golf, henvisrer):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries_run:
            assert staff_client.get(f"{HERNING}/").status_code == 200
        return len(queries_run.captured_queries)

    for _ in range(3):
        a_referral(by=henvisrer, receiver=golf)
    few = count()
    for _ in range(9):
        a_referral(by=henvisrer, receiver=golf)
    assert count() == few


def test_the_contact_marks_started_and_completed_on_the_page(client, golf, golf_contact, henvisrer):
    referral = a_referral(by=henvisrer, receiver=golf)
    services.record_first_contact(by=golf_contact, referral=referral, at=timezone.now(), how="meeting")
    client.force_login(golf_contact)
    page = f"/henvisninger/modtaget/{referral.pk}/"
    assert client.post(page, {"action": "advance", "advance-to": "started"}).status_code == 302
    skipping = client.post(page, {"action": "advance", "advance-to": "started"})
    assert skipping.status_code == 400
    assert shows(skipping, services.ERRORS["cannot_advance"], status="Startet", to="Startet")
    done = client.post(page, {"action": "advance", "advance-to": "completed", "advance-notes": "Spiller nu fast."})
    assert done.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.COMPLETED and referral.outcome_notes == "Spiller nu fast."
    assert client.post(page, {"action": "nonsense"}).status_code == 404


def test_a_receiver_that_stops_accepting_is_no_longer_offered_on_the_referral_page(staff_client, golf):
    page = f"{HERNING}/modtagere/{golf.pk}/"
    response = staff_client.post(page, {"action": "edit", "edit-name": golf.name, "edit-follow_up_days": "10"})
    assert response.status_code == 302
    golf.refresh_from_db()
    assert not golf.accepting and golf.follow_up_days == 10
    assert golf.name not in staff_client.get(f"{HERNING}/ny/").content.decode()
    refused = staff_client.post(page, {"action": "edit", "edit-name": golf.name, "edit-follow_up_days": "0"})
    assert refused.status_code == 400
    golf.refresh_from_db()
    assert golf.follow_up_days == 10


def test_closed_referrals_are_deleted_after_the_retention_period_and_open_ones_kept(
    golf, golf_contact, henvisrer, settings
):
    settings.SAMMEN_REFERRAL_RETENTION_DAYS = 30
    closed = a_referral(by=henvisrer, receiver=golf)
    services.decline(by=golf_contact, referral=closed, reason=EndReason.MOVED)
    still_open = a_referral(by=henvisrer, receiver=golf)
    assert services.purge_closed_referrals(timezone.now() + datetime.timedelta(days=29)) == 0
    assert services.purge_closed_referrals(timezone.now() + datetime.timedelta(days=31)) == 1
    assert list(Referral.objects.all()) == [still_open]
    assert not ReferralConsent.objects.filter(referral_id=closed.pk).exists()
    assert "sammen.referrals.tasks.purge_closed_referrals" in {e["task"] for e in app.conf.beat_schedule.values()}


def test_the_contacts_list_costs_the_same_at_2_and_10_referrals(client, golf, golf_contact, henvisrer):
    client.force_login(golf_contact)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries_run:
            assert client.get("/henvisninger/modtaget/").status_code == 200
        return len(queries_run.captured_queries)

    for _ in range(2):
        a_referral(by=henvisrer, receiver=golf)
    few = count()
    for _ in range(8):
        a_referral(by=henvisrer, receiver=golf)
    assert count() == few


def test_smoking_cessation_keeps_its_7_days_when_edited(staff_client, henvisrer):
    rygestop = smoking_cessation(henvisrer)
    page = f"{HERNING}/modtagere/{rygestop.pk}/"
    assert (
        staff_client.post(page, {"action": "edit", "edit-name": "Rygestop", "edit-follow_up_days": "30"}).status_code
        == 302
    )
    rygestop.refresh_from_db()
    assert rygestop.follow_up_days == 7 and not rygestop.accepting


# --- At the same moment -----------------------------------------------------------------------------------------

needs_postgresql = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="SQLite serialises writers (IMMEDIATE transactions), so the race cannot happen there; CI runs this on "
    "PostgreSQL",
)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_same_external_referral_registered_four_times_at_once_is_one_referral(herning):
    """What the later API's retries will do: the sender's reference is registered once, also from a new sender."""
    hanne = referrer("Herning")
    rygestop = smoking_cessation(hanne)
    barrier = threading.Barrier(4)
    outcomes = []

    def register():
        barrier.wait()
        try:
            services.register_external(
                by=hanne,
                receiver=rygestop,
                sender_name="Lægehuset Bredgade",
                external_id="LB-2026-117",
                received_on=timezone.localdate(),
                details=details(),
                consent=consent(),
            )
            outcomes.append("registered")
        except SammenError as error:
            outcomes.append(error.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes, key=str) == sorted(["registered", *[services.ERRORS["duplicate"]] * 3], key=str)
    assert Referral.objects.count() == 1 and Sender.objects.count() == 1


def test_a_hidden_figure_cannot_be_worked_out_from_a_total(golf, golf_contact, henvisrer):
    """3 declines at the golf club (hidden) and 6 at smoking cessation: the reasons table shows 9 transport
    declines, so the 6 are hidden too, or 9 − 6 would give the 3 back."""
    rygestop = smoking_cessation(henvisrer)
    rygestop_contact = contact_of(rygestop, by=henvisrer).user
    for receiver, contact, declines in ((golf, golf_contact, 3), (rygestop, rygestop_contact, 6)):
        for number in range(6):
            referral = a_referral(by=henvisrer, receiver=receiver)
            if number < declines:
                services.decline(by=contact, referral=referral, reason=EndReason.TRANSPORT)
    figures = queries.dashboard_figures(golf.municipality)
    transport = next(row for row in figures["reasons"] if row["reason"] == EndReason.TRANSPORT.label)
    assert transport["declined"].value == 9 and transport["declined"].shown
    declined = {row["receiver"]: row["declined"] for row in figures["months"]}
    assert declined[golf.name].value == 3 and declined[rygestop.name].value == 6
    assert not declined[golf.name].shown and not declined[rygestop.name].shown
    totals = [row["total"] for row in figures["months"]]
    assert all(cell.shown for cell in totals)  # 6 and 6: nothing to hide


def test_the_referrer_can_answer_the_wellbeing_questions_with_the_referred_citizen(
    staff_client, henvisrer, golf, karen_in_herning
):
    from sammen.wellbeing.models import Invitation

    referral = a_referral(by=henvisrer, receiver=golf, citizen=karen_in_herning)
    start = Invitation.objects.get(measurement__citizen=karen_in_herning, measurement__programme="referrals")
    link = f"/personale/kommune/657/trivsel/spoergeskema/{start.pk}/"
    page = staff_client.get(f"{HERNING}/{referral.pk}/").content.decode()
    assert f'href="{link}"' in page and f"Besvar spørgsmålene sammen med {karen_in_herning.display_name}" in page
    without_account = a_referral(by=henvisrer, receiver=golf)
    assert "trivsel/spoergeskema" not in staff_client.get(f"{HERNING}/{without_account.pk}/").content.decode()
