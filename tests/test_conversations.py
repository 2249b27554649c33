"""Responding to a bubble opens a private conversation; messages, unread counts, batched e-mail, read-only."""

import datetime
import threading

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends import locmem
from django.db import connection
from django.utils import timezone

from sammen.messaging import queries, services
from sammen.messaging.models import Conversation, Message
from sammen.municipalities.models import ParticipationPeriod
from sammen.notifications.tasks import deliver_due_notifications
from sammen.taxonomy.models import Category
from tests.factories import BubbleFactory, citizen, staff
from tests.factories.bubbles import posted_bubble
from tests.helpers import log_in_with_second_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def bubble(karen_in_herning):
    """Karen's knitting club in Herning, posted through the service."""
    return posted_bubble(karen_in_herning)


def test_responding_opens_one_private_conversation(client, bubble, ole_in_kolding):
    client.force_login(ole_in_kolding)
    response = client.post(f"/bobler/{bubble.pk}/svar/", follow=True)
    conversation = Conversation.objects.get()
    assert response.redirect_chain[-1][0] == f"/samtaler/{conversation.pk}/"
    assert "Samtale med Karen" in response.content.decode()
    client.post(f"/bobler/{bubble.pk}/svar/")
    assert Conversation.objects.count() == 1
    bubble.refresh_from_db()
    assert bubble.answered_at is None  # opening a conversation without writing is not an answer
    client.post(f"/samtaler/{conversation.pk}/", {"body": "Hej, jeg strikker også!"})
    bubble.refresh_from_db()
    assert bubble.answered_at is not None


def test_exchange_messages_with_unread_counts_and_links(client, bubble, karen_in_herning, ole_in_kolding):
    conversation = services.respond_to_bubble(bubble=bubble, responder=ole_in_kolding)
    client.force_login(ole_in_kolding)
    client.post(f"/samtaler/{conversation.pk}/", {"body": "Hej! Se https://strik.example.dk <script>x</script>"})
    assert queries.unread_count(karen_in_herning) == 1
    inbox = list(queries.inbox(karen_in_herning))
    assert inbox[0].unread == 1
    client.force_login(karen_in_herning)
    page = client.get(f"/samtaler/{conversation.pk}/").content.decode()
    assert '<a href="https://strik.example.dk"' in page
    assert "&lt;script&gt;" in page and "<script>x" not in page
    assert queries.unread_count(karen_in_herning) == 0


def test_bad_messages_are_refused_and_kept(client, bubble, ole_in_kolding):
    conversation = services.respond_to_bubble(bubble=bubble, responder=ole_in_kolding)
    client.force_login(ole_in_kolding)
    too_long = "a" * 2001
    page = client.post(f"/samtaler/{conversation.pk}/", {"body": too_long}).content.decode()
    assert "En besked må højst være 2000 tegn. Din har 2001." in page
    assert too_long in page
    page = client.post(f"/samtaler/{conversation.pk}/", {"body": "   "}).content.decode()
    assert "Skriv en besked, før du sender den." in page
    assert not Message.objects.exists()


def test_htmx_poll_returns_only_new_messages(client, bubble, karen_in_herning, ole_in_kolding):
    conversation = services.respond_to_bubble(bubble=bubble, responder=ole_in_kolding)
    first = services.send_message(conversation=conversation, sender=ole_in_kolding, body="Første")
    services.send_message(conversation=conversation, sender=ole_in_kolding, body="Anden")
    client.force_login(karen_in_herning)
    fragment = client.get(f"/samtaler/{conversation.pk}/nye/?efter={first.pk}", HTTP_HX_REQUEST="true").content.decode()
    assert "Anden" in fragment and "Første" not in fragment


