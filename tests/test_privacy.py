"""The citizen's own data (GDPR): Karen downloads everything Sammen holds about her — including that a moderator
read her data — and deletes her account; Ole, who talked with her, keeps the conversation from "en slettet
profil". Inactive accounts are warned after two years and deleted 30 days later unless they log in."""

import datetime
import json

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from sammen.audit import services as audit
from sammen.audit.models import AuditEntry
from sammen.bubbles.models import Bubble
from sammen.messaging import services as messaging
from sammen.messaging.models import Conversation, Message
from sammen.notifications.models import OutboxMessage
from sammen.privacy import services
from sammen.privacy.models import InactivityWarning
from tests.factories import PASSWORD, BubbleFactory, citizen
from tests.factories.bubbles import posted_bubble
from tests.helpers import log_in_with_second_factor

pytestmark = pytest.mark.django_db

User = get_user_model()
PRIVATE_URLS = ["privacy:my_data", "privacy:my_data_json", "privacy:delete_account"]


@pytest.fixture
def talk(karen_in_herning, ole_in_kolding, moderator_in_herning):
    """Karen's bubble, Ole's answer and hers, and Mette the moderator's read of Karen's data in the access log."""
    bubble = posted_bubble(karen_in_herning, title="Strikkeklub i Herning")
    conversation = messaging.respond_to_bubble(bubble=bubble, responder=ole_in_kolding)
    messaging.send_message(conversation=conversation, sender=ole_in_kolding, body="Hej Karen, må jeg være med?")
    messaging.send_message(conversation=conversation, sender=karen_in_herning, body="Ja, kom bare på torsdag.")
    audit.record_personal_data_read(
        viewer=moderator_in_herning,
        data_subject=karen_in_herning,
        what="moderation.report",
        municipality=karen_in_herning.municipality,
    )
    return conversation


def test_my_data_page_shows_profile_bubbles_messages_and_who_read_it(client, karen_in_herning, talk):
    client.force_login(karen_in_herning)
    page = client.get(reverse("privacy:my_data")).content.decode()
    for expected in [
        "karen@example.dk",
        "Strikkeklub i Herning",
        "Ja, kom bare på torsdag.",
        "Hvem har set dine data",
        "Mette",
        "moderation.report",
        "Herning",
    ]:
        assert expected in page
    assert "Hej Karen, må jeg være med?" not in page  # Ole's message is his, not hers


def test_my_data_json_parses_and_holds_the_access_log(client, karen_in_herning, talk):
    client.force_login(karen_in_herning)
    response = client.get(reverse("privacy:my_data_json"))
    assert response["Content-Disposition"] == 'attachment; filename="sammen-mine-data.json"'
    data = json.loads(response.content)
    sections = {section["key"]: section for section in data["sections"]}
    assert data["account_id"] == karen_in_herning.pk
    assert sections["accounts.profile"]["records"][0]["E-mail"] == "karen@example.dk"
    assert [r["Titel"] for r in sections["bubbles.bubbles"]["records"]] == ["Strikkeklub i Herning"]
    assert [r["Besked"] for r in sections["messaging.messages"]["records"]] == ["Ja, kom bare på torsdag."]
    reads = [r for r in sections["privacy.access_log"]["records"] if r["Hvem"] == "Mette"]
    assert len(reads) == 1
    assert reads[0]["Hvad blev set"] == "moderation.report"
    datetime.datetime.fromisoformat(reads[0]["Tidspunkt"])


@pytest.mark.parametrize("name", PRIVATE_URLS)
def test_anonymous_visitors_are_sent_to_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_another_citizen_only_ever_sees_their_own_data(client, ole_in_kolding, talk):
    client.force_login(ole_in_kolding)
    page = client.get(reverse("privacy:my_data")).content.decode()
    body = client.get(reverse("privacy:my_data_json")).content.decode()
    for text in (page, body):
        assert "ole@example.dk" in text
        assert "karen@example.dk" not in text
        assert "Ja, kom bare på torsdag." not in text
        assert "moderation.report" not in text


