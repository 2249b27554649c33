"""Delivery of the outbox: the only place Sammen hands mail to Django's mail backend and SMS to the gateway."""

import datetime
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from sammen.notifications.models import Channel, OutboxMessage, OutboxStatus
from sammen.notifications.sms import send_sms

logger = logging.getLogger(__name__)

# The pause before each new attempt, after the 1st, 2nd, … failure; the last entry repeats.
RETRY_PAUSES = [
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
]


def message_id(message: OutboxMessage) -> str:
    # One Message-ID per outbox row: a resend after a crash carries the same id, so mail clients show it once.
    return f"<outbox-{message.pk}@{urlsplit(settings.SAMMEN_BASE_URL).hostname or 'sammen.localhost'}>"


def send(message: OutboxMessage) -> None:
    """Hand the message to the mail server or SMS gateway; raises unless it was accepted."""
    if message.channel == Channel.EMAIL:
        EmailMessage(
            subject=message.subject,
            body=message.body,
            to=[message.address],
            headers={"Message-ID": message_id(message)},
        ).send()
    elif message.channel == Channel.SMS:
        send_sms(to=message.address, body=message.body, reference=f"outbox-{message.pk}")
    else:
        raise ValueError(f"unknown channel {message.channel!r}")


def deliver_due(*, ids: list[int] | None = None, limit: int = 500) -> int:
    """Send the due outbox rows (only ``ids``, when given), one at a time, each in its own transaction that holds
    the row while the server answers, so that two workers never send the same row. Returns the number sent."""
    sent = 0
    for _ in range(limit):
        with transaction.atomic():
            now = timezone.now()
            due = OutboxMessage.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now)
            if ids is not None:
                due = due.filter(pk__in=ids)
            message = due.select_for_update(skip_locked=True).order_by("pk").first()
            if message is None:
                break
            message.attempts += 1
            try:
                send(message)
            except Exception as error:
                _record_failure(message, error, now)
                continue
            message.status = OutboxStatus.SENT
            message.sent_at = timezone.now()
            message.last_error = ""
            message.save(update_fields=["status", "sent_at", "attempts", "last_error"])
            sent += 1
    return sent


def _record_failure(message: OutboxMessage, error: Exception, now: datetime.datetime) -> None:
    message.last_error = f"{type(error).__name__}: {error}"[:500]
    if message.attempts >= settings.SAMMEN_NOTIFICATION_MAX_ATTEMPTS:
        message.status = OutboxStatus.FAILED
        logger.error(
            "Gave up on %s notification %s (%s) after %s attempts: %s",
            message.channel,
            message.pk,
            message.template,
            message.attempts,
            type(error).__name__,
        )
    else:
        message.next_attempt_at = now + RETRY_PAUSES[min(message.attempts, len(RETRY_PAUSES)) - 1]
        logger.warning(
            "%s notification %s (%s) failed (attempt %s); next attempt at %s: %s",
            message.channel,
            message.pk,
            message.template,
            message.attempts,
            message.next_attempt_at.isoformat(),
            type(error).__name__,
        )
    message.save(update_fields=["status", "attempts", "next_attempt_at", "last_error"])


def purge_old(*, now: datetime.datetime | None = None) -> int:
    """Remove sent and given-up rows after the retention period: their bodies are personal data."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.SAMMEN_OUTBOX_RETENTION_DAYS)
    deleted, _ = OutboxMessage.objects.filter(
        status__in=[OutboxStatus.SENT, OutboxStatus.FAILED], created_at__lt=cutoff
    ).delete()
    return deleted
