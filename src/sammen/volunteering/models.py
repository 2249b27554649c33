"""Volunteers, shared by every volunteer programme: the programme (data, not code), the volunteer's profile, the
volunteer agreement, the programme's e-learning course with quizzes, approval and the criminal-record check.

A programme is run nationally, by one municipality or by an association. A citizen joins a programme as a
``Volunteer``; the talks app (and later visiting friends, Christmas friends and the task bank) build on that
membership: only an *active* volunteer (agreement accepted, course passed, approved where the programme says so,
not paused) may offer their time.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.associations.models import Association
from sammen.municipalities.models import Municipality

# The version of the volunteer agreement (templates/volunteering/_agreement.html) a volunteer accepts; change it
# whenever the text changes, so that each volunteer's acceptance names the text they read.
AGREEMENT_VERSION = "2026-12"


class ProgrammeKind(models.TextChoices):
    """What a programme's volunteers do; each kind is served by one app (booked talks by ``sammen.talks``)."""

    TALKS = "talks", _("Booked talks")
    VISITS = "visits", _("Visiting friends")
    CHRISTMAS = "christmas", _("Christmas friends")
    TASKS = "tasks", _("Volunteer tasks")


class TalkChannel(models.TextChoices):
    VIDEO = "video", _("Video call")
    PHONE = "phone", _("Phone call")


class Course(models.Model):
    """An e-learning course: lessons in order, each with a short quiz. One course may serve several programmes."""

    title = models.CharField(_("title"), max_length=120)
    introduction = models.TextField(_("introduction"), max_length=5000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return self.title


class Programme(models.Model):
    kind = models.CharField(_("kind"), max_length=12, choices=ProgrammeKind.choices)
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    description = models.TextField(_("description"), max_length=5000)
    audience = models.CharField(_("who it is for"), max_length=300)
    # Who runs it: nationally (neither), one municipality, or an association (at most one of them).
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("run by municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    association = models.ForeignKey(
        Association,
        verbose_name=_("run by association"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    course = models.ForeignKey(
        Course, verbose_name=_("course"), null=True, blank=True, on_delete=models.PROTECT, related_name="programmes"
    )
    talk_minutes = models.PositiveSmallIntegerField(
        _("length of a talk (minutes)"), default=15, validators=[MinValueValidator(5), MaxValueValidator(240)]
    )
    channels = models.JSONField(_("channels"), default=list)  # TalkChannel values
    requires_approval = models.BooleanField(_("staff approve each volunteer"), default=True)
    requires_record_check = models.BooleanField(
        _("reaches people under 18 (criminal-record check needed)"), default=False
    )
    volunteer_minimum_age = models.PositiveSmallIntegerField(
        _("minimum age of volunteers"), default=18, validators=[MinValueValidator(15), MaxValueValidator(99)]
    )
    citizen_minimum_age = models.PositiveSmallIntegerField(
        _("minimum age of citizens"), default=15, validators=[MinValueValidator(13), MaxValueValidator(99)]
    )
    max_future_bookings = models.PositiveSmallIntegerField(
        _("future bookings a citizen may hold"), default=3, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    # Language friends practise a language: the citizen filters volunteers by the language they help with.
    language_filter = models.BooleanField(_("citizens choose a language"), default=False)
    active = models.BooleanField(_("open"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(municipality__isnull=True) | Q(association__isnull=True), name="programme_one_runner"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def runner_name(self) -> str:
        if self.association_id:
            return self.association.name
        if self.municipality_id:
            return str(_("%(name)s Municipality") % {"name": self.municipality.name})
        return str(_("Sammen, nationally"))


class Lesson(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lessons")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"), max_length=20000)
    picture = models.ImageField(_("picture"), upload_to="lessons/", blank=True)
    picture_text = models.CharField(_("description of the picture"), max_length=300, blank=True)
    video_url = models.URLField(_("video (embedded link)"), blank=True)
    pass_mark = models.PositiveSmallIntegerField(
        _("right answers needed (percent)"), default=100, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    class Meta:
        ordering = ["course", "position", "id"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    text = models.CharField(_("question"), max_length=500)
    explanation = models.TextField(_("explanation shown after an answer"), max_length=2000, blank=True)

    class Meta:
        ordering = ["lesson", "position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text


class Choice(models.Model):
    """One possible answer; a question has one or more right ones."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    text = models.CharField(_("answer"), max_length=300)
    correct = models.BooleanField(_("right answer"), default=False)

    class Meta:
        ordering = ["question", "position", "id"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return self.text


class LessonProgress(models.Model):
    """How far a person has come with a lesson; kept so that they can stop and resume."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="progress")
    attempts = models.PositiveSmallIntegerField(default=0)
    last_score = models.PositiveSmallIntegerField(default=0)  # percent right in the last attempt
    passed_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "lesson"], name="one_progress_per_lesson")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.lesson_id} {'passed' if self.passed_at else self.attempts}"


class LanguageLevel(models.TextChoices):
    """How well a volunteer speaks a language (``VolunteerProfile.languages``)."""

    NATIVE = "native", _("Mother tongue")
    FLUENT = "fluent", _("Fluent")
    GOOD = "good", _("Good")
    BASIC = "basic", _("A little")


class VolunteerProfile(models.Model):
    """What a volunteer tells citizens and coordinators about themselves; one per person, for every programme."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteer_profile")
    motivation = models.TextField(_("why you would like to volunteer"), max_length=2000)
    presentation = models.TextField(
        _("a short presentation citizens see"), max_length=1000, help_text=_("Do not write your phone number.")
    )
    topics = models.CharField(_("what you like to talk about"), max_length=300, blank=True)
    # [{"code": "en", "level": "fluent"}, ...] with codes from core.denmark.SPOKEN_LANGUAGES.
    languages = models.JSONField(_("languages"), default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("volunteer profile")
        verbose_name_plural = _("volunteer profiles")

    def __str__(self) -> str:
        return f"{self.user_id}"

    @property
    def language_codes(self) -> list[str]:
        return [entry["code"] for entry in self.languages]


class VolunteerStatus(models.TextChoices):
    ONBOARDING = "onboarding", _("Taking the course")
    AWAITING_APPROVAL = "awaiting", _("Awaiting approval")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("On a break")
    DECLINED = "declined", _("Not approved")
    LEFT = "left", _("Left the programme")


# A membership that has not ended: the person cannot join the same programme again while it lasts.
LIVE_STATUSES = frozenset(status for status in VolunteerStatus if status != VolunteerStatus.LEFT)


class Volunteer(models.Model):
    """A person's membership of one programme, from joining to leaving."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteerships")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="volunteers")
    status = models.CharField(max_length=12, choices=VolunteerStatus.choices, default=VolunteerStatus.ONBOARDING)
    agreement_version = models.CharField(max_length=20)
    agreement_accepted_at = models.DateTimeField()
    course_passed_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A criminal-record check (børneattest) seen by staff: the date it was seen, never the document.
    record_check_seen_on = models.DateField(_("criminal-record check seen on"), null=True, blank=True)
    record_check_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    paused_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-joined_at", "-id"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        constraints = [
            # One membership per person and programme that has not ended; after leaving one may join again.
            models.UniqueConstraint(
                fields=["user", "programme"], condition=~Q(status="left"), name="one_live_volunteership"
            )
        ]
        indexes = [models.Index(fields=["programme", "status"], name="volunteer_programme_status")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.programme_id} {self.status}"

    @property
    def may_offer_time(self) -> bool:
        return self.status == VolunteerStatus.ACTIVE
