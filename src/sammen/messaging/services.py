"""Conversation use cases: respond to a bubble, open a programme's conversation between two people it has brought
together, write, read, and the batched e-mail about new messages."""

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.access.eligibility import check_not_suspended
from sammen.access.restrictions import blocked_either_way
from sammen.audit import services as audit
from sammen.bubbles.models import Bubble
from sammen.core.errors import SammenError
from sammen.core.links import absolute_url
from sammen.core.text_policy import check_text
from sammen.messaging.models import MESSAGE_MAX_LENGTH, Conversation, Message
from sammen.notifications.services import notify

logger = logging.getLogger(__name__)

ERRORS = {
    "own_bubble": _("This is your own bubble. The responses to it are listed on the bubble's page."),
    "closed": _("The bubble is closed, so it cannot get new responses."),
    "author_not_participating": _(
        "%(municipality)s Municipality no longer takes part in Sammen, so nobody can respond to bubbles from its "
        "citizens, and their conversations can only be read."
    ),
    "you_not_participating": _(
        "%(municipality)s Municipality does not take part in Sammen at the moment, so you can read but not write."
    ),
    "blocked": _("You cannot write to this person."),
    "too_many": _("You can start at most %(limit)s new conversations an hour. Try again later."),
    "empty": _("Write a message before you send it."),
    "too_long": _("A message can be at most %(limit)s characters. Yours has %(length)s."),
    "no_municipality": _("Choose your municipality on your profile before you write to anyone."),
    "deleted_profile": _("The other person has deleted their profile, so the conversation can only be read."),
}


def read_only_reason(conversation: Conversation, user) -> str | None:
    """Why this person cannot write in the conversation right now, or None if they can."""
    if conversation.has_deleted_party:
        return str(ERRORS["deleted_profile"])
    owner = conversation.author
    if owner.municipality_id and not owner.municipality.participates_on():
        return str(ERRORS["author_not_participating"] % {"municipality": owner.municipality.name})
    if user.municipality_id and not user.municipality.participates_on():
        return str(ERRORS["you_not_participating"] % {"municipality": user.municipality.name})
    if blocked_either_way(conversation.author_id, conversation.responder_id):
        return str(ERRORS["blocked"])
    return None


def _check_writer(user) -> None:
    if user.municipality_id is None:
        raise SammenError(ERRORS["no_municipality"])
    check_not_suspended(user)


def respond_to_bubble(*, bubble: Bubble, responder) -> Conversation:
    """Open (or return the existing) private conversation between the responder and the bubble's author."""
    if bubble.author_id == responder.pk:
        raise SammenError(ERRORS["own_bubble"])
    existing = Conversation.objects.filter(bubble=bubble, responder=responder).first()
    if existing is not None:
        return existing
    if not bubble.is_open:
        raise SammenError(ERRORS["closed"])
    author = bubble.author
    if author.municipality_id and not author.municipality.participates_on():
        raise SammenError(ERRORS["author_not_participating"], params={"municipality": author.municipality.name})
    _check_writer(responder)
    if not responder.municipality.participates_on():
        raise SammenError(ERRORS["you_not_participating"], params={"municipality": responder.municipality.name})
    if blocked_either_way(author, responder):
        raise SammenError(ERRORS["blocked"])
    now = timezone.now()
    try:
        with transaction.atomic():
            get_user_model().objects.select_for_update().get(pk=responder.pk)
            started = Conversation.objects.filter(
                responder=responder, created_at__gte=now - datetime.timedelta(hours=1)
            )
            if started.count() >= settings.SAMMEN_NEW_CONVERSATIONS_PER_HOUR:
                raise SammenError(ERRORS["too_many"], params={"limit": settings.SAMMEN_NEW_CONVERSATIONS_PER_HOUR})
            conversation = Conversation.objects.create(
                bubble=bubble,
                author_id=bubble.author_id,
                responder=responder,
                created_at=now,
                last_message_at=now,
                responder_read_at=now,
            )
            audit.record(action="messaging.conversation.started", actor=responder, obj=conversation)
    except IntegrityError:
        # The same person clicked twice at once: the other request made the conversation; use it.
        return Conversation.objects.get(bubble=bubble, responder=responder)
    return conversation