def test_deleting_the_account_keeps_the_conversation_for_the_other_party(
    client, karen_in_herning, ole_in_kolding, talk
):
    karen_id = karen_in_herning.pk
    audit_rows = AuditEntry.objects.filter(data_subject_id=karen_id).count()
    client.force_login(karen_in_herning)
    summary = client.get(reverse("privacy:delete_account")).content.decode()
    assert "en slettet profil" in summary and "Dine bobler" in summary

    response = client.post(reverse("privacy:delete_account"), {"password": PASSWORD}, follow=True)

    assert "Din konto er slettet" in response.content.decode()
    assert not User.objects.filter(pk=karen_id).exists()
    assert not Bubble.objects.exists()
    assert client.get(reverse("privacy:my_data")).status_code == 302  # logged out
    # The access log keeps what it had, and says the account was deleted.
    assert AuditEntry.objects.filter(data_subject_id=karen_id).count() == audit_rows + 1
    # The confirmation went to the address she had, through the outbox.
    mail = OutboxMessage.objects.get(template="privacy/email/account_deleted.txt")
    assert mail.address == "karen@example.dk"
    assert "er blevet slettet" in mail.subject

    # Ole still has the conversation, with Karen's message from "en slettet profil", and cannot write any more.
    conversation = Conversation.objects.get(pk=talk.pk)
    assert conversation.author_id is None and conversation.bubble_id is None
    assert Message.objects.filter(conversation=conversation).count() == 2
    client.force_login(ole_in_kolding)
    inbox = client.get(reverse("messaging:inbox")).content.decode()
    assert "en slettet profil" in inbox
    page = client.get(reverse("messaging:conversation", args=[talk.pk])).content.decode()
    assert "Samtale med en slettet profil" in page
    assert "Ja, kom bare på torsdag." in page and "Hej Karen, må jeg være med?" in page
    assert "har slettet sin profil" in page
    client.post(reverse("messaging:conversation", args=[talk.pk]), {"body": "Er du der?"})
    assert Message.objects.filter(conversation=conversation).count() == 2
    # Nobody is e-mailed about messages in a conversation with a deleted side.
    assert messaging.send_new_message_emails(now=timezone.now() + datetime.timedelta(minutes=5)) == 0


def test_a_wrong_password_deletes_nothing(client, karen_in_herning, talk):
    client.force_login(karen_in_herning)
    response = client.post(reverse("privacy:delete_account"), {"password": "forkert"})
    assert "Adgangskoden er ikke rigtig" in response.content.decode()
    assert User.objects.filter(pk=karen_in_herning.pk).exists()
    assert Bubble.objects.count() == 1
    assert not OutboxMessage.objects.filter(template="privacy/email/account_deleted.txt").exists()


def test_an_account_without_a_password_confirms_by_typing_the_word(client, karen_in_herning):
    karen_in_herning.set_unusable_password()
    karen_in_herning.save()
    client.force_login(karen_in_herning)
    client.post(reverse("privacy:delete_account"), {"word": "slet"})
    assert User.objects.filter(pk=karen_in_herning.pk).exists()
    client.post(reverse("privacy:delete_account"), {"word": "SLET"})
    assert not User.objects.filter(pk=karen_in_herning.pk).exists()


def test_a_failure_during_deletion_leaves_everything(monkeypatch, karen_in_herning, talk):
    original = User.delete

    def delete_then_fail(self, *args, **kwargs):
        original(self, *args, **kwargs)
        raise RuntimeError("the database went away")

    monkeypatch.setattr(User, "delete", delete_then_fail)
    with pytest.raises(RuntimeError):
        services.delete_account(user=karen_in_herning)
    assert User.objects.filter(pk=karen_in_herning.pk).exists()
    assert Bubble.objects.filter(author=karen_in_herning).count() == 1
    assert Message.objects.filter(sender=karen_in_herning).count() == 1
    assert Conversation.objects.get(pk=talk.pk).author_id == karen_in_herning.pk
    assert not OutboxMessage.objects.filter(template="privacy/email/account_deleted.txt").exists()
    assert not AuditEntry.objects.filter(action="privacy.account.deleted").exists()


def test_staff_are_told_to_ask_an_administrator(client, moderator_in_herning):
    log_in_with_second_factor(client, moderator_in_herning)
    page = client.get(reverse("privacy:delete_account")).content.decode()
    assert "Bed din kommunes Sammen-administrator" in page
    client.post(reverse("privacy:delete_account"), {"password": PASSWORD})
    assert User.objects.filter(pk=moderator_in_herning.pk).exists()


def test_the_profile_links_to_my_data_and_deletion(client, karen_in_herning):
    client.force_login(karen_in_herning)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("privacy:my_data") in page and reverse("privacy:delete_account") in page


# --- Retention -----------------------------------------------------------------------------------------------------


def _warnings_sent():
    return OutboxMessage.objects.filter(template="privacy/email/inactive_warning.txt").count()


def test_inactive_accounts_are_warned_after_two_years_and_deleted_30_days_later(moderator_in_herning):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        sleeper = citizen("Herning", display_name="Sovende", email="sover@example.dk")
        sleeper.last_login = start
        sleeper.save()

    assert services.warn_inactive_accounts(start + datetime.timedelta(days=729)) == 0
    warned_at = start + datetime.timedelta(days=730, hours=1)
    assert services.warn_inactive_accounts(warned_at) == 1
    assert services.warn_inactive_accounts(warned_at + datetime.timedelta(days=1)) == 0  # once
    assert _warnings_sent() == 1
    warning = OutboxMessage.objects.get(template="privacy/email/inactive_warning.txt")
    assert warning.address == "sover@example.dk" and "slettet" in warning.subject

    assert services.delete_inactive_accounts(warned_at + datetime.timedelta(days=29)) == 0
    assert User.objects.filter(pk=sleeper.pk).exists()
    assert services.delete_inactive_accounts(warned_at + datetime.timedelta(days=30)) == 1
    assert not User.objects.filter(pk=sleeper.pk).exists()
    assert services.delete_inactive_accounts(warned_at + datetime.timedelta(days=31)) == 0  # idempotent
    confirmation = OutboxMessage.objects.get(template="privacy/email/account_deleted.txt")
    assert confirmation.address == "sover@example.dk"
    # Staff are never warned: the municipality closes their accounts.
    assert User.objects.filter(pk=moderator_in_herning.pk).exists()


