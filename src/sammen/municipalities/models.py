"""The tenants: Denmark's 98 municipalities, whether they take part, and their staff."""

import datetime

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MunicipalityQuerySet(models.QuerySet):
    def with_participation(self, on: datetime.date | None = None):
        """Annotate ``participating`` for the given day (today by default) in the same query."""
        on = on or timezone.localdate()
        periods = ParticipationPeriod.objects.filter(municipality=OuterRef("pk"), starts_on__lte=on).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=on)
        )
        return self.annotate(participating=Exists(periods))

    def participating(self, on: datetime.date | None = None):
        return self.with_participation(on).filter(participating=True)


class Municipality(models.Model):
    code = models.CharField(_("municipality code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(unique=True)
    region_code = models.CharField(_("region code"), max_length=4)
    region_name = models.CharField(_("region"), max_length=100)
    population_over_14 = models.PositiveIntegerField(
        _("citizens over 14"),
        null=True,
        blank=True,
        help_text=_("From Statistics Denmark; used for the share of citizens over 14 who use Sammen."),
    )
    population_year = models.PositiveSmallIntegerField(
        _("year of the population figure"), null=True, blank=True, validators=[MinValueValidator(2000)]
    )
    accessibility_statement_url = models.URLField(_("accessibility statement (URL)"), blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    website = models.URLField(_("web site"), blank=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name

    def participates_on(self, day: datetime.date | None = None) -> bool:
        if hasattr(self, "participating") and day is None:
            return self.participating
        return Municipality.objects.participating(day).filter(pk=self.pk).exists()


class ParticipationPeriod(models.Model):
    """A span of days in which a municipality takes part (and pays); no open period means it does not."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="participation_periods")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True, help_text=_("Empty while it goes on."))

    class Meta:
        ordering = ["municipality", "starts_on"]
        verbose_name = _("participation period")
        verbose_name_plural = _("participation periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="participation_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.starts_on} – {self.ends_on or '…'}"


class StaffRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    MODERATOR = "moderator", _("Moderator")
    ANALYST = "analyst", _("Analyst")
    ADMINISTRATOR = "administrator", _("Administrator")
    # Outreach staff (opsøgende medarbejdere) enrol citizens who cannot sign up for a programme themselves.
    OUTREACH = "outreach", _("Outreach worker")
    # Referrers (henvisere, e.g. forløbskoordinatorer and health staff) refer citizens to receivers (referrals).
    REFERRER = "referrer", _("Referrer")
    # Job consultants (jobkonsulenter) work with citizens outside the labour market towards opportunities.
    JOB_CONSULTANT = "job_consultant", _("Job consultant")


class StaffMembership(models.Model):
    """One role a staff member holds in one municipality; permissions.py says what each role may do."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_memberships")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="staff_memberships")
    role = models.CharField(_("role"), max_length=20, choices=StaffRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("staff membership")
        verbose_name_plural = _("staff memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "municipality", "role"], name="one_role_once_per_municipality")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.municipality}"


class MunicipalUnit(models.Model):
    """A part of a municipality that organises activities and offers, e.g. "Sundhed og Ældre".

    Staff with the community permission in the municipality manage its units and act on their behalf.
    """

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="units"
    )
    name = models.CharField(_("name"), max_length=120, help_text=_('For example "Sundhed og Ældre".'))
    description = models.TextField(_("description"), max_length=2000, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    website = models.URLField(_("web site"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["municipality__name", "name"]
        verbose_name = _("municipal unit")
        verbose_name_plural = _("municipal units")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="unit_name_unique_in_municipality")
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.municipality.name}"
