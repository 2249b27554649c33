"""Helpers test modules import: two-factor login for staff, on the test client and by code."""

import time

from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.utils import timezone

TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def with_totp(user) -> str:
    """Give a staff member TOTP two-factor login; returns the secret."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, TEST_TOTP_SECRET)
    return TEST_TOTP_SECRET


def log_in_with_second_factor(client, user) -> None:
    """Sign a staff member in on the test client as if they had typed their password and a two-factor code."""
    with_totp(user)
    client.force_login(user)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "email": user.email},
        {"method": "mfa", "at": time.time(), "type": "totp"},
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()


def current_totp_code(secret: str = TEST_TOTP_SECRET) -> str:
    """The code of the current 30-second window, but never one that is about to expire: a code computed at the
    end of a window and checked at the start of the next is wrong (Sammen allows no tolerance)."""
    remaining = 30 - time.time() % 30
    if remaining < 2:
        time.sleep(remaining + 0.1)
    return format_hotp_value(hotp_value(secret, int(timezone.now().timestamp()) // 30))
