"""The volunteer task bank (frivilligbank): short, concrete, time-limited tasks that associations and municipal
units post, and the volunteers' offers to take them.

A task happens on one date between two clock times, or at any time within a window of days; its moments are
stored in UTC (``starts_at``/``ends_at``) beside the local dates and times the organiser chose.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.associations.models import Association
from sammen.core.denmark import postal_code_validator
from sammen.municipalities.models import Municipality, MunicipalUnit
from sammen.taxonomy.models import Category


class TaskStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class TaskQuerySet(models.QuerySet):
    def published(self):
        """Published tasks whose organiser is still there (a hidden association, a closed unit hide theirs)."""
        return self.filter(
            Q(association__isnull=True) | Q(association__hidden_at__isnull=True),
            Q(unit__isnull=True) | Q(unit__active=True),
            status=TaskStatus.PUBLISHED,
        )


class Task(models.Model):
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=3000)
    association = models.ForeignKey(
        Association, verbose_name=_("association"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        MunicipalUnit,
        verbose_name=_("municipal unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField(_("date"))
    ends_on = models.DateField(_("last day"), help_text=_("The same as the date unless the task is a window of days."))
    start_time = models.TimeField(_("from"), null=True, blank=True)
    end_time = models.TimeField(_("to"), null=True, blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    address = models.CharField(_("address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True, validators=[postal_code_validator])
    online = models.BooleanField(_("online"), default=False)
    volunteers_needed = models.PositiveSmallIntegerField(
        _("volunteers needed"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    skills = models.CharField(_("skills wanted"), max_length=200, blank=True)
    minimum_age = models.PositiveSmallIntegerField(
        _("minimum age"), default=18, validators=[MinValueValidator(13), MaxValueValidator(99)]
    )
    contact_name = models.CharField(_("contact person"), max_length=120)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    status = models.CharField(max_length=10, choices=TaskStatus.choices, default=TaskStatus.DRAFT)
    cancel_reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("volunteer task")
        verbose_name_plural = _("volunteer tasks")
        indexes = [
            # The public list: published tasks not yet over, soonest first, a page at a time.
            models.Index(fields=["status", "ends_at", "starts_at", "id"], name="task_status_upcoming"),
            models.Index(fields=["municipality", "status"], name="task_municipality_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(association__isnull=False) & Q(unit__isnull=True))
                | (Q(association__isnull=True) & Q(unit__isnull=False)),
                name="task_one_organiser",
            ),
            models.CheckConstraint(condition=Q(volunteers_needed__gte=1), name="task_needs_a_volunteer"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="task_window_in_order"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def organiser(self):
        return self.association or self.unit

    @property
    def is_window(self) -> bool:
        return self.ends_on != self.starts_on

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    def is_over(self, now=None) -> bool:
        return self.ends_at <= (now or timezone.now())


class OfferStatus(models.TextChoices):
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


LIVE_OFFER = Q(status__in=[OfferStatus.OFFERED, OfferStatus.ACCEPTED])


class TaskOffer(models.Model):
    """A volunteer's offer to take a task; the organiser accepts or declines it, and confirms the hours after."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="offers")
    volunteer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    message = models.TextField(_("message to the organiser"), max_length=1000, blank=True)
    status = models.CharField(max_length=10, choices=OfferStatus.choices, default=OfferStatus.OFFERED)
    decline_reason = models.CharField(_("reason"), max_length=300, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2, null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("offer to help")
        verbose_name_plural = _("offers to help")
        constraints = [
            models.UniqueConstraint(fields=["task", "volunteer"], condition=LIVE_OFFER, name="task_offer_one_live"),
            models.CheckConstraint(condition=Q(hours__isnull=True) | Q(hours__gt=0), name="task_offer_hours_positive"),
        ]
        indexes = [models.Index(fields=["volunteer", "status"], name="task_offer_volunteer")]

    def __str__(self) -> str:
        return f"{self.task} – {self.volunteer_id}"
