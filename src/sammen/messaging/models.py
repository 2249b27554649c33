"""Private conversations between two people: a bubble's author and one responder, or two people a programme has
brought together (a visiting friend and the citizen they visit), whose conversation has a ``topic`` instead."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MESSAGE_MAX_LENGTH = 2000
DELETED_BUBBLE = _("A bubble that has been deleted")


class Conversation(models.Model):
    # A conversation outlives a deleted bubble and a deleted account: the other party keeps what was said, with the
    # deleted side shown as "a deleted profile" (SET_NULL, not CASCADE).
    bubble = models.ForeignKey(
        "bubbles.Bubble", null=True, blank=True, on_delete=models.SET_NULL, related_name="conversations"
    )
    # What a conversation without a bubble is about, e.g. "Besøgsven: Anna og Bent".
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    responder = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    last_message_at = models.DateTimeField(default=timezone.now)
    author_read_at = models.DateTimeField(null=True, blank=True)
    responder_read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        constraints = [
            # One conversation per bubble and responder: two simultaneous clicks cannot make two.
            models.UniqueConstraint(fields=["bubble", "responder"], name="one_conversation_per_responder"),
        ]
        indexes = [
            models.Index(fields=["author", "-last_message_at"], name="conversation_author_inbox"),
            models.Index(fields=["responder", "-last_message_at"], name="conversation_responder_inbox"),
        ]

    def __str__(self) -> str:
        return f"{self.bubble_id}: {self.author_id} ↔ {self.responder_id}"

    @property
    def subject(self) -> str:
        return self.bubble.title if self.bubble_id else (self.topic or str(DELETED_BUBBLE))

    def other_party(self, user):
        """The other person, or None when they have deleted their profile."""
        return self.responder if user.pk == self.author_id else self.author

    @property
    def has_deleted_party(self) -> bool:
        return self.author_id is None or self.responder_id is None

    def is_party(self, user) -> bool:
        return user is not None and user.pk is not None and user.pk in (self.author_id, self.responder_id)


class Message(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    # None once the sender has deleted their account: shown as "a deleted profile".
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)
    hidden_at = models.DateTimeField(null=True, blank=True)
    # E-mails are batched: a job every few minutes sends each recipient one e-mail for all their new messages.
    recipient_notified = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["conversation", "created_at"], name="message_in_conversation"),
            models.Index(fields=["recipient_notified", "created_at"], name="message_to_notify"),
        ]

    def __str__(self) -> str:
        return f"{self.conversation_id}/{self.pk}"
