"""Failed logins counted for the metrics (the lockout itself is ``sammen.access.staff_security``)."""

from allauth.mfa import signals as mfa_signals
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from sammen.monitoring.metrics import FAILED_LOGINS


@receiver(user_login_failed)
def count_failed_password(sender, **kwargs):
    FAILED_LOGINS.inc()


@receiver(mfa_signals.authentication_failed)
def count_failed_code(sender, **kwargs):
    FAILED_LOGINS.inc()
