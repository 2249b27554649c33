"""The catalogue of social offers (tilbud) that need no referral, from associations and municipal units.

An offer is published only after its provider has accepted the guidelines and staff in its municipality have
reviewed it; staff can take it down again.
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
from sammen.taxonomy.models import Term
from sammen.taxonomy.vocabularies import Vocabulary

GUIDELINES_VERSION = "2026-11"


class OfferStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for review")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Not approved")
    UNPUBLISHED = "unpublished", _("Taken down")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OfferQuerySet(models.QuerySet):
    def published(self):
        """Approved offers whose provider is still there: staff taking an association down or closing a unit
        takes its offers out of the catalogue too."""
        return self.filter(
            Q(association__isnull=True) | Q(association__hidden_at__isnull=True),
            Q(unit__isnull=True) | Q(unit__active=True),
            status=OfferStatus.PUBLISHED,
        )


class Offer(models.Model):
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=5000)
    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="offers",
    )
    unit = models.ForeignKey(
        MunicipalUnit,
        verbose_name=_("municipal unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="offers",
    )
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    problem_areas = models.ManyToManyField(
        Term,
        verbose_name=_("problem areas"),
        related_name="+",
        limit_choices_to={"vocabulary": Vocabulary.PROBLEM_AREA},
    )
    target_groups = models.ManyToManyField(
        Term,
        verbose_name=_("target groups"),
        related_name="+",
        limit_choices_to={"vocabulary": Vocabulary.TARGET_GROUP},
    )
    age_groups = models.ManyToManyField(
        Term, verbose_name=_("age groups"), related_name="+", limit_choices_to={"vocabulary": Vocabulary.AGE_GROUP}
    )
    when = models.CharField(
        _("when"), max_length=300, help_text=_('In your own words, for example "Tuesdays 10–12, not in July".')
    )
    schedule_weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices, null=True, blank=True)
    schedule_starts = models.TimeField(_("from"), null=True, blank=True)
    schedule_ends = models.TimeField(_("to"), null=True, blank=True)
    schedule_repeats = models.CharField(_("repeats"), max_length=10, choices=Recurrence.choices, blank=True)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="offers"
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True, validators=[postal_code_validator])
    online_url = models.URLField(_("online link"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    price = models.DecimalField(
        _("price (DKK)"), max_digits=7, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    receives_rehabilitation = models.BooleanField(
        _("receives citizens from municipal rehabilitation (slusehold)"), default=False
    )
    guidelines_accepted_at = models.DateTimeField(null=True, blank=True)
    guidelines_version = models.CharField(max_length=20, blank=True)
    status = models.CharField(max_length=12, choices=OfferStatus.choices, default=OfferStatus.DRAFT)
    review_note = models.TextField(_("note from the review"), max_length=2000, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        indexes = [
            models.Index(fields=["status", "municipality"], name="offer_status_municipality"),
            # The public catalogue: published offers in title order, read a page at a time.
            models.Index(fields=["status", "title", "id"], name="offer_status_title"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(association__isnull=False) & Q(unit__isnull=True))
                | (Q(association__isnull=True) & Q(unit__isnull=False)),
                name="offer_one_provider",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def provider(self):
        return self.association or self.unit
