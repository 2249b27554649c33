"""Bubbles: a citizen's short post seeking company or an interest community."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.core.denmark import postal_code_validator
from sammen.municipalities.models import Municipality
from sammen.taxonomy.models import Category

MINIMUM_AGE = 15
MAXIMUM_AGE = 120


class BubbleStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    EXPIRED = "expired", _("Expired")


class BubbleQuerySet(models.QuerySet):
    def visible(self):
        """What anyone may see: open, not hidden by a moderator."""
        return self.filter(status=BubbleStatus.OPEN, hidden_at__isnull=True)

    def for_list(self):
        return self.select_related("author", "category", "municipality")


class Bubble(models.Model):
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bubbles")
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"), max_length=2000)
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+")
    age_min = models.PositiveSmallIntegerField(
        _("from age"), default=MINIMUM_AGE, validators=[MinValueValidator(MINIMUM_AGE), MaxValueValidator(MAXIMUM_AGE)]
    )
    age_max = models.PositiveSmallIntegerField(
        _("to age"), default=MAXIMUM_AGE, validators=[MinValueValidator(MINIMUM_AGE), MaxValueValidator(MAXIMUM_AGE)]
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="bubbles"
    )
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True, validators=[postal_code_validator])
    online_ok = models.BooleanField(_("meeting online is fine"), default=False)
    status = models.CharField(max_length=10, choices=BubbleStatus.choices, default=BubbleStatus.OPEN)
    hidden_at = models.DateTimeField(null=True, blank=True, help_text=_("Set when a moderator hides the bubble."))
    answered_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When someone other than the author first responded.")
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    expires_at = models.DateTimeField()
    expiry_reminder_sent_at = models.DateTimeField(null=True, blank=True)

    objects = BubbleQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("bubble")
        verbose_name_plural = _("bubbles")
        indexes = [
            models.Index(fields=["status", "-created_at"], name="bubble_status_newest"),
            models.Index(fields=["municipality", "status", "-created_at"], name="bubble_municipality_newest"),
            models.Index(fields=["category", "status", "-created_at"], name="bubble_category_newest"),
            models.Index(fields=["status", "expires_at"], name="bubble_expiry"),
            # The status report's bubbles created and response rate, from the index alone on PostgreSQL.
            models.Index(
                fields=["municipality", "created_at"], include=["id", "author", "answered_at"], name="bubble_report"
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(age_max__gte=F("age_min")), name="bubble_age_range_ordered"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == BubbleStatus.OPEN and self.hidden_at is None


class CrossMunicipalityViewing(models.Model):
    """Per user and month: did they look at bubbles from municipalities other than their own?

    Only this yes/no is kept (for the "share of users who look at other municipalities" figure); not what
    they looked at.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text="The first day of the month.")
    viewed_other = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "month"], name="one_viewing_row_per_user_month")]
        # The status report's share who look at other municipalities' bubbles, from the index alone on PostgreSQL.
        indexes = [
            models.Index(fields=["municipality", "month"], include=["user", "viewed_other"], name="viewing_report")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.month:%Y-%m} {self.viewed_other}"
