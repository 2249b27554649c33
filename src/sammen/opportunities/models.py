"""Opportunities for citizens outside the labour market (Kolding AKTIV): a job consultant's course (forløb) with a
citizen, the citizen's accommodation needs (skånehensyn) as structured items, the opportunities (internships, jobs
with wage subsidy, protected employment, volunteering) with the accommodations each can offer, the proposals the
matching makes, the follow-up plan and the outcomes.

Health-related data (GDPR Art. 9): only the job consultants of the course's municipality see a course.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sammen.associations.models import Association
from sammen.core.denmark import postal_code_validator
from sammen.municipalities.models import Municipality
from sammen.taskbank.models import Task
from sammen.taxonomy.models import Category

MOST_HOURS_PER_WEEK = 48  # the working-time limit; also keeps the matching's codes for hours few
MOST_KM = 100  # the matching's farthest distance


class CourseStatus(models.TextChoices):
    IN_CONTACT = "in_contact", _("In contact")
    LONGER_COURSE = "longer_course", _("In a longer course")
    INTERNSHIP = "internship", _("In internship")
    WAGE_SUBSIDY = "wage_subsidy", _("In job with wage subsidy")
    PROTECTED = "protected", _("In protected employment")
    TOWARDS_ORDINARY = "towards_ordinary", _("Moving towards ordinary work")
    REFERRED_ON = "referred_on", _("Referred on to citizen-to-citizen communities")
    DECIDING = "deciding", _("Still deciding")
    ENDED = "ended", _("Ended")


class ConsentWay(models.TextChoices):
    IN_PERSON = "in_person", _("In person, at a meeting")
    PHONE = "phone", _("By phone")
    WRITING = "writing", _("In writing, on paper")
    DIGITAL = "digital", _("Digitally")


class Course(models.Model):
    """A citizen's course with a job consultant. The citizen may have a Sammen account; without one, the
    consultant enters the minimum: a name, a phone number or an e-mail address, and the postal code."""

    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4, validators=[postal_code_validator])
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    consultant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField(_("started on"))
    status = models.CharField(_("status"), max_length=20, choices=CourseStatus.choices, default=CourseStatus.IN_CONTACT)
    interests = models.ManyToManyField(Category, verbose_name=_("interests"), blank=True, related_name="+")
    abilities = models.TextField(_("abilities"), max_length=3000, blank=True)
    potentials = models.TextField(_("potentials"), max_length=3000, blank=True)
    consent_way = models.CharField(_("how consent was given"), max_length=20, choices=ConsentWay.choices)
    consent_given_on = models.DateField(_("consent given on"))
    consent_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = pgettext_lazy("opportunities", "course")
        verbose_name_plural = pgettext_lazy("opportunities", "courses")
        indexes = [models.Index(fields=["municipality", "status"], name="opp_course_municipality")]
        constraints = [
            models.CheckConstraint(condition=Q(citizen__isnull=False) | ~Q(name=""), name="opp_course_citizen_or_name"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.name:
            return self.name
        return self.citizen.display_name if self.citizen_id else ""


class NeedKind(models.TextChoices):
    """The kinds of accommodation need (skånehensyn); the same kinds say what an opportunity can offer."""

    MAX_HOURS = "max_hours", _("At most a number of hours a week")
    TIME_OF_DAY = "time_of_day", _("Only at a time of day")
    NO_LIFTING = "no_lifting", _("No lifting")
    NO_STANDING = "no_standing", _("No standing for long")
    NO_STAIRS = "no_stairs", _("No stairs")
    BREAKS = "breaks", _("Breaks when needed")
    QUIET = "quiet", _("Quiet surroundings")
    TRANSPORT_KM = "transport_km", _("Transport of at most a number of km")
    PUBLIC_TRANSPORT = "public_transport", _("Reachable by public transport")
    OTHER = "other", _("Other")


# The kinds with a number, and the kind with a time of day; the others are plain yes-items.
NUMBER_KINDS = {NeedKind.MAX_HOURS: MOST_HOURS_PER_WEEK, NeedKind.TRANSPORT_KM: MOST_KM}


class TimeOfDay(models.TextChoices):
    MORNING = "morning", _("Morning")
    AFTERNOON = "afternoon", _("Afternoon")
    EVENING = "evening", _("Evening")


class AccommodationNeed(models.Model):
    """One accommodation need of a course: its kind, its value where it has one (hours, km, a time of day), and
    free text."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="needs")
    kind = models.CharField(_("kind"), max_length=20, choices=NeedKind.choices)
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True)
    time_of_day = models.CharField(_("time of day"), max_length=10, choices=TimeOfDay.choices, blank=True)
    text = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("accommodation need")
        verbose_name_plural = _("accommodation needs")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "kind"], condition=~Q(kind="other"), name="opp_need_one_of_a_kind"
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class OpportunityKind(models.TextChoices):
    INTERNSHIP = "internship", _("Internship")
    WAGE_SUBSIDY = "wage_subsidy", _("Job with wage subsidy")
    PROTECTED = "protected", _("Protected employment place")
    VOLUNTEERING = "volunteering", _("Volunteering")


