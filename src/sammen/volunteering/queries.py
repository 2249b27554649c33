"""Reads: the programmes open to join, a person's volunteerships and course progress, and the coordinators' lists.

Who looks after a volunteer (approves them, records the criminal-record check): staff of the municipality that
runs the programme; for an association's programme the association's municipality; for a national programme the
volunteer's own municipality, so that each municipality looks after its own citizens.
"""

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from sammen.municipalities.models import Municipality
from sammen.volunteering.models import (
    LIVE_STATUSES,
    Course,
    Lesson,
    LessonProgress,
    Programme,
    Volunteer,
    VolunteerProfile,
    VolunteerStatus,
)

RUNNERS = ("municipality", "association__municipality", "course")


def open_programmes() -> QuerySet[Programme]:
    """The programmes that take new volunteers, by name."""
    return Programme.objects.filter(active=True).select_related(*RUNNERS)


def programme_by_slug(slug: str) -> Programme:
    return get_object_or_404(Programme.objects.select_related(*RUNNERS), slug=slug)


def running_municipality_id(programme: Programme) -> int | None:
    """The municipality that runs the programme (an association's: the association's), or None if national."""
    if programme.municipality_id:
        return programme.municipality_id
    if programme.association_id:
        return programme.association.municipality_id
    return None


def looking_after_municipality_id(volunteer: Volunteer) -> int | None:
    """The municipality whose coordinators approve the volunteer (see the module's docstring)."""
    return running_municipality_id(volunteer.programme) or volunteer.user.municipality_id


def _looked_after_by(municipality: Municipality) -> Q:
    national = Q(programme__municipality__isnull=True, programme__association__isnull=True)
    return (
        Q(programme__municipality=municipality)
        | Q(programme__association__municipality=municipality)
        | (national & Q(user__municipality=municipality))
    )


def programmes_run_by(municipality: Municipality) -> QuerySet[Programme]:
    """The municipality's own programmes and its associations' programmes, by name."""
    return Programme.objects.filter(
        Q(municipality=municipality) | Q(association__municipality=municipality)
    ).select_related(*RUNNERS)


def volunteerships_of(user) -> list[Volunteer]:
    """The person's memberships, the live ones first, newest first."""
    if not user.is_authenticated:
        return []
    rows = Volunteer.objects.filter(user=user).select_related("programme__course").order_by("-joined_at", "-pk")
    return sorted(rows, key=lambda v: v.status == VolunteerStatus.LEFT)


def live_volunteership(user, programme: Programme) -> Volunteer | None:
    """The person's membership of the programme that has not ended (any status but "left"), or None."""
    if not user.is_authenticated:
        return None
    return (
        Volunteer.objects.filter(user=user, programme=programme, status__in=LIVE_STATUSES)
        .select_related("programme__course")
        .first()
    )


def profile_of(user) -> VolunteerProfile | None:
    if not user.is_authenticated:
        return None
    return VolunteerProfile.objects.filter(user=user).first()


@dataclass(frozen=True)
class LessonStep:
    lesson: Lesson
    passed: bool
    attempts: int
    last_score: int
    available: bool  # every earlier lesson is passed


@dataclass(frozen=True)
class CourseProgress:
    course: Course
    steps: list[LessonStep]

    @property
    def passed(self) -> bool:
        return all(step.passed for step in self.steps)

    @property
    def passed_count(self) -> int:
        return sum(step.passed for step in self.steps)

    @property
    def next_lesson(self) -> Lesson | None:
        """Where to resume: the first lesson not yet passed."""
        return next((step.lesson for step in self.steps if not step.passed), None)

    @property
    def started(self) -> bool:
        return any(step.attempts for step in self.steps)

    def step_for(self, lesson: Lesson) -> LessonStep | None:
        return next((step for step in self.steps if step.lesson.pk == lesson.pk), None)


def course_progress(user, course: Course) -> CourseProgress:
    """The lessons in order with the person's progress on each: two queries, however long the course."""
    lessons = list(Lesson.objects.filter(course=course).order_by("position", "id"))
    progress = {row.lesson_id: row for row in LessonProgress.objects.filter(user=user, lesson__course=course)}
    steps = []
    earlier_passed = True
    for lesson in lessons:
        row = progress.get(lesson.pk)
        passed = row is not None and row.passed_at is not None
        steps.append(
            LessonStep(
                lesson=lesson,
                passed=passed,
                attempts=row.attempts if row else 0,
                last_score=row.last_score if row else 0,
                available=earlier_passed,
            )
        )
        earlier_passed = earlier_passed and passed
    return CourseProgress(course=course, steps=steps)


def lesson_for_quiz(course: Course, pk: int) -> Lesson:
    """A lesson of the course with its questions and their answers (three queries)."""
    return get_object_or_404(
        Lesson.objects.select_related("course").prefetch_related("questions__choices"), pk=pk, course=course
    )


def coordinator_queue(municipality: Municipality, *, status: str = "") -> QuerySet[Volunteer]:
    """The volunteers the municipality's coordinators look after: awaiting approval first, then those taking the
    course, then the rest; newest first within each. One query for any page size."""
    volunteers = Volunteer.objects.filter(_looked_after_by(municipality))
    if status:
        volunteers = volunteers.filter(status=status)
    urgency = Case(
        When(status=VolunteerStatus.AWAITING_APPROVAL, then=Value(0)),
        When(status=VolunteerStatus.ONBOARDING, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        volunteers.select_related("user", "programme")
        .annotate(urgency=urgency)
        .order_by("urgency", "-joined_at", "-pk")
    )


def volunteer_for_coordinator(municipality: Municipality, pk: int) -> Volunteer:
    """A volunteer the municipality looks after, or 404."""
    return get_object_or_404(
        Volunteer.objects.filter(_looked_after_by(municipality)).select_related(
            "user__volunteer_profile", "user__municipality", "programme__course", "programme__association"
        ),
        pk=pk,
    )


def programme_for_coordinator(municipality: Municipality, pk: int) -> Programme:
    return get_object_or_404(programmes_run_by(municipality), pk=pk)