def test_only_the_two_parties_can_read_a_conversation(
    client,
    bubble,
    ole_in_kolding,
    moderator_in_herning,
    coordinator_in_herning,
    administrator_in_herning,
    platform_administrator,
):
    conversation = services.respond_to_bubble(bubble=bubble, responder=ole_in_kolding)
    services.send_message(conversation=conversation, sender=ole_in_kolding, body="Privat")
    before = Conversation.objects.values().get(pk=conversation.pk)
    outsiders = [
        citizen("Herning"),
        moderator_in_herning,
        coordinator_in_herning,
        staff("analyst", "Herning"),
        administrator_in_herning,
        platform_administrator,
    ]
    for outsider in outsiders:
        log_in_with_second_factor(client, outsider)
        assert client.get(f"/samtaler/{conversation.pk}/").status_code == 404
        assert client.get(f"/samtaler/{conversation.pk}/nye/").status_code == 404
    client.logout()
    assert client.get(f"/samtaler/{conversation.pk}/").status_code == 302
    # Nothing an outsider did marked the message read.
    assert Conversation.objects.values().get(pk=conversation.pk) == before
    assert list(Message.objects.values_list("body", "recipient_notified")) == [("Privat", False)]


def test_new_messages_are_emailed_in_one_batch(
    bubble, karen_in_herning, ole_in_kolding, django_capture_on_commit_callbacks
):
    conversation = services.respond_to_bubble(bubble=bubble, responder=ole_in_kolding)
    for text in ("Hej", "Er du der?", "Vi ses tirsdag"):
        services.send_message(conversation=conversation, sender=ole_in_kolding, body=text)
    five_minutes_later = timezone.now() + datetime.timedelta(minutes=5)
    with time_machine.travel(five_minutes_later), django_capture_on_commit_callbacks(execute=True):
        assert services.send_new_message_emails() == 1
        assert services.send_new_message_emails() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["karen@example.dk"]
    assert "3 nye beskeder" in mail.outbox[0].body


class RefusesOneAddress(locmem.EmailBackend):
    """The mail server refuses mail to one address (as an SMTP server can); everything else is delivered."""

    refused = "karen@example.dk"

    def send_messages(self, messages):
        if any(self.refused in message.to for message in messages):
            raise ConnectionRefusedError("mail server said no")
        return super().send_messages(messages)


