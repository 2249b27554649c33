"""Effect measurement: a citizen's consent to answer the UCLA-3 and WHO-5 scales when a programme starts for
them (a ``Measurement``), the three points they are asked at (``Invitation``: the start, 3 and 6 months after)
and their answers (``Answer``). Everything here is the citizen's own data and goes with their account."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Point(models.TextChoices):
    START = "start", _("At the start")
    THREE_MONTHS = "3m", _("After 3 months")
    SIX_MONTHS = "6m", _("After 6 months")


class Closed(models.TextChoices):
    FINISHED = "finished", _("finished")
    EXPIRED = "expired", _("not answered in time")
    WITHDRAWN = "withdrawn", _("stopped by the citizen")


class Measurement(models.Model):
    """One citizen, one programme start: invited, and (once they consent) asked at the start and after 3 and 6
    months. At most one is open per citizen and programme."""

    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wellbeing_measurements"
    )
    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.PROTECT, related_name="+")
    programme = models.CharField(_("programme"), max_length=30)
    invited_at = models.DateTimeField(_("invited"), default=timezone.now)
    consent_given_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    started_on = models.DateField(_("first answer"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_reason = models.CharField(_("why it closed"), max_length=10, choices=Closed.choices, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["citizen", "programme"], condition=Q(closed_at__isnull=True), name="one_open_measurement"
            )
        ]
        indexes = [models.Index(fields=["municipality", "programme"], name="measurement_programme")]

    def __str__(self) -> str:
        return f"Measurement #{self.pk} ({self.programme})"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Invitation(models.Model):
    """A point at which the citizen is asked: open from ``opens_on`` to ``closes_on`` (both included), with at most
    ``MAX_MESSAGES`` e-mails/SMS about it."""

    measurement = models.ForeignKey(Measurement, on_delete=models.CASCADE, related_name="invitations")
    point = models.CharField(_("when"), max_length=5, choices=Point.choices)
    opens_on = models.DateField()
    closes_on = models.DateField()
    messages_sent = models.PositiveSmallIntegerField(default=0)
    last_message_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["measurement", "point"], name="one_invitation_per_point")]
        indexes = [models.Index(fields=["closes_on"], name="invitation_closes")]

    def __str__(self) -> str:
        return f"Invitation #{self.pk} ({self.point})"


class Answer(models.Model):
    """The citizen's answer at one point: each item's value (``items``: ``{"ucla3": [..3], "who5": [..5]}``) and the
    two scores. A follow-up points to the start answer it is compared with."""

    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, related_name="answer")
    answered_at = models.DateTimeField(_("answered"), default=timezone.now)
    items = models.JSONField(_("answers"))
    ucla = models.PositiveSmallIntegerField(_("UCLA-3 score"))
    who5 = models.PositiveSmallIntegerField(_("WHO-5 score"))
    baseline = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="follow_ups")
    assisted = models.BooleanField(_("answered with help from staff"), default=False)
    # Who helped; kept (set to nothing) when the staff member's account goes, while ``assisted`` stays true.
    assisted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(ucla__gte=3, ucla__lte=9), name="ucla_in_range"),
            models.CheckConstraint(condition=Q(who5__gte=0, who5__lte=100), name="who5_in_range"),
        ]

    def __str__(self) -> str:
        return f"Answer #{self.pk}"