class OpportunityStatus(models.TextChoices):
    OPEN = "open", _("Open")
    FILLED = "filled", _("Filled")
    CLOSED = "closed", _("Closed")


class Opportunity(models.Model):
    """An internship, job with wage subsidy, protected employment place or volunteering, with what it asks and
    the accommodations it can offer. Posted by a job consultant on behalf of an employer, or by a representative
    of an association; volunteering may be a task of the task bank."""

    kind = models.CharField(_("kind"), max_length=20, choices=OpportunityKind.choices)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=3000)
    asks = models.CharField(_("what it asks"), max_length=300, blank=True)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    employer_name = models.CharField(_("employer"), max_length=120, blank=True)
    association = models.ForeignKey(
        Association, verbose_name=_("association"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    task = models.ForeignKey(
        Task, verbose_name=_("task bank task"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    hours_per_week = models.PositiveSmallIntegerField(
        _("hours per week"), validators=[MinValueValidator(1), MaxValueValidator(MOST_HOURS_PER_WEEK)]
    )
    time_of_day = models.CharField(_("time of day"), max_length=10, choices=TimeOfDay.choices, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4, validators=[postal_code_validator])
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    places = models.PositiveSmallIntegerField(
        _("places"), default=1, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    status = models.CharField(max_length=10, choices=OpportunityStatus.choices, default=OpportunityStatus.OPEN)
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        indexes = [models.Index(fields=["municipality", "status"], name="opp_opportunity_open")]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_per_week__gte=1) & Q(hours_per_week__lte=MOST_HOURS_PER_WEEK),
                name="opp_opportunity_hours",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def point(self) -> tuple[float, float] | None:
        if self.latitude is None or self.longitude is None:
            return None
        return (self.latitude, self.longitude)

    @property
    def giver(self) -> str:
        if self.association_id:
            return self.association.name
        return self.employer_name


class Accommodation(models.Model):
    """One accommodation an opportunity can offer, of the same kinds as the needs (with a number for hours: it
    can go down to that many hours a week; with a time of day: it can be done then)."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="accommodations")
    kind = models.CharField(_("kind"), max_length=20, choices=NeedKind.choices)
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True)
    time_of_day = models.CharField(_("time of day"), max_length=10, choices=TimeOfDay.choices, blank=True)
    text = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("accommodation offered")
        verbose_name_plural = _("accommodations offered")

    def __str__(self) -> str:
        return str(self.get_kind_display())


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CHOSEN = "chosen", _("Chosen")
    REJECTED = "rejected", _("Rejected")


class Proposal(models.Model):
    """A pair the matching proposed, with its score and the reasons (the engine's parts); the consultant
    chooses or rejects it."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="proposals")
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="proposals")
    score = models.FloatField(default=0)
    reasons = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-score", "id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.UniqueConstraint(fields=["course", "opportunity"], name="opp_proposal_one_per_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.course_id} – {self.opportunity_id}"


class FollowUp(models.Model):
    """A dated check-in of a course's follow-up plan; done when the consultant records it."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="follow_ups")
    due_on = models.DateField(_("date"))
    plan = models.CharField(_("what to follow up on"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), max_length=3000, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    planned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return f"{self.course_id} {self.due_on}"


class Outcome(models.Model):
    """A change of a course's status: to what, on which date, recorded by whom."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="outcomes")
    status = models.CharField(_("status"), max_length=20, choices=CourseStatus.choices)
    happened_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-happened_on", "-id"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")

    def __str__(self) -> str:
        return f"{self.course_id} {self.status}"
