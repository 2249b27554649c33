"""Activities with their dates (occurrences), and sign-ups with a waiting list that never exceed capacity.

An activity is organised by a citizen alone, by an association (through a representative) or by a municipal unit
(through staff). A recurring activity is a series: its dates are rows of their own, so that one date can be moved
or cancelled without touching the others. Times are stored in UTC and shown in Europe/Copenhagen.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.associations.models import Association
from sammen.core.calendar import Recurrence
from sammen.core.denmark import postal_code_validator
from sammen.municipalities.models import Municipality, MunicipalUnit
from sammen.taxonomy.models import Category, Term
from sammen.taxonomy.vocabularies import Vocabulary


def shown(prefix: str = "") -> Q:
    """The activities anyone may see: not hidden by a moderator, and not organised by an association staff have
    taken down or by a unit that is no longer active. ``prefix`` reaches the activity from another model, e.g.
    ``shown("activity__")`` on occurrences.

    Taken-down organisers are few (usually none), so their ids are read first (two small queries) and only then
    excluded: a subquery in the condition would make PostgreSQL scan every activity for a calendar page.
    """
    condition = Q(**{f"{prefix}hidden_at__isnull": True})
    taken_down = list(Association.objects.filter(hidden_at__isnull=False).values_list("pk", flat=True))
    if taken_down:
        condition &= ~Q(**{f"{prefix}association_id__in": taken_down})
    inactive = list(MunicipalUnit.objects.filter(active=False).values_list("pk", flat=True))
    if inactive:
        condition &= ~Q(**{f"{prefix}unit_id__in": inactive})
    return condition


class ActivityQuerySet(models.QuerySet):
    def visible(self):
        """What anyone may see and sign up for: shown (see ``shown``), not cancelled as a whole."""
        return self.filter(shown(), cancelled_at__isnull=True)


class Activity(models.Model):
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=5000)
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+")
    target_groups = models.ManyToManyField(
        Term,
        verbose_name=_("target groups"),
        related_name="+",
        limit_choices_to={"vocabulary": Vocabulary.TARGET_GROUP},
    )
    accessibility = models.ManyToManyField(
        Term,
        verbose_name=_("accessibility"),
        related_name="+",
        blank=True,
        limit_choices_to={"vocabulary": Vocabulary.ACCESSIBILITY},
    )
    # The organiser: the person who created it, and the association or unit it is created for (at most one).
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    unit = models.ForeignKey(
        MunicipalUnit,
        verbose_name=_("municipal unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    # Where: an address in a municipality, or online (the municipality is then the organiser's).
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="activities"
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True, validators=[postal_code_validator])
    online_url = models.URLField(_("link to the online meeting"), blank=True)
    price = models.DecimalField(
        _("price (DKK)"), max_digits=7, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    signup_required = models.BooleanField(_("sign-up required"), default=True)
    capacity = models.PositiveIntegerField(_("seats"), null=True, blank=True, help_text=_("Empty: no limit."))
    signup_closes_before = models.DurationField(
        _("sign-up closes before the start"), null=True, blank=True, help_text=_("Applied to each date.")
    )
    recurrence = models.CharField(_("repeats"), max_length=10, choices=Recurrence.choices, blank=True, default="")
    repeat_until = models.DateField(_("repeat until"), null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True, help_text=_("Set when a moderator hides the activity."))
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(association__isnull=True) | Q(unit__isnull=True), name="activity_one_organiser"
            ),
            models.CheckConstraint(condition=Q(capacity__isnull=True) | Q(capacity__gt=0), name="activity_capacity"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def organiser_name(self) -> str:
        if self.association_id:
            return self.association.name
        if self.unit_id:
            return str(self.unit)
        return self.created_by.display_name

    @property
    def is_online(self) -> bool:
        return bool(self.online_url) and not self.address


class Occurrence(models.Model):
    """One date of an activity; capacity and sign-ups belong to the occurrence."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="occurrences")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(_("seats"), null=True, blank=True, help_text=_("Empty: no limit."))
    signup_deadline = models.DateTimeField(_("sign-up deadline"), null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(_("reason"), max_length=500, blank=True)
    # Copied from the activity (kept in step by the services) so that a municipality's calendar is one index scan.
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["starts_at", "id"], name="occurrence_start"),
            models.Index(fields=["municipality", "starts_at"], name="occurrence_municipality_start"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="occurrence_ends_after_start"),
            models.CheckConstraint(condition=Q(capacity__isnull=True) | Q(capacity__gt=0), name="capacity_positive"),
            models.CheckConstraint(
                condition=Q(signup_deadline__isnull=True) | Q(signup_deadline__lte=models.F("starts_at")),
                name="occurrence_deadline_before_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} {self.starts_at:%Y-%m-%d %H:%M}"

    # The rules the sign-up service enforces and the activity page shows: one definition each.

    def signup_closed_because(self, now) -> str | None:
        """Why nobody can sign up for this date now ("started" or "deadline"), or None while sign-up is open."""
        if self.starts_at <= now:
            return "started"
        if self.signup_deadline and self.signup_deadline < now:
            return "deadline"
        return None

    def free_seats(self, confirmed: int) -> int | None:
        """Free seats with ``confirmed`` people signed up; None without a limit."""
        return None if self.capacity is None else max(self.capacity - confirmed, 0)

    def is_open_for_organiser(self, now) -> bool:
        """May the organiser still change, message or cancel the date?"""
        return self.cancelled_at is None and self.activity.cancelled_at is None and self.ends_at > now


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


class OrganiserMessage(models.Model):
    """A message from the organiser to everyone signed up for a date (sent by e-mail, kept as a record)."""

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="organiser_messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(_("message"), max_length=2000)
    recipients = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.occurrence_id} {self.sent_at:%Y-%m-%d}"
