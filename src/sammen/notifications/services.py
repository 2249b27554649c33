"""The one way Sammen tells people things: ``notify`` a person (or ``notify_address`` an address without an
account), by e-mail or SMS.

A notification is rendered in the recipient's language and written to the outbox in the caller's transaction, so
it exists exactly when the change it reports does. After the commit a Celery task delivers it (in-process in the
demo and the tests); a row is marked sent only after the mail server or gateway accepted it, and a failure is
tried again later with a growing pause, a bounded number of times. Nothing here raises to the caller because a
mail server, a gateway or the broker is down: the change is saved, and the outbox catches up.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from sammen.notifications.models import Channel, OutboxMessage
from sammen.notifications.tasks import deliver_notifications

logger = logging.getLogger(__name__)


def notify(
    recipient,
    *,
    template: str,
    subject="",
    subject_params: dict | None = None,
    context: dict | None = None,
    channels: tuple[str, ...] = (Channel.EMAIL,),
    sms_template: str = "",
    optional: bool = False,
) -> list[OutboxMessage]:
    """Queue a message for a person, in their language. Deactivated people get nothing.

    ``template`` is the e-mail body's template and ``subject`` its (lazy, translatable) subject, formatted with
    ``subject_params`` in the recipient's language (a callable value is called then, for words such as weekdays
    that depend on the language); ``sms_template`` is the SMS text, sent when ``Channel.SMS`` is
    among the channels and the person has a mobile number. ``optional`` messages (such as new-message digests)
    respect the person's choice not to get e-mails; the others are what the person needs to know (a seat, a
    cancellation, a locked account).
    """
    if not recipient.is_active:
        return []
    wanted = []
    if Channel.EMAIL in channels and recipient.email and not (optional and not recipient.notify_by_email):
        wanted.append((Channel.EMAIL, recipient.email, template))
    if Channel.SMS in channels and sms_template and recipient.receives_sms:
        wanted.append((Channel.SMS, str(recipient.phone_number), sms_template))
    return _queue(
        recipient=recipient,
        language=recipient.language,
        wanted=wanted,
        subject=subject,
        subject_params=subject_params,
        context={"user": recipient, **(context or {})},
    )


def notify_address(
    address: str,
    *,
    template: str,
    language: str,
    subject="",
    subject_params: dict | None = None,
    context: dict | None = None,
    channel: str = Channel.EMAIL,
) -> list[OutboxMessage]:
    """Queue a message for an address that need not belong to an account (an invitation, allauth's mails)."""
    return _queue(
        recipient=None,
        language=language,
        wanted=[(channel, address, template)],
        subject=subject,
        subject_params=subject_params,
        context=context or {},
    )


def queue_rendered(*, address: str, subject: str, body: str, template: str, recipient=None) -> OutboxMessage:
    """Queue an e-mail someone else has rendered already (allauth renders its own)."""
    message = OutboxMessage.objects.create(
        channel=Channel.EMAIL, recipient=recipient, address=address, template=template, subject=subject, body=body
    )
    _deliver_after_commit([message.pk])
    return message


def _queue(*, recipient, language, wanted, subject, subject_params, context) -> list[OutboxMessage]:
    if not wanted:
        return []
    with translation.override(language or settings.LANGUAGE_CODE):
        params = {key: value() if callable(value) else value for key, value in (subject_params or {}).items()}
        rendered_subject = str(subject) % params if params else str(subject)
        messages = [
            OutboxMessage(
                channel=channel,
                recipient=recipient,
                address=address,
                template=template,
                subject=rendered_subject[:255] if channel == Channel.EMAIL else "",
                body=render_to_string(template, context).strip() + "\n",
            )
            for channel, address, template in wanted
        ]
    for message in messages:
        message.save()
    _deliver_after_commit([message.pk for message in messages])
    return messages


def _deliver_after_commit(ids: list[int]) -> None:
    transaction.on_commit(lambda: _hand_to_worker(ids))


def _hand_to_worker(ids: list[int]) -> None:
    try:
        deliver_notifications.apply_async(args=[ids], retry=False)
    except Exception:
        # The broker is down (or, in-process, something failed): the rows wait in the outbox, and the sweep that
        # Celery beat runs every minute sends them. The change that queued them stays saved.
        logger.warning("Could not hand notifications %s to a worker; the outbox sweep will send them.", ids)
