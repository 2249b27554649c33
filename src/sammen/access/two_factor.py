"""Two-factor login (TOTP) for staff: whether a person has set it up, and whether this session passed it.

A staff power counts only in a session that passed the second factor. The middleware marks the signed-in person of
every request with the answer (``mark_second_factor``), and the permission rules in
``sammen.access.permissions`` read the mark, so that a password alone — through any login form, including
the Django admin's — opens no staff page and grants no staff power.
"""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator

from sammen.access.permissions import record_second_factor


def has_two_factor(user) -> bool:
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_sammen_has_totp", None)
    if cached is None:
        cached = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        user._sammen_has_totp = cached
    return cached


def session_passed_second_factor(request) -> bool:
    """Did the person signed in on this session type a valid two-factor code in it (at login or since)?"""
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


def mark_second_factor(request) -> None:
    record_second_factor(request.user, passed=session_passed_second_factor(request))
