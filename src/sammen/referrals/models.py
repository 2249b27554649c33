"""Referrals (henvisninger): a referrer refers a citizen, with their consent, to a receiver (an offer, an activity,
an association's slusehold team or a municipal service), whose named contacts follow up within a deadline.

This is health and social data (GDPR Art. 9): a referral is seen only by the referrers of its municipality, the
contacts of its receiver and the citizen, and every read by staff or a contact is an access-log row. A referral
that arrived from outside (a GP, a hospital) names its sender and its id there, unique per sender, so that the
intake of a later API stays idempotent.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sammen.activities.models import Activity
from sammen.associations.models import Association
from sammen.core.denmark import postal_code_validator
from sammen.municipalities.models import Municipality, MunicipalUnit
from sammen.offers.models import Offer

# The national guideline: the municipality calls no later than seven days after the referral is received.
SMOKING_CESSATION_FOLLOW_UP_DAYS = 7


class ReceiverKind(models.TextChoices):
    OFFER = "offer", _("Offer")
    ACTIVITY = "activity", _("Activity")
    TEAM = "team", _("Slusehold team of an association")
    SERVICE = "service", _("Municipal service")


# Which target each kind of receiver points at; the others stay empty.
KIND_TARGET = {
    ReceiverKind.OFFER: "offer",
    ReceiverKind.ACTIVITY: "activity",
    ReceiverKind.TEAM: "association",
    ReceiverKind.SERVICE: "unit",
}


def _only_target(kind: str) -> Q:
    wanted = KIND_TARGET[kind]
    condition = Q(kind=kind)
    for target in KIND_TARGET.values():
        condition &= Q(**{f"{target}__isnull": target != wanted})
    return condition


class Receiver(models.Model):
    """Who receives referrals in a municipality, and how many days its contacts have for the first contact."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ReceiverKind.choices)
    offer = models.ForeignKey(Offer, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    activity = models.ForeignKey(Activity, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    association = models.ForeignKey(Association, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(MunicipalUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=120)
    smoking_cessation = models.BooleanField(_("smoking cessation"), default=False)
    follow_up_days = models.PositiveSmallIntegerField(_("days to the first contact"))
    accepting = models.BooleanField(_("accepts referrals"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("receiver")
        verbose_name_plural = _("receivers")
        constraints = [
            models.CheckConstraint(
                condition=_only_target(ReceiverKind.OFFER)
                | _only_target(ReceiverKind.ACTIVITY)
                | _only_target(ReceiverKind.TEAM)
                | _only_target(ReceiverKind.SERVICE),
                name="receiver_target_matches_kind",
            ),
            models.CheckConstraint(
                condition=Q(follow_up_days__gte=1) & Q(follow_up_days__lte=90), name="receiver_follow_up_days"
            ),
            models.UniqueConstraint(fields=["municipality", "name"], name="receiver_name_unique_in_municipality"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def target(self):
        return getattr(self, KIND_TARGET[self.kind])


class ReceiverContact(models.Model):
    """A named person of a receiver (often a volunteer, not staff) who sees the referrals sent to it."""

    receiver = models.ForeignKey(Receiver, on_delete=models.CASCADE, related_name="contacts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("receiver contact")
        verbose_name_plural = _("receiver contacts")
        constraints = [models.UniqueConstraint(fields=["receiver", "user"], name="receiver_contact_once")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.receiver_id}"


class Sender(models.Model):
    """An organisation outside Sammen that refers citizens (a general practice, a hospital department)."""

    name = models.CharField(_("sender"), max_length=120, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("sender")
        verbose_name_plural = _("senders")

    def __str__(self) -> str:
        return self.name


class Source(models.TextChoices):
    INTERNAL = "internal", _("Referred in Sammen")
    EXTERNAL = "external", _("Received from outside")


class ReferralStatus(models.TextChoices):
    SENT = "sent", pgettext_lazy("referral status", "Sent")
    CONTACTED = "contacted", pgettext_lazy("referral status", "Contacted")
    STARTED = "started", pgettext_lazy("referral status", "Started")
    COMPLETED = "completed", pgettext_lazy("referral status", "Completed")
    DECLINED = "declined", pgettext_lazy("referral status", "Declined")
    DROPPED_OUT = "dropped_out", pgettext_lazy("referral status", "Dropped out")
    WITHDRAWN = "withdrawn", pgettext_lazy("referral status", "Consent withdrawn")


OPEN_STATUSES = (ReferralStatus.SENT, ReferralStatus.CONTACTED, ReferralStatus.STARTED)


class EndReason(models.TextChoices):
    """The national list of reasons why a citizen declines or drops out."""

    HEALTH = "health", _("Health")
    TIME = "time", _("Time")
    TRANSPORT = "transport", _("Transport")
    DID_NOT_FIT = "did_not_fit", _("Did not fit")
    MOVED = "moved", _("Moved")
    NOT_INTERESTED = "not_interested", _("Not interested")
    OTHER = "other", _("Other")


class ContactWay(models.TextChoices):
    PHONE = "phone", pgettext_lazy("way of contact", "Phone call")
    MEETING = "meeting", pgettext_lazy("way of contact", "Meeting")


class Referral(models.Model):
    receiver = models.ForeignKey(Receiver, verbose_name=_("receiver"), on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    # A citizen with a Sammen account; without one, the minimum the receiver needs to reach them.
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("name"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True, validators=[postal_code_validator])
    needs = models.TextField(_("what the receiver needs to know"), max_length=2000, blank=True)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.INTERNAL)
    sender = models.ForeignKey(Sender, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals")
    external_id = models.CharField(_("the sender's reference"), max_length=64, blank=True)
    received_at = models.DateTimeField(_("received"))
    deadline_on = models.DateField(_("first contact by"))
    status = models.CharField(max_length=12, choices=ReferralStatus.choices, default=ReferralStatus.SENT)
    end_reason = models.CharField(_("reason"), max_length=16, choices=EndReason.choices, blank=True)
    end_reason_text = models.CharField(_("the reason in words"), max_length=300, blank=True)
    first_contact_at = models.DateTimeField(_("first contact"), null=True, blank=True)
    first_contact_how = models.CharField(
        pgettext_lazy("first contact", "how"), max_length=10, choices=ContactWay.choices, blank=True
    )
    outcome_notes = models.TextField(_("outcome"), max_length=2000, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # Each deadline warning is sent once: when it was, is kept here.
    receiver_warned_at = models.DateTimeField(null=True, blank=True)
    referrer_warned_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(fields=["municipality", "status", "deadline_on"], name="referral_municipality_open"),
            models.Index(fields=["receiver", "status"], name="referral_receiver_status"),
            models.Index(fields=["status", "deadline_on"], name="referral_deadline"),
            # The dashboard's figures of the last 12 months, read from the index alone (no row lookups), and the
            # latest change, which tells whether the cached figures still hold.
            models.Index(
                fields=[
                    "municipality",
                    "received_at",
                    "receiver",
                    "status",
                    "deadline_on",
                    "first_contact_at",
                    "end_reason",
                ],
                name="referral_figures",
            ),
            models.Index(fields=["municipality", "changed_at"], name="referral_municipality_changed"),
            models.Index(fields=["municipality", "deadline_on", "id"], name="referral_municipality_deadline"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["sender", "external_id"], condition=~Q(external_id=""), name="referral_external_id_per_sender"
            ),
            models.CheckConstraint(
                condition=Q(source="internal", sender__isnull=True) | Q(source="external", sender__isnull=False),
                name="referral_external_has_sender",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.receiver_id}: {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def details_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def shown_name(self) -> str:
        """The citizen's name as the receiver and the referrer see it (blank once consent is withdrawn)."""
        if self.details_withdrawn:
            return ""
        return self.name or (self.citizen.display_name if self.citizen_id else "")

    @property
    def shown_email(self) -> str:
        if self.details_withdrawn:
            return ""
        return self.email or (self.citizen.email if self.citizen_id else "")

    @property
    def shown_phone(self) -> str:
        if self.details_withdrawn:
            return ""
        if self.phone:
            return self.phone
        return str(self.citizen.phone_number) if self.citizen_id and self.citizen.phone_number else ""

    @property
    def shown_postal_code(self) -> str:
        if self.details_withdrawn:
            return ""
        return self.postal_code or (self.citizen.postal_code if self.citizen_id else "")

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.status == ReferralStatus.SENT and self.deadline_on < (today or timezone.localdate())

    @property
    def followed_up_in_time(self) -> bool | None:
        if self.first_contact_at is None:
            return None
        return timezone.localdate(self.first_contact_at) <= self.deadline_on


class ConsentWay(models.TextChoices):
    WRITTEN = "written", _("In writing")
    ORAL = "oral", _("Orally")
    DIGITAL = "digital", _("Digitally")


class ReferralConsent(models.Model):
    """The citizen's consent to share the named details with the receiver: how, when, recorded by whom."""

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="consent")
    given_how = models.CharField(_("how the consent was given"), max_length=10, choices=ConsentWay.choices)
    given_on = models.DateField(_("consent given on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.given_how}"


class EventKind(models.TextChoices):
    SENT = "sent", _("Referred")
    RECEIVED = "received", _("Received from outside and registered")
    CONTACTED = "contacted", _("First contact")
    STARTED = "started", pgettext_lazy("referral course", "Started")
    COMPLETED = "completed", pgettext_lazy("referral course", "Completed")
    DECLINED = "declined", pgettext_lazy("referral status", "Declined")
    DROPPED_OUT = "dropped_out", pgettext_lazy("referral course", "Dropped out")
    WITHDRAWN = "withdrawn", pgettext_lazy("referral course", "Consent withdrawn")
    RECEIVER_WARNED = "receiver_warned", _("The receiver was reminded of the deadline")
    REFERRER_WARNED = "referrer_warned", _("The referrer was told the deadline has passed")


class ReferralEvent(models.Model):
    """One step of a referral's course: who did what, when."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=EventKind.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("referral event")
        verbose_name_plural = _("referral events")

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.kind}"


class ApiKey(models.Model):
    """A sending organisation's key to the referral intake (``/api/v1/henvisninger/``), for the referrals of one
    municipality. Only a hash of the key is stored: the key itself is shown once, to the referrer who made it."""

    sender = models.ForeignKey(Sender, verbose_name=_("sender"), on_delete=models.PROTECT, related_name="api_keys")
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    # The key's public first part, by which a request's key is found; the hash is compared in constant time.
    prefix = models.CharField(max_length=16, unique=True)
    key_hash = models.CharField(max_length=64)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sender__name", "-created_at"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return f"{self.sender} {self.prefix}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