def test_logging_in_after_the_warning_keeps_the_account():
    start = timezone.now()
    sleeper = citizen("Herning", email="vaagner@example.dk")
    User.objects.filter(pk=sleeper.pk).update(last_login=start, date_joined=start)
    warned_at = start + datetime.timedelta(days=731)
    assert services.warn_inactive_accounts(warned_at) == 1

    User.objects.filter(pk=sleeper.pk).update(last_login=warned_at + datetime.timedelta(days=10))
    assert services.delete_inactive_accounts(warned_at + datetime.timedelta(days=30)) == 0
    assert User.objects.filter(pk=sleeper.pk).exists()
    # The next run drops the stale warning, and nobody is warned again until two years after that login.
    assert services.warn_inactive_accounts(warned_at + datetime.timedelta(days=31)) == 0
    assert not InactivityWarning.objects.exists()
    assert _warnings_sent() == 1


def test_the_daily_job_runs_every_registered_purge_and_is_idempotent():
    now = timezone.now()
    first = services.run_retention(now)
    assert first["warned"] == 0 and first["deleted"] == 0 and first["opportunities.courses"] == 0
    assert services.run_retention(now) == first


# --- What deletion does in the other apps --------------------------------------------------------------------------


def test_a_deleted_citizens_seat_goes_to_the_first_on_the_waiting_list(karen_in_herning, inge_in_herning):
    from sammen.activities import services as activities
    from sammen.activities.models import SignUp, SignUpStatus
    from tests.factories.activities import activity_with_dates

    occurrence = activity_with_dates(capacity=1).occurrences.get()
    activities.sign_up(occurrence=occurrence, user=karen_in_herning)
    waiting = citizen("Herning", display_name="Vibeke")
    activities.sign_up(occurrence=occurrence, user=waiting)

    services.delete_account(user=karen_in_herning)

    assert SignUp.objects.get(user=waiting).status == SignUpStatus.CONFIRMED
    assert not SignUp.objects.filter(user_id=karen_in_herning.pk).exists()


def test_an_organiser_is_told_to_hand_over_the_activities_first(client, inge_in_herning):
    from tests.factories.activities import activity_with_dates

    activity_with_dates(organiser=inge_in_herning)
    client.force_login(inge_in_herning)
    page = client.get(reverse("privacy:delete_account")).content.decode()
    assert "Du er arrangør af aktiviteter på Sammen" in page
    client.post(reverse("privacy:delete_account"), {"password": PASSWORD})
    assert User.objects.filter(pk=inge_in_herning.pk).exists()


def test_a_course_with_a_job_consultant_stays_with_the_municipality_without_the_account(client):
    from sammen.opportunities.models import Course
    from tests.factories.opportunities import a_course, job_consultant

    lone = citizen("Kolding", display_name="Lone", email="lone@example.dk")
    course = a_course(job_consultant(), name="", citizen=lone)
    client.force_login(lone)
    data = json.loads(client.get(reverse("privacy:my_data_json")).content)
    courses = next(section for section in data["sections"] if section["key"] == "opportunities.courses")
    assert len(courses["records"]) == 1

    services.delete_account(user=lone)

    course = Course.objects.get(pk=course.pk)
    assert course.citizen_id is None and course.name == "Lone"


def test_the_page_costs_the_same_queries_at_one_bubble_and_at_five(client, karen_in_herning, moderator_in_herning):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(karen_in_herning)

    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("privacy:my_data")).status_code == 200
        return len(captured)

    posted_bubble(karen_in_herning, title="Første")
    audit.record_personal_data_read(viewer=moderator_in_herning, data_subject=karen_in_herning, what="a")
    few = queries_for_page()
    for number in range(4):
        BubbleFactory(author=karen_in_herning, title=f"Boble {number}")
        audit.record_personal_data_read(viewer=moderator_in_herning, data_subject=karen_in_herning, what="b")
    assert queries_for_page() == few


def test_a_moderator_sees_the_messages_of_a_reporter_who_deleted_her_account_as_from_a_deleted_profile(
    client, karen_in_herning, ole_in_kolding, moderator_in_kolding, talk
):
    from sammen.moderation.models import Report

    ole_message = Message.objects.get(sender=ole_in_kolding)
    client.force_login(karen_in_herning)
    client.post(f"/rapport/besked/{ole_message.pk}/", {"reason": "spam", "text": "Reklame"})
    report = Report.objects.get()
    services.delete_account(user=karen_in_herning)
    log_in_with_second_factor(client, moderator_in_kolding)
    page = client.get(f"/personale/kommune/621/moderation/{report.pk}/").content.decode()
    assert '<p class="sammen-meta">en slettet profil · ' in page and "Ja, kom bare på torsdag." in page
