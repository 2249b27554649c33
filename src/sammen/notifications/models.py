"""The outbox: every e-mail and SMS Sammen sends is first a row here, written in the transaction of the change it
reports, and marked sent only after the mail server or SMS gateway accepted it."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Channel(models.TextChoices):
    EMAIL = "email", "e-mail"
    SMS = "sms", "SMS"


class OutboxStatus(models.TextChoices):
    PENDING = "pending", "pending"
    SENT = "sent", "sent"
    FAILED = "failed", "failed"  # gave up after the last attempt; kept for the operator until the purge


class OutboxMessage(models.Model):
    channel = models.CharField(max_length=8, choices=Channel.choices)
    # The person it is for, when it is for an account (an invitation goes to an address); kept only for the
    # operator's view and the per-person extract: the address is what the message goes to.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    address = models.CharField(max_length=254)
    template = models.CharField(max_length=200)  # which message this is, for operators and tests
    subject = models.CharField(max_length=255, blank=True)
    body = models.TextField()
    status = models.CharField(max_length=8, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.channel} #{self.pk} ({self.status})"
