"""Reports: how citizens tell moderators about bubbles, messages and people. (Blocks and suspensions, which
decide what a person may do, are in ``sammen.access``.)"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.municipalities.models import Municipality


class ReportReason(models.TextChoices):
    DATING = "dating", _("Dating request")
    HARASSMENT = "harassment", _("Harassment")
    WORRIED = "worried", _("I am worried about this person")
    OFFENSIVE = "offensive", _("Offensive or illegal content")
    SPAM = "spam", _("Advertising or spam")
    OTHER = "other", _("Something else")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")


class Report(models.Model):
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reported_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    bubble = models.ForeignKey("bubbles.Bubble", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    message = models.ForeignKey("messaging.Message", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    # The municipality whose moderators handle it: where the reported person lives.
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="reports")
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    text = models.TextField(_("what happened"), max_length=2000, blank=True)
    status = models.CharField(max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN)
    outcome = models.TextField(_("outcome told to the reporter"), max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [models.Index(fields=["municipality", "status", "created_at"], name="report_queue")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({self.created_at:%Y-%m-%d})"
