"""The phone number and SMS opt-in: a Danish number only, a six-digit code by SMS (hashed, 10 minutes, 5 tries,
3 codes an hour), text messages only to a confirmed number the person wants them on; off, on again and removed."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext

from sammen.accounts import phone
from sammen.accounts.models import PhoneConfirmation
from sammen.audit.models import AuditEntry
from sammen.core.errors import SammenError
from sammen.core.text_policy import MESSAGES as TEXT_POLICY
from sammen.notifications.models import Channel
from sammen.notifications.services import notify
from sammen.notifications.sms import backends as sms
from tests.test_talk_room import assert_accessible_markup

PHONE = "/konto/mobil/"
CONFIRM = "/konto/mobil/bekraeft/"


def says(response, message, **params) -> bool:
    """The page shows the message, in the language it is in (Danish): an English source string is translated."""
    text = gettext(str(message)) % params if params else gettext(str(message))
    return escape(text) in response.content.decode()


@pytest.fixture
def karen(client, karen_in_herning):
    client.force_login(karen_in_herning)
    return karen_in_herning


def ask_for_code(client, capture, number="20 30 40 50", *, wants_sms=True):
    data = {"action": "number", "phone_number": number}
    if wants_sms:
        data["wants_sms"] = "on"
    with capture(execute=True):
        return client.post(PHONE, data)


def write_code(client, code):
    return client.post(CONFIRM, {"action": "code", "code": code})


def sent_code(index=-1) -> str:
    return re.search(r"\b(\d{6})\b", sms.outbox[index]["body"]).group(1)


def unchanged(user) -> bool:
    user.refresh_from_db()
    return not user.phone_number and user.phone_confirmed_at is None and not user.sms_enabled


def text_karen(user, capture):
    sms.outbox.clear()
    user.refresh_from_db()
    with capture(execute=True):
        notify(
            user,
            template="accounts/sms/phone_code.txt",
            subject="Test",
            context={"code": "000000", "minutes": 10},
            channels=(Channel.EMAIL, Channel.SMS),
            sms_template="accounts/sms/phone_code.txt",
        )
    return [message["to"] for message in sms.outbox]


@pytest.mark.django_db
def test_the_profile_links_to_the_phone_page(client, karen):
    assert PHONE in client.get(reverse("accounts:profile")).content.decode()
    assert reverse("accounts:phone") == PHONE and reverse("accounts:phone_confirm") == CONFIRM
    response = client.get(PHONE)
    assert response.status_code == 200
    assert_accessible_markup(response)
    assert 'for="id_phone_number"' in response.content.decode()


@pytest.mark.django_db
def test_anonymous_visitors_are_asked_to_log_in(client):
    for url in (PHONE, CONFIRM):
        response = client.get(url)
        assert response.status_code == 302 and reverse("account_login") in response["Location"]


@pytest.mark.django_db
def test_a_code_by_sms_confirms_the_number_and_turns_text_messages_on(
    client, karen, django_capture_on_commit_callbacks
):
    response = ask_for_code(client, django_capture_on_commit_callbacks, "20 30 40 50")
    assert response.status_code == 302 and response["Location"] == CONFIRM
    [message] = sms.outbox
    assert message["to"] == "+4520304050"
    code = sent_code()
    assert "Sammen" in message["body"] and "10" in message["body"]
    confirmation = PhoneConfirmation.objects.get(user=karen)
    assert code not in confirmation.code_hash and len(confirmation.code_hash) == 64
    assert unchanged(karen)  # the number is saved only when the code comes back

    page = client.get(CONFIRM)
    assert_accessible_markup(page)
    assert "20 30 40 50" in page.content.decode() and 'autocomplete="one-time-code"' in page.content.decode()
    response = write_code(client, f" {code[:3]} {code[3:]} ")
    assert response.status_code == 302 and response["Location"] == PHONE
    karen.refresh_from_db()
    assert karen.phone_number == "+4520304050" and karen.phone_confirmed_at is not None and karen.sms_enabled
    assert karen.receives_sms
    assert AuditEntry.objects.filter(action="accounts.phone_number.confirmed", data_subject_id=karen.pk).exists()
    assert text_karen(karen, django_capture_on_commit_callbacks) == ["+4520304050"]


@pytest.mark.django_db
def test_sms_off_stops_text_messages_and_on_again_needs_no_new_code(client, karen, django_capture_on_commit_callbacks):
    ask_for_code(client, django_capture_on_commit_callbacks)
    write_code(client, sent_code())
    client.post(PHONE, {"action": "sms_off"})
    assert_accessible_markup(client.get(PHONE))
    karen.refresh_from_db()
    assert not karen.sms_enabled and karen.phone_number == "+4520304050"
    assert text_karen(karen, django_capture_on_commit_callbacks) == []

    client.post(PHONE, {"action": "sms_on"})
    assert PhoneConfirmation.objects.filter(user=karen).count() == 1
    assert text_karen(karen, django_capture_on_commit_callbacks) == ["+4520304050"]

    # Saving the same confirmed number with text messages wanted sends no new code either.
    sms.outbox.clear()
    ask_for_code(client, django_capture_on_commit_callbacks, "+45 20 30 40 50")
    assert PhoneConfirmation.objects.filter(user=karen).count() == 1
    assert sms.outbox == []


@pytest.mark.django_db
def test_removing_the_number_removes_it_and_its_text_messages(client, karen, django_capture_on_commit_callbacks):
    ask_for_code(client, django_capture_on_commit_callbacks)
    write_code(client, sent_code())
    response = client.post(PHONE, {"action": "remove"})
    assert response.status_code == 302
    assert unchanged(karen)
    assert text_karen(karen, django_capture_on_commit_callbacks) == []
    assert says(client.get(PHONE), "Add your phone number")


@pytest.mark.django_db
def test_text_messages_cannot_be_turned_on_for_a_number_that_was_not_confirmed(
    client, karen, django_capture_on_commit_callbacks
):
    ask_for_code(client, django_capture_on_commit_callbacks, wants_sms=False)
    response = client.post(PHONE, {"action": "sms_on"}, follow=True)
    assert says(response, phone.ERRORS["not_confirmed"])
    karen.refresh_from_db()
    assert not karen.sms_enabled and not karen.receives_sms


@pytest.mark.django_db
def test_a_number_for_phone_talks_only_is_saved_at_once_and_gets_no_text_messages(
    client, karen, django_capture_on_commit_callbacks
):
    response = ask_for_code(client, django_capture_on_commit_callbacks, "97 12 34 56", wants_sms=False)
    assert response.status_code == 302 and response["Location"] == PHONE
    karen.refresh_from_db()
    assert karen.phone_number == "+4597123456" and karen.phone_confirmed_at is None and not karen.sms_enabled
    assert sms.outbox == [] and not PhoneConfirmation.objects.exists()
    assert text_karen(karen, django_capture_on_commit_callbacks) == []


@pytest.mark.django_db
def test_a_new_number_replaces_the_confirmed_one_only_when_its_code_comes_back(
    client, karen, django_capture_on_commit_callbacks
):
    ask_for_code(client, django_capture_on_commit_callbacks, "20 30 40 50")
    write_code(client, sent_code())
    ask_for_code(client, django_capture_on_commit_callbacks, "30 40 50 60")
    karen.refresh_from_db()
    assert karen.phone_number == "+4520304050" and karen.receives_sms
    assert sms.outbox[-1]["to"] == "+4530405060"
    write_code(client, sent_code())
    karen.refresh_from_db()
    assert karen.phone_number == "+4530405060" and karen.receives_sms


@pytest.mark.django_db
def test_a_wrong_code_says_how_many_tries_are_left_and_changes_nothing(
    client, karen, django_capture_on_commit_callbacks
):
    ask_for_code(client, django_capture_on_commit_callbacks)
    wrong = f"{(int(sent_code()) + 1) % 1_000_000:06d}"
    response = write_code(client, wrong)
    assert response.status_code == 200
    assert_accessible_markup(response)
    assert says(response, phone.ERRORS["wrong_code"], left=4)
    assert PhoneConfirmation.objects.get().attempts == 1
    assert unchanged(karen)


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["12345", "1234567", "abcdef", "12 34 5x", "１２３４５６\x00"])
def test_a_code_that_is_not_six_digits_is_not_counted_as_a_try(
    client, karen, django_capture_on_commit_callbacks, typed
):
    ask_for_code(client, django_capture_on_commit_callbacks)
    response = write_code(client, typed)
    assert response.status_code == 200 and 'class="form-error-message"' in response.content.decode()
    assert PhoneConfirmation.objects.get().attempts == 0
    assert unchanged(karen)


@pytest.mark.django_db
def test_after_five_wrong_tries_even_the_right_code_is_refused(client, karen, django_capture_on_commit_callbacks):
    ask_for_code(client, django_capture_on_commit_callbacks)
    code = sent_code()
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for left in (4, 3, 2, 1):
        assert says(write_code(client, wrong), phone.ERRORS["wrong_code"], left=left)
    assert says(write_code(client, wrong), phone.ERRORS["too_many_tries"])
    response = write_code(client, code)
    assert says(response, phone.ERRORS["too_many_tries"])
    assert says(client.get(CONFIRM), "This code can no longer be used. Ask for a new code.")
    assert PhoneConfirmation.objects.get().attempts == 5
    assert unchanged(karen)


@pytest.mark.django_db
def test_a_code_expires_after_ten_minutes(client, karen, django_capture_on_commit_callbacks):
    ask_for_code(client, django_capture_on_commit_callbacks)
    code = sent_code()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=10, seconds=1)):
        response = write_code(client, code)
    assert says(response, phone.ERRORS["expired"], minutes=10)
    assert unchanged(karen)


@pytest.mark.django_db
def test_a_new_code_replaces_the_old_one(client, karen, django_capture_on_commit_callbacks):
    ask_for_code(client, django_capture_on_commit_callbacks)
    old = sent_code()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CONFIRM, {"action": "resend"})
    new = sent_code()
    assert len(sms.outbox) == 2 and sms.outbox[-1]["to"] == "+4520304050"
    if old != new:
        assert says(write_code(client, old), phone.ERRORS["wrong_code"], left=4)
    write_code(client, new)
    karen.refresh_from_db()
    assert karen.receives_sms


@pytest.mark.django_db
def test_at_most_three_codes_an_hour(client, karen, django_capture_on_commit_callbacks):
    for _ in range(3):
        ask_for_code(client, django_capture_on_commit_callbacks)
    response = ask_for_code(client, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert says(response, phone.ERRORS["too_many_codes"], count=3)
    with django_capture_on_commit_callbacks(execute=True):
        resend = client.post(CONFIRM, {"action": "resend"}, follow=True)
    assert says(resend, phone.ERRORS["too_many_codes"], count=3)
    assert len(sms.outbox) == 3 and PhoneConfirmation.objects.count() == 3
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1, minutes=1)):
        assert ask_for_code(client, django_capture_on_commit_callbacks).status_code == 302
    assert len(sms.outbox) == 4


@pytest.mark.django_db
def test_a_code_for_a_number_given_up_no_longer_confirms_it(client, karen, django_capture_on_commit_callbacks):
    ask_for_code(client, django_capture_on_commit_callbacks, "20 30 40 50")
    code = sent_code()
    ask_for_code(client, django_capture_on_commit_callbacks, "97 12 34 56", wants_sms=False)
    response = write_code(client, code)
    assert says(response, phone.ERRORS["expired"], minutes=10)
    karen.refresh_from_db()
    assert karen.phone_number == "+4597123456" and not karen.receives_sms


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("+46 70 123 45 67", phone.ERRORS["foreign"]),
        ("0046701234567", phone.ERRORS["foreign"]),
        ("+299 32 10 00", phone.ERRORS["foreign"]),
        ("1234", phone.ERRORS["invalid"]),
        ("12 34 56 78", phone.ERRORS["invalid"]),
        ("+45 2030 40501", phone.ERRORS["invalid"]),
        ("2030 40AB", phone.ERRORS["invalid"]),
        ("20 30 40 50 ext. 3", phone.ERRORS["invalid"]),
        ("+45 80 00 12 34", phone.ERRORS["service_number"]),
        ("90 12 34 56", phone.ERRORS["service_number"]),
        ("010150-1234", TEXT_POLICY["cpr"]),
        ("2030\x004050", None),
        ("2030\n4050", TEXT_POLICY["line_break"]),
        ("2" * 100_000, phone.ERRORS["invalid"]),
    ],
)
@pytest.mark.parametrize("wants_sms", [True, False])
def test_a_number_that_is_not_a_danish_personal_number_gets_a_message_and_changes_nothing(
    client, karen, django_capture_on_commit_callbacks, typed, message, wants_sms
):
    response = ask_for_code(client, django_capture_on_commit_callbacks, typed, wants_sms=wants_sms)
    assert response.status_code == 200
    assert_accessible_markup(response)
    assert 'class="form-error-message"' in response.content.decode()
    if message is not None:
        assert says(response, message)
    if len(typed) < 100 and "\x00" not in typed:
        assert f'value="{escape(typed.strip())}"' in response.content.decode()  # what was typed is kept
    assert unchanged(karen)
    assert sms.outbox == [] and not PhoneConfirmation.objects.exists()


@pytest.mark.django_db
def test_the_service_refuses_what_the_form_would_so_no_other_caller_gets_around_it(karen_in_herning):
    for typed in ("+4670 1234567", "010150-1234", "x" * 31, ""):
        with pytest.raises(SammenError) as refused:
            phone.change_phone_number(user=karen_in_herning, number=typed, wants_sms=True)
        assert refused.value.field == "phone_number"
    assert unchanged(karen_in_herning) and not PhoneConfirmation.objects.exists()


@pytest.mark.django_db
def test_the_confirm_page_without_a_code_sends_the_person_back(client, karen):
    response = client.get(CONFIRM)
    assert response.status_code == 302 and response["Location"] == PHONE
    response = write_code(client, "123456")
    assert response.status_code == 302 and response["Location"] == PHONE
    assert unchanged(karen)


@pytest.mark.django_db
def test_code_requests_are_deleted_after_a_day_and_the_job_is_scheduled(
    client, karen, django_capture_on_commit_callbacks
):
    from sammen.celery import app

    ask_for_code(client, django_capture_on_commit_callbacks)
    assert phone.purge_old_codes() == 0  # still counts towards the hourly limit
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1, minutes=1)):
        assert phone.purge_old_codes() == 1
    assert not PhoneConfirmation.objects.exists()
    assert "sammen.accounts.tasks.purge_old_phone_codes" in {e["task"] for e in app.conf.beat_schedule.values()}
