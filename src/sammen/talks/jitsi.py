"""The video call of a booked talk: a signed token for Sammen's self-hosted Jitsi Meet server.

Jitsi's token authentication (Prosody's ``mod_auth_token`` and, on the conference component,
``token_verification``) lets a person into a room only with a JWT that the server can verify with the shared
secret and whose issuer, audience, subject and room match. Sammen issues one only to the talk's two participants
and only during the talk window (``queries.talk_window``), so that the link in an old e-mail or a browser's history
opens nothing before or after the talk. See docs/operations.md, "Video calls (Jitsi Meet)", for the server's settings.
"""

import datetime
from urllib.parse import urlsplit

import jwt
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.core.errors import SammenError
from sammen.talks import queries
from sammen.talks.models import Booking, BookingStatus

ERRORS = {
    "not_participant": _("Only the two people in the talk can join its video call."),
    "cancelled": _("The talk has been cancelled, so its video call cannot be opened."),
    "not_yet": _("The video call opens 10 minutes before the talk, at %(opens)s."),
    "over": _("The talk is over, so its video call cannot be opened any more."),
}

ALGORITHM = "HS256"
# HS256 with a shorter secret can be brute-forced from one token (RFC 7518 section 3.2 asks for at least 256 bits).
MINIMUM_SECRET_BYTES = 32
# Shown in the demo and the tests, where no video server is configured: the link the page would open.
PLACEHOLDER_URL = "https://meet.example.invalid"


def is_configured() -> bool:
    return bool(settings.SAMMEN_JITSI_URL)


def server_url() -> str:
    return (settings.SAMMEN_JITSI_URL or PLACEHOLDER_URL).rstrip("/")


def subject() -> str:
    """The ``sub`` claim: ``SAMMEN_JITSI_SUBJECT`` when set; else the lowercase tenant when the server URL has one
    (``https://host/tenant``, rooms ``tenant/room``), else the lowercase domain of the server; ``*`` when no server
    is configured."""
    if settings.SAMMEN_JITSI_SUBJECT:
        return settings.SAMMEN_JITSI_SUBJECT.lower()
    if not settings.SAMMEN_JITSI_URL:
        return "*"
    parts = urlsplit(settings.SAMMEN_JITSI_URL)
    tenant = parts.path.strip("/")
    return (tenant or parts.hostname or "*").lower()


def _secret() -> bytes:
    secret = (settings.SAMMEN_JITSI_SECRET or "").encode()
    if len(secret) < MINIMUM_SECRET_BYTES:
        raise ImproperlyConfigured(
            f"SAMMEN_JITSI_SECRET must be at least {MINIMUM_SECRET_BYTES} bytes long to sign Jitsi tokens."
        )
    return secret


def check_may_join(*, booking: Booking, user, now: datetime.datetime | None = None) -> None:
    """Raise a SammenError saying why ``user`` cannot join the call now, or return if they can."""
    if user.pk not in (booking.citizen_id, booking.volunteer_user_id):
        raise SammenError(ERRORS["not_participant"])
    if booking.status == BookingStatus.CANCELLED:
        raise SammenError(ERRORS["cancelled"])
    now = now or timezone.now()
    opens, closes = queries.talk_window(booking)
    if now < opens:
        raise SammenError(ERRORS["not_yet"], params={"opens": f"{timezone.localtime(opens):%H.%M}"})
    if now >= closes:
        raise SammenError(ERRORS["over"])


def room_token(*, booking: Booking, user, now: datetime.datetime | None = None) -> str:
    """A token for ``user`` to join the booking's room, valid from the window's start to its end.

    Every value in ``context.user`` is a string (Prosody's token plugin fails on a null or a number there). The
    user's id is their side of the talk, not their Sammen id, and there is no e-mail: the video server learns no
    more than the name the other person sees anyway. The volunteer is the room's owner (``moderator`` for
    servers that read that, ``affiliation`` for the token_affiliation plugin); the citizen is a member.
    """
    now = now or timezone.now()
    check_may_join(booking=booking, user=user, now=now)
    secret = _secret()
    opens, closes = queries.talk_window(booking)
    is_volunteer = user.pk == booking.volunteer_user_id
    claims = {
        "iss": settings.SAMMEN_JITSI_APP_ID,
        "aud": settings.SAMMEN_JITSI_AUDIENCE,
        "sub": subject(),
        "room": booking.room,
        "iat": int(now.timestamp()),
        "nbf": int(opens.timestamp()),
        "exp": int(closes.timestamp()),
        "context": {
            "user": {
                "id": "volunteer" if is_volunteer else "citizen",
                "name": user.display_name or "",
                "moderator": "true" if is_volunteer else "false",
                "affiliation": "owner" if is_volunteer else "member",
            },
        },
    }
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def room_url(booking: Booking, token: str) -> str:
    return f"{server_url()}/{booking.room}?jwt={token}"
