"""SMS backends, chosen by ``SAMMEN_SMS_BACKEND`` the way Django chooses its e-mail backend: ``console`` and
``locmem`` for the demo and tests, ``gatewayapi`` for a real gateway in production."""

from django.conf import settings
from django.utils.module_loading import import_string


class SmsNotAccepted(Exception):
    """The gateway did not take the message; the outbox tries again later."""


def get_backend():
    return import_string(settings.SAMMEN_SMS_BACKEND)()


def send_sms(*, to: str, body: str, reference: str) -> None:
    """Hand one SMS to the configured backend. ``to`` is an E.164 number (+4512345678); ``reference`` is unique
    per outbox row, so a gateway that deduplicates can recognise a resend."""
    get_backend().send(to=to, body=body, reference=reference)
