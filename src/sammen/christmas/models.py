"""Christmas friends (julevenner): a municipality's campaign for Christmas Eve or New Year's Eve, the citizens who
register as a host (seats at their table) or a guest (a party of one or more), the proposals the matching makes,
and each person's consent to be told about other activities later.

Across borders, the simplest honest design: a campaign belongs to one municipality and may name partner
municipalities (Herning names Holstebro and Ikast-Brande) whose citizens may register in it. Matching a campaign
matches the registrations in that campaign only, so a host in Holstebro may seat a guest from Herning because both
registered in Herning's campaign; there is no matching across separate campaigns, and the municipality that runs
the campaign is the one whose coordinators see the registrations.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.core.denmark import postal_code_validator
from sammen.municipalities.models import Municipality

MOST_PEOPLE = 20
MOST_KM = 100


class CampaignKind(models.TextChoices):
    CHRISTMAS = "christmas", _("Christmas Eve")
    NEW_YEAR = "new_year", _("New Year's Eve")


class Campaign(models.Model):
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=CampaignKind.choices, default=CampaignKind.CHRISTMAS)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2020), MaxValueValidator(2100)])
    title = models.CharField(_("title"), max_length=120)
    registration_opens_on = models.DateField(_("registration opens"))
    registration_closes_on = models.DateField(_("registration closes"))
    matching_on = models.DateField(_("matching date"))
    event_on = models.DateField(_("the day itself"))
    partners = models.ManyToManyField(
        Municipality,
        verbose_name=_("partner municipalities"),
        blank=True,
        related_name="+",
        help_text=_("Their citizens may also register, and be matched with yours."),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-event_on", "id"]
        verbose_name = _("Christmas friends campaign")
        verbose_name_plural = _("Christmas friends campaigns")
        constraints = [
            models.CheckConstraint(
                condition=Q(registration_closes_on__gte=models.F("registration_opens_on")),
                name="christmas_campaign_window_in_order",
            ),
            models.CheckConstraint(
                condition=Q(event_on__gte=models.F("registration_closes_on")), name="christmas_campaign_event_after"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.registration_opens_on <= today <= self.registration_closes_on

    def municipality_ids(self) -> list[int]:
        """The campaign's own municipality first, then its partners: whose citizens may register."""
        return [self.municipality_id, *(m.pk for m in self.partners.all() if m.pk != self.municipality_id)]


class Role(models.TextChoices):
    HOST = "host", _("Host")
    GUEST = "guest", _("Guest")


class Food(models.TextChoices):
    TRADITIONAL = "traditional", _("Traditional Danish Christmas food")
    VEGETARIAN = "vegetarian", _("Vegetarian")
    HALAL = "halal", _("Halal")


class RegistrationStatus(models.TextChoices):
    ACTIVE = "active", _("Registered")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Registration(models.Model):
    """A host's table (``people`` is the seats for guests) or a guest party (``people`` is how many they are)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("role"), max_length=5, choices=Role.choices)
    people = models.PositiveSmallIntegerField(
        _("people"), validators=[MinValueValidator(1), MaxValueValidator(MOST_PEOPLE)]
    )
    description = models.TextField(_("about you"), max_length=500)
    postal_code = models.CharField(_("postal code"), max_length=4, validators=[postal_code_validator])
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    # The host's side: the address is shared with the guest only after both have accepted.
    address = models.CharField(_("address"), max_length=200, blank=True)
    step_free_home = models.BooleanField(_("my home is step-free"), default=False)
    has_pets = models.BooleanField(_("there are pets in my home"), default=False)
    smoking = models.BooleanField(_("people smoke in my home"), default=False)
    food_served = models.CharField(_("food I serve"), max_length=12, choices=Food.choices, blank=True)
    # The guest's side.
    max_distance_km = models.PositiveSmallIntegerField(
        _("how far we can travel (km)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MOST_KM)],
    )
    needs_step_free = models.BooleanField(_("we need a step-free home"), default=False)
    no_pets = models.BooleanField(_("we cannot be with pets"), default=False)
    non_smoking = models.BooleanField(_("we need a smoke-free home"), default=False)
    food_wanted = models.CharField(_("food we would like"), max_length=12, choices=Food.choices, blank=True)
    status = models.CharField(max_length=10, choices=RegistrationStatus.choices, default=RegistrationStatus.ACTIVE)
    told_unmatched_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    changed_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.CheckConstraint(
                condition=Q(people__gte=1) & Q(people__lte=MOST_PEOPLE), name="christmas_registration_people"
            ),
            models.CheckConstraint(
                condition=Q(max_distance_km__isnull=True)
                | (Q(max_distance_km__gte=1) & Q(max_distance_km__lte=MOST_KM)),
                name="christmas_registration_distance",
            ),
            models.UniqueConstraint(
                fields=["campaign", "user"],
                condition=Q(status="active"),
                name="christmas_registration_one_live",
            ),
        ]
        indexes = [models.Index(fields=["campaign", "role", "status"], name="christmas_registration_side")]

    def __str__(self) -> str:
        return f"{self.campaign} – {self.get_role_display()} {self.user_id}"

    @property
    def is_host(self) -> bool:
        return self.role == Role.HOST

    @property
    def point(self) -> tuple[float, float] | None:
        if self.latitude is None or self.longitude is None:
            return None
        return (self.latitude, self.longitude)


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    SENT = "sent", _("Sent to both")
    ACCEPTED = "accepted", _("Accepted by both")
    DECLINED = "declined", _("Declined")
    SKIPPED = "skipped", _("Skipped")
    CANCELLED = "cancelled", _("Cancelled")


LIVE_PROPOSAL = Q(status__in=[ProposalStatus.PROPOSED, ProposalStatus.SENT, ProposalStatus.ACCEPTED])
# A pair that one side or the coordinator turned down is never proposed again.
REFUSED_PROPOSAL = Q(status__in=[ProposalStatus.DECLINED, ProposalStatus.SKIPPED])


class Proposal(models.Model):
    """The matching's proposal of a guest party at a host's table, with the parts of its score."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="proposals")
    host = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="proposals_as_host")
    guest = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="proposals_as_guest")
    status = models.CharField(max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED)
    score = models.FloatField(default=0)
    parts = models.JSONField(default=list)
    host_accepted_at = models.DateTimeField(null=True, blank=True)
    guest_accepted_at = models.DateTimeField(null=True, blank=True)
    declined_by = models.CharField(max_length=5, choices=Role.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.UniqueConstraint(fields=["guest"], condition=LIVE_PROPOSAL, name="christmas_proposal_one_live"),
        ]
        indexes = [models.Index(fields=["campaign", "status"], name="christmas_proposal_status")]

    def __str__(self) -> str:
        return f"{self.host_id} ← {self.guest_id}"

    def side_of(self, user) -> str | None:
        """ "host" or "guest" if the person is one side of the proposal, else None."""
        if self.host.user_id == user.pk:
            return Role.HOST
        if self.guest.user_id == user.pk:
            return Role.GUEST
        return None


class ContactConsent(models.Model):
    """The person's consent to be told about other activities later: its own consent, given and withdrawn apart
    from the registration."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="consents")
    given_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["given_at", "id"]
        verbose_name = _("consent to be contacted")
        verbose_name_plural = _("consents to be contacted")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "campaign"], condition=Q(withdrawn_at__isnull=True), name="christmas_consent_one_live"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} – {self.campaign_id}"
