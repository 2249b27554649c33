"""The SMS backends. Each has ``send(to=..., body=..., reference=...)`` and raises on anything but acceptance."""

import logging
import sys

import requests
from django.conf import settings

from sammen.notifications.sms import SmsNotAccepted

logger = logging.getLogger(__name__)

# What the locmem backend has sent, like django.core.mail.outbox.
outbox: list[dict] = []


class ConsoleBackend:
    """Prints each SMS, for the demo (next to the e-mails the console e-mail backend prints)."""

    def send(self, *, to: str, body: str, reference: str) -> None:
        sys.stdout.write(f"--- SMS to {to} ({reference}) ---\n{body}\n---\n")
        sys.stdout.flush()


class LocmemBackend:
    """Keeps each SMS in ``outbox``, for the tests."""

    def send(self, *, to: str, body: str, reference: str) -> None:
        outbox.append({"to": to, "body": body, "reference": reference})


class GatewayApiBackend:
    """GatewayAPI's REST interface (``POST /rest/mtsms``, token authentication, JSON), which Danish
    municipalities' SMS gateways commonly speak. The sender name, URL and token come from the settings."""

    def send(self, *, to: str, body: str, reference: str) -> None:
        payload = {
            "sender": settings.SAMMEN_SMS_SENDER,
            "message": body,
            "recipients": [{"msisdn": int(to.lstrip("+"))}],
            "userref": reference,
        }
        try:
            response = requests.post(
                settings.SAMMEN_SMS_GATEWAY_URL.rstrip("/") + "/rest/mtsms",
                json=payload,
                headers={"Authorization": f"Token {settings.SAMMEN_SMS_GATEWAY_TOKEN}"},
                timeout=settings.SAMMEN_SMS_TIMEOUT_SECONDS,
            )
        except requests.RequestException as error:
            raise SmsNotAccepted(f"gateway unreachable: {type(error).__name__}") from error
        if response.status_code != 200:
            raise SmsNotAccepted(f"gateway answered {response.status_code}")
        if not response.json().get("ids"):
            raise SmsNotAccepted("gateway answered without a message id")
