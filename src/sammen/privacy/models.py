"""What the privacy app keeps itself: when an inactive account was warned that it will be deleted."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class InactivityWarning(models.Model):
    """An account without a login for ``SAMMEN_INACTIVE_ACCOUNT_DAYS`` was told it will be deleted
    ``SAMMEN_INACTIVE_ACCOUNT_GRACE_DAYS`` later. Logging in after ``warned_at`` cancels it (``last_login`` is newer);
    the retention job then removes the row. One row per account, so a second run warns nobody twice."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    warned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("inactivity warning")
        verbose_name_plural = _("inactivity warnings")

    def __str__(self) -> str:
        return f"{self.user_id} {self.warned_at:%Y-%m-%d}"
