"""Staff security besides two-factor login: three failed logins (a wrong password or a wrong code) in 24 hours
lock a staff account until a platform administrator unlocks it."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.access.permissions import is_staff_member
from sammen.accounts.models import FailedLogin, User
from sammen.audit import services as audit
from sammen.notifications.services import notify


def record_failed_login(*, email: str) -> None:
    """Count a failed login on an existing staff account, and lock it when the limit is reached in the window."""
    user = User.objects.filter(email__iexact=(email or "").strip()).first()
    if user is None or user.locked_at is not None or not is_staff_member(user):
        return
    now = timezone.now()
    window_start = now - datetime.timedelta(hours=settings.SAMMEN_STAFF_LOCKOUT_WINDOW_HOURS)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        FailedLogin.objects.filter(user=user, at__lt=window_start).delete()
        FailedLogin.objects.create(user=user, at=now)
        failures = FailedLogin.objects.filter(user=user, at__gte=window_start).count()
        if failures < settings.SAMMEN_STAFF_LOCKOUT_FAILURES or user.locked_at is not None:
            return
        user.locked_at = now
        user.save(update_fields=["locked_at"])
        audit.record(action="accounts.staff.locked", data_subject=user, obj=user, details={"failed_logins": failures})
        notify(user, subject=_("Your Sammen staff account is locked"), template="accounts/email/staff_locked.txt")


@transaction.atomic
def unlock_account(*, user: User, by: User) -> None:
    FailedLogin.objects.filter(user=user).delete()
    user.locked_at = None
    user.save(update_fields=["locked_at"])
    audit.record(action="accounts.staff.unlocked", actor=by, data_subject=user, obj=user)


def clear_failed_logins(*, user: User) -> None:
    FailedLogin.objects.filter(user=user).delete()
