"""Activities and their occurrences, and sign-ups with a waiting list that never exceed capacity.

This is the sign-up core of the activities issue; organisers (associations, municipal units), recurrence,
discovery and feeds build on it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.municipalities.models import Municipality


class Activity(models.Model):
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=5000)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="activities")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title


class Occurrence(models.Model):
    """One date of an activity; capacity and sign-ups belong to the occurrence."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="occurrences")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(_("seats"), null=True, blank=True, help_text=_("Empty: no limit."))
    signup_deadline = models.DateTimeField(_("sign-up deadline"), null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="occurrence_ends_after_start"),
            models.CheckConstraint(condition=Q(capacity__isnull=True) | Q(capacity__gt=0), name="capacity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.activity} {self.starts_at:%Y-%m-%d %H:%M}"


class SignUpStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Signed up")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class SignUp(models.Model):
    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="signups")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signups")
    status = models.CharField(max_length=12, choices=SignUpStatus.choices)
    created_at = models.DateTimeField(default=timezone.now)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            # One live sign-up per person and occurrence; cancelled ones may pile up as history.
            models.UniqueConstraint(
                fields=["occurrence", "user"],
                condition=~Q(status="cancelled"),
                name="one_live_signup_per_person",
            )
        ]
        indexes = [models.Index(fields=["occurrence", "status", "created_at"], name="signup_queue")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.status} {self.occurrence_id}"
