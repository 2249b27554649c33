"""Pages cost the same number of SQL queries at 10 rows as at 100."""

import pytest

from tests.factories import UserFactory, citizen, municipality
from tests.helpers import log_in_with_second_factor

pytestmark = pytest.mark.django_db


def count_queries(client, path) -> int:
    """Queries of one request in the steady state: a first request may create the month's statistics rows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_staff_citizen_list_does_not_grow_with_the_number_of_citizens(client, coordinator_in_herning):
    log_in_with_second_factor(client, coordinator_in_herning)
    UserFactory.create_batch(5, municipality=municipality("Herning"))
    few = count_queries(client, "/personale/kommune/657/borgere/")
    UserFactory.create_batch(40, municipality=municipality("Herning"))
    many = count_queries(client, "/personale/kommune/657/borgere/")
    assert few == many


def test_profile_page_cost_does_not_depend_on_interests(client):
    from sammen.taxonomy.models import Category

    person = citizen()
    client.force_login(person)
    before = count_queries(client, "/konto/profil/")
    person.interests.set(Category.objects.all())
    after = count_queries(client, "/konto/profil/")
    assert before == after


def test_front_page_queries_are_constant(client):
    client.force_login(citizen())
    first = count_queries(client, "/")
    UserFactory.create_batch(20)
    assert count_queries(client, "/") == first


def _bubbles_and_conversations(count: int, ole) -> None:
    """``count`` more bubbles by citizens in Herning, each answered by Ole in a conversation with two messages."""
    from sammen.messaging import services as messaging
    from sammen.search import services as search
    from tests.factories import BubbleFactory, participating

    participating("Herning")
    for n in range(count):
        author = citizen("Herning", avatar_symbol="sun")
        bubble = BubbleFactory(author=author, title=f"Gåtur nummer {n}", body="En rolig gåtur ved søen.")
        search.index_object(bubble)
        conversation = messaging.respond_to_bubble(bubble=bubble, responder=ole)
        messaging.send_message(conversation=conversation, sender=ole, body="Hej")
        messaging.send_message(conversation=conversation, sender=author, body="Hej selv")


@pytest.mark.parametrize(
    "path",
    ["/bobler/", "/bobler/?q=gåture", "/bobler/?q=gåtur&orden=bedst&hvor=alle", "/samtaler/"],
)
def test_bubble_list_search_and_inbox_cost_the_same_at_3_and_30_rows(client, settings, path, ole_in_kolding):
    settings.SAMMEN_NEW_CONVERSATIONS_PER_HOUR = 1000
    _bubbles_and_conversations(3, ole_in_kolding)
    client.force_login(ole_in_kolding)
    few = count_queries(client, path)
    _bubbles_and_conversations(27, ole_in_kolding)
    assert count_queries(client, path) == few


def test_bubble_page_and_conversation_cost_the_same_with_more_messages(client, settings, ole_in_kolding):
    from sammen.messaging import services as messaging
    from sammen.messaging.models import Conversation

    settings.SAMMEN_NEW_CONVERSATIONS_PER_HOUR = 1000
    _bubbles_and_conversations(1, ole_in_kolding)
    conversation = Conversation.objects.get()
    client.force_login(ole_in_kolding)
    bubble_page = count_queries(client, f"/bobler/{conversation.bubble_id}/")
    conversation_page = count_queries(client, f"/samtaler/{conversation.pk}/")
    for n in range(20):
        messaging.send_message(conversation=conversation, sender=ole_in_kolding, body=f"Besked {n}")
    assert count_queries(client, f"/bobler/{conversation.bubble_id}/") == bubble_page
    assert count_queries(client, f"/samtaler/{conversation.pk}/") == conversation_page
    client.force_login(conversation.author)
    author_page = count_queries(client, f"/bobler/{conversation.bubble_id}/")
    for _ in range(10):  # more responders on the same bubble: the author's page lists them
        messaging.respond_to_bubble(bubble=conversation.bubble, responder=citizen("Kolding", avatar_symbol="sun"))
    assert author_page == count_queries(client, f"/bobler/{conversation.bubble_id}/")