def test_a_failed_email_is_tried_again_without_resending_the_others(
    bubble, karen_in_herning, ole_in_kolding, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.test_conversations.RefusesOneAddress"
    to_karen = services.respond_to_bubble(bubble=bubble, responder=ole_in_kolding)
    services.send_message(conversation=to_karen, sender=ole_in_kolding, body="Hej Karen")
    to_ole = services.respond_to_bubble(bubble=posted_bubble(ole_in_kolding), responder=karen_in_herning)
    services.send_message(conversation=to_ole, sender=karen_in_herning, body="Hej Ole")
    later = timezone.now() + datetime.timedelta(minutes=5)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_new_message_emails(now=later) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["ole@example.dk"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_new_message_emails(now=later) == 0  # the messages are not mailed a second time
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        assert deliver_due_notifications() == 1  # the outbox tries the failed mail again after a pause
    assert [m.to for m in mail.outbox] == [["ole@example.dk"], ["karen@example.dk"]]
    assert deliver_due_notifications() == 0


def test_opening_a_conversation_marks_read_only_what_was_shown(
    client, bubble, karen_in_herning, ole_in_kolding, django_capture_on_commit_callbacks
):
    conversation = services.respond_to_bubble(bubble=bubble, responder=ole_in_kolding)
    first = services.send_message(conversation=conversation, sender=ole_in_kolding, body="Hej")
    client.force_login(karen_in_herning)
    assert "Hej" in client.get(f"/samtaler/{conversation.pk}/").content.decode()
    conversation.refresh_from_db()
    assert conversation.author_read_at == first.created_at
    services.send_message(conversation=conversation, sender=ole_in_kolding, body="Er du der?")
    five_minutes_later = timezone.now() + datetime.timedelta(minutes=5)
    with time_machine.travel(five_minutes_later), django_capture_on_commit_callbacks(execute=True):
        assert services.send_new_message_emails() == 1
    assert "1 ny besked" in mail.outbox[0].body



def test_a_link_from_another_site_shows_the_conversation_but_does_not_mark_it_read(
    client, bubble, karen_in_herning, ole_in_kolding
):
    conversation = services.respond_to_bubble(bubble=bubble, responder=ole_in_kolding)
    first = services.send_message(conversation=conversation, sender=ole_in_kolding, body="Hej")
    client.force_login(karen_in_herning)
    for elsewhere in ("cross-site", "same-site"):
        page = client.get(f"/samtaler/{conversation.pk}/", HTTP_SEC_FETCH_SITE=elsewhere).content.decode()
        assert "Hej" in page
        client.get(f"/samtaler/{conversation.pk}/nye/?efter=0&vist={first.pk}", HTTP_SEC_FETCH_SITE=elsewhere)
        assert queries.unread_count(karen_in_herning) == 1
    # The page it opened asks for new messages after a while, and that counts: it has been in front of Karen.
    assert f"?efter={first.pk}&amp;vist={first.pk}" in page
    client.get(f"/samtaler/{conversation.pk}/nye/?efter={first.pk}&vist={first.pk}", HTTP_HX_REQUEST="true")
    assert queries.unread_count(karen_in_herning) == 0


def test_opening_a_conversation_from_sammen_itself_or_a_bookmark_marks_it_read(
    client, bubble, karen_in_herning, ole_in_kolding
):
    conversation = services.respond_to_bubble(bubble=bubble, responder=ole_in_kolding)
    client.force_login(karen_in_herning)
    for own in ("same-origin", "none"):
        services.send_message(conversation=conversation, sender=ole_in_kolding, body="Hej")
        assert queries.unread_count(karen_in_herning) == 1
        page = client.get(f"/samtaler/{conversation.pk}/", HTTP_SEC_FETCH_SITE=own).content.decode()
        assert queries.unread_count(karen_in_herning) == 0
        assert "vist=" not in page

def test_no_email_for_people_who_turned_it_off_or_already_read(bubble, karen_in_herning, ole_in_kolding):
    karen_in_herning.notify_by_email = False
    karen_in_herning.save()
    conversation = services.respond_to_bubble(bubble=bubble, responder=ole_in_kolding)
    services.send_message(conversation=conversation, sender=ole_in_kolding, body="Hej")
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5)):
        assert services.send_new_message_emails() == 0
    assert len(mail.outbox) == 0


def test_when_the_authors_municipality_stops_conversations_become_read_only(
    client, bubble, karen_in_herning, ole_in_kolding
):
    conversation = services.respond_to_bubble(bubble=bubble, responder=ole_in_kolding)
    services.send_message(conversation=conversation, sender=ole_in_kolding, body="Hej Karen")
    ParticipationPeriod.objects.filter(municipality__name="Herning").update(
        ends_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    client.force_login(ole_in_kolding)
    page = client.get(f"/samtaler/{conversation.pk}/").content.decode()
    assert "Hej Karen" in page
    assert "samtaler kan kun læses" in page
    assert 'name="body"' not in page
    client.post(f"/samtaler/{conversation.pk}/", {"body": "Er du der?"})
    assert Message.objects.count() == 1
    newcomer = citizen("Kolding", avatar_symbol="sun")
    client.force_login(newcomer)
    client.post(f"/bobler/{bubble.pk}/svar/")
    assert Conversation.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_responses_make_one_conversation(karen_in_herning, ole_in_kolding):
    bubble = BubbleFactory(
        author=karen_in_herning, title="Kortspil", body="Whist", category=Category.objects.get(slug="spil")
    )
    barrier = threading.Barrier(4)
    results, errors = [], []

    def respond():
        try:
            barrier.wait()
            results.append(services.respond_to_bubble(bubble=bubble, responder=ole_in_kolding).pk)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=respond) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert Conversation.objects.count() == 1
    assert set(results) == {Conversation.objects.get().pk}
