from django.db.models import Count, F, Q, Subquery
from django.http import Http404

from sammen.messaging.models import Conversation, Message

INBOX_PAGE_SIZE = 30


def inbox(user):
    """The user's conversations, newest first, each with its number of unread messages; one query."""
    unread = Count(
        "messages",
        filter=(
            ~Q(messages__sender=user)
            & Q(messages__hidden_at__isnull=True)
            & (
                Q(author=user, author_read_at__isnull=True)
                | Q(author=user, messages__created_at__gt=F("author_read_at"))
                | Q(responder=user, responder_read_at__isnull=True)
                | Q(responder=user, messages__created_at__gt=F("responder_read_at"))
            )
        ),
    )
    return (
        Conversation.objects.filter(Q(author=user) | Q(responder=user))
        .select_related("bubble", "author", "responder")
        .annotate(unread=unread)
        .order_by("-last_message_at", "-id")
    )


def unread_count(user) -> int:
    ids = Conversation.objects.filter(Q(author=user) | Q(responder=user)).values("pk")
    return (
        Message.objects.filter(conversation__in=Subquery(ids), hidden_at__isnull=True)
        .exclude(sender=user)
        .filter(
            Q(conversation__author=user, conversation__author_read_at__isnull=True)
            | Q(conversation__author=user, created_at__gt=F("conversation__author_read_at"))
            | Q(conversation__responder=user, conversation__responder_read_at__isnull=True)
            | Q(conversation__responder=user, created_at__gt=F("conversation__responder_read_at"))
        )
        .count()
    )


def conversation_for_party(user, pk: int) -> Conversation:
    """Only the two parties may open a conversation; for anyone else it does not exist."""
    conversation = (
        Conversation.objects.select_related("bubble__municipality", "author__municipality", "responder__municipality")
        .filter(pk=pk)
        .filter(Q(author=user) | Q(responder=user))
        .first()
    )
    if conversation is None:
        raise Http404
    return conversation


def messages_in(conversation, *, after_id: int | None = None):
    messages = conversation.messages.filter(hidden_at__isnull=True).select_related("sender")
    if after_id:
        messages = messages.filter(pk__gt=after_id)
    return messages.order_by("created_at", "id")


def message_in(conversation, message_id: int | None):
    """One shown message of the conversation, or None."""
    if not message_id:
        return None
    return conversation.messages.filter(hidden_at__isnull=True, pk=message_id).first()