def open_conversation(*, author, responder, topic: str) -> Conversation:
    """A private conversation between two people a programme has matched (a visiting friend and their citizen):
    no bubble, a ``topic`` saying what it is about, and no hourly limit (staff confirmed the pair). The caller
    runs it inside its own transaction and keeps the conversation it returns."""
    now = timezone.now()
    conversation = Conversation.objects.create(
        author=author, responder=responder, topic=topic[:200], created_at=now, last_message_at=now
    )
    audit.record(action="messaging.conversation.opened", obj=conversation)
    return conversation


def send_message(*, conversation: Conversation, sender, body: str) -> Message:
    body = (body or "").strip()
    if not conversation.is_party(sender):
        raise SammenError(ERRORS["blocked"])
    if not body:
        raise SammenError(ERRORS["empty"])
    if len(body) > MESSAGE_MAX_LENGTH:
        raise SammenError(ERRORS["too_long"], params={"limit": MESSAGE_MAX_LENGTH, "length": len(body)})
    check_text({"body": body}, multi_line={"body"})
    _check_writer(sender)
    reason = read_only_reason(conversation, sender)
    if reason:
        raise SammenError(reason)
    now = timezone.now()
    with transaction.atomic():
        message = Message.objects.create(conversation=conversation, sender=sender, body=body, created_at=now)
        read_field = "author_read_at" if sender.pk == conversation.author_id else "responder_read_at"
        Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now, **{read_field: now})
        if sender.pk != conversation.author_id:
            # The first message by someone else makes the bubble "answered" (the response-rate figure); opening
            # a conversation and leaving without writing does not.
            Bubble.objects.filter(pk=conversation.bubble_id, answered_at__isnull=True).update(answered_at=now)
    return message


def mark_read(*, conversation: Conversation, reader, up_to: datetime.datetime) -> None:
    """The reader has seen the messages up to ``up_to`` (the newest one shown to them); never moves back, so a
    message that arrived after the page was rendered still counts as unread and is still e-mailed."""
    field = "author_read_at" if reader.pk == conversation.author_id else "responder_read_at"
    Conversation.objects.filter(
        Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lt": up_to}), pk=conversation.pk
    ).update(**{field: up_to})


def send_new_message_emails(*, now: datetime.datetime | None = None, quiet_minutes: int = 2) -> int:
    """One e-mail per recipient for all their new messages since the last e-mail. Idempotent.

    Waits until a message is a couple of minutes old, so that a burst of messages becomes one e-mail, and skips
    messages the recipient has already read on the site. The messages are marked and the e-mails written to the
    outbox in one transaction, with rows another run holds skipped, so that two overlapping runs never mail the
    same message twice and a crash loses none. Returns the number of e-mails queued.
    """
    now = now or timezone.now()
    with transaction.atomic():
        pending = list(
            Message.objects.filter(
                recipient_notified=False,
                hidden_at__isnull=True,
                created_at__lte=now - datetime.timedelta(minutes=quiet_minutes),
            )
            .select_related("conversation__author", "conversation__responder", "conversation__bubble", "sender")
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("created_at")
        )
        Message.objects.filter(pk__in=[message.pk for message in pending]).update(recipient_notified=True)
        by_recipient: dict = defaultdict(list)
        for message in pending:
            conversation = message.conversation
            if conversation.has_deleted_party:
                continue  # one side has deleted their account: nobody to tell, or nobody to tell about
            recipient = conversation.other_party(message.sender)
            read_at = (
                conversation.author_read_at
                if recipient.pk == conversation.author_id
                else conversation.responder_read_at
            )
            if not (read_at and read_at >= message.created_at):
                by_recipient[recipient].append(message)
        queued = 0
        for recipient, messages in by_recipient.items():
            queued += len(
                notify(
                    recipient,
                    subject=_("You have new messages on Sammen"),
                    template="messaging/email/new_messages.txt",
                    context={"messages": messages, "inbox_link": absolute_url(reverse("messaging:inbox"))},
                    optional=True,
                )
            )
    return queued


def conversations_visible_to(user):
    return Conversation.objects.filter(Q(author=user) | Q(responder=user))
