"""Login events that staff security counts: failed passwords and codes, a set-up authenticator, a login."""

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from sammen.access import staff_security


@receiver(user_login_failed)
def count_failed_login(sender, credentials, request=None, **kwargs):
    staff_security.record_failed_login(email=credentials.get("email") or credentials.get("username") or "")


@receiver(mfa_signals.authentication_failed)
def count_failed_second_factor(sender, user, **kwargs):
    # A wrong two-factor code counts like a wrong password: someone who has the password is guessing the code.
    staff_security.record_failed_login(email=user.email)


@receiver(mfa_signals.authenticator_added)
def count_activation_as_second_factor(sender, request, user, authenticator, **kwargs):
    # Setting up TOTP means typing a valid code from the new authenticator, after the password: this session has
    # shown both factors, so the staff member goes on to the staff pages without typing a second code.
    if authenticator.type == Authenticator.Type.TOTP:
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type, activated=True)


@receiver(user_logged_in)
def forget_failed_logins(sender, request, user, **kwargs):
    staff_security.clear_failed_logins(user=user)
