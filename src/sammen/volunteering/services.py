"""Volunteer use cases, shared by every volunteer programme: joining (profile and agreement), the course's
quizzes, approval and the criminal-record check by coordinators, pause, resume and leave, and the coordinators'
own programmes.

A volunteer moves ONBOARDING (taking the course) → AWAITING_APPROVAL (where staff approve) → ACTIVE, and may
be PAUSED, DECLINED or LEFT. Each change of a membership happens under its lock, in one transaction with its
audit row and its e-mail. Pausing and leaving send ``signals.volunteer_stopped`` in that transaction, so that the
programme apps above (talks) cancel what the volunteer had promised.

Joining, answering a quiz, changing the profile and coming back from a break ask whether the person may
contribute (``check_may_contribute``); pausing and leaving only take something away, so anyone may do them.
"""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.access.eligibility import check_may_contribute
from sammen.access.permissions import (
    Permission,
    check_permission,
    is_platform_admin,
    staff_with_permission,
)
from sammen.audit import services as audit
from sammen.core.denmark import SPOKEN_LANGUAGES
from sammen.core.errors import SammenError
from sammen.core.links import absolute_url
from sammen.core.locking import locked
from sammen.core.text import danish_slugify
from sammen.core.text_policy import check_text
from sammen.municipalities.models import Municipality
from sammen.notifications.services import notify
from sammen.volunteering import queries
from sammen.volunteering.models import (
    AGREEMENT_VERSION,
    LIVE_STATUSES,
    LanguageLevel,
    Lesson,
    LessonProgress,
    Programme,
    ProgrammeKind,
    Question,
    TalkChannel,
    Volunteer,
    VolunteerProfile,
    VolunteerStatus,
)
from sammen.volunteering.signals import volunteer_stopped

__all__ = ["AGREEMENT_VERSION"]

# What a volunteer types about themselves, with the longest text each may be (the model's limits).
PROFILE_LIMITS = {"motivation": 2000, "presentation": 1000, "topics": 300}
PROFILE_MULTI_LINE = {"motivation", "presentation"}
PROGRAMME_LIMITS = {"name": 80, "description": 5000, "audience": 300}
# The fields of a programme a coordinator sets; who runs it is fixed when it is created (an association of the
# same municipality may be chosen or changed).
PROGRAMME_FIELDS = frozenset(
    {
        "kind",
        "name",
        "description",
        "audience",
        "association",
        "course",
        "talk_minutes",
        "channels",
        "requires_approval",
        "requires_record_check",
        "volunteer_minimum_age",
        "citizen_minimum_age",
        "max_future_bookings",
        "language_filter",
        "active",
    }
)
# Slugs the URLs under /frivillig/ already use.
RESERVED_SLUGS = frozenset({"min-profil"})
LIMITS = {
    "talk_minutes": (5, 240),
    "volunteer_minimum_age": (15, 99),
    "citizen_minimum_age": (13, 99),
    "max_future_bookings": (1, 20),
}

ERRORS = {
    "programme_closed": _("“%(name)s” does not take new volunteers at the moment."),
    "no_birth_date": _(
        "Add your date of birth to your profile first: volunteers for “%(name)s” must be at least %(age)s years old."
    ),
    "too_young": _("You must be at least %(age)s years old to volunteer for “%(name)s”."),
    "agreement": _("Read the volunteer agreement and tick the box to accept it."),
    "already": _("You are already a volunteer for “%(name)s”."),
    "declined_before": _(
        "You were not approved as a volunteer for “%(name)s”, so you cannot join it again. Contact the municipality "
        "if you have questions."
    ),
    "no_motivation": _("Write a few words about why you would like to volunteer."),
    "no_presentation": _("Write a short presentation of yourself for the citizens you will talk with."),
    "too_long": _("Write at most %(limit)s characters (you wrote %(length)s)."),
    "no_language": _("Choose at least one language you can talk in, and how well you speak it."),
    "bad_language": _("Choose the languages and levels from the lists."),
    "no_profile": _("Join a volunteer programme first."),
    "not_in_course": _("Join a programme that uses this course first."),
    "earlier_lesson": _("Take the lessons in order: finish “%(title)s” first."),
    "unanswered": _("Answer every question: tick at least one answer to each."),
    "unknown_answer": _("An answer did not belong to its question. Reload the page and answer again."),
    "not_coordinator": _("Only the coordinators who look after this volunteer can do this."),
    "not_passed": _("The volunteer has not passed the course yet."),
    "not_awaiting": _("Only a volunteer who is waiting for approval can be approved."),
    "record_check_needed": _(
        "Record the date you saw the criminal-record check (børneattest) first: this programme reaches people under 18."
    ),
    "record_check_not_needed": _(
        "This programme does not reach people under 18, so it needs no criminal-record check."
    ),
    "seen_in_future": _("The date the check was seen cannot be in the future."),
    "cannot_decline": _("Only a volunteer who is taking the course or waiting for approval can be declined."),
    "no_reason": _("Write a short reason. The volunteer gets it by e-mail."),
    "has_left": _("The volunteer has left the programme."),
    "not_yours": _("You can only change your own volunteering."),
    "not_active": _("Only an active volunteer can take a break."),
    "not_paused": _("You are not on a break."),
    "cannot_leave": _("You are not a member of “%(name)s”, so there is nothing to leave."),
    "not_manager": _("Only coordinators of %(municipality)s Municipality can manage its programmes."),
    "national": _("Only a platform administrator can manage national programmes."),
    "no_name": _("Give the programme a name."),
    "no_description": _("Describe the programme: what volunteers do and what citizens get."),
    "no_audience": _("Write who the programme is for."),
    "bad_kind": _("Choose what the volunteers do from the list."),
    "no_channel": _("Choose at least one way to talk: video or phone."),
    "bad_channel": _("Choose the ways to talk from the list."),
    "out_of_range": _("Choose a number between %(low)s and %(high)s."),
    "record_check_without_approval": _(
        "A programme that reaches people under 18 must have staff approve each volunteer, so that they see the "
        "criminal-record check first."
    ),
    "association_elsewhere": _("Choose an association in %(municipality)s Municipality."),
}


class InvalidVolunteering(SammenError):
    """A refusal about one field of a form (``field``), so that the page shows it next to that field."""

    def __init__(self, message, *, field: str | None = None, params: dict | None = None):
        self.field = field
        super().__init__(message, params=params)


# --- Joining and the profile -----------------------------------------------------------------------------------


def _checked_profile(*, motivation: str, presentation: str, topics: str, languages: list[dict]) -> dict:
    """The profile's fields, stripped and checked; raises on the first refusal."""
    fields = {"motivation": motivation.strip(), "presentation": presentation.strip(), "topics": topics.strip()}
    for name, limit in PROFILE_LIMITS.items():
        if len(fields[name]) > limit:
            raise InvalidVolunteering(
                ERRORS["too_long"], field=name, params={"limit": limit, "length": len(fields[name])}
            )
    check_text(fields, multi_line=PROFILE_MULTI_LINE)
    if not fields["motivation"]:
        raise InvalidVolunteering(ERRORS["no_motivation"], field="motivation")
    if not fields["presentation"]:
        raise InvalidVolunteering(ERRORS["no_presentation"], field="presentation")
    fields["languages"] = _checked_languages(languages)
    return fields


def _checked_languages(languages: list[dict]) -> list[dict]:
    codes = {code for code, _name in SPOKEN_LANGUAGES}
    checked = []
    for entry in languages:
        code, level = entry.get("code"), entry.get("level")
        if code not in codes or level not in LanguageLevel.values or code in {e["code"] for e in checked}:
            raise InvalidVolunteering(ERRORS["bad_language"], field="languages")
        checked.append({"code": code, "level": level})
    if not checked:
        raise InvalidVolunteering(ERRORS["no_language"], field="languages")
    return checked


def _check_age(user, programme: Programme) -> None:
    params = {"name": programme.name, "age": programme.volunteer_minimum_age}
    age = user.age_on(timezone.localdate())
    if age is None:
        raise SammenError(ERRORS["no_birth_date"], params=params)
    if age < programme.volunteer_minimum_age:
        raise SammenError(ERRORS["too_young"], params=params)


def _passed_course(user, course) -> bool:
    lessons = Lesson.objects.filter(course=course)
    passed = LessonProgress.objects.filter(user=user, lesson__course=course, passed_at__isnull=False)
    return passed.count() == lessons.count()


def join(
    *,
    user,
    programme: Programme,
    motivation: str,
    presentation: str,
    topics: str,
    languages: list[dict],
    accept_agreement: bool,
) -> Volunteer:
    """Join a programme: the profile (one per person, shared by their programmes) and the agreement, then the
    course. Someone who passed the programme's course for another programme, or a programme without a course,
    goes straight on to approval (or to active, where the programme needs none)."""
    check_may_contribute(user)
    if not programme.active:
        raise SammenError(ERRORS["programme_closed"], params={"name": programme.name})
    _check_age(user, programme)
    profile_fields = _checked_profile(
        motivation=motivation, presentation=presentation, topics=topics, languages=languages
    )
    if not accept_agreement:
        raise InvalidVolunteering(ERRORS["agreement"], field="accept_agreement")
    now = timezone.now()
    try:
        with transaction.atomic():
            _check_not_member(user, programme)
            VolunteerProfile.objects.update_or_create(user=user, defaults=profile_fields)
            passed = programme.course_id is None or _passed_course(user, programme.course)
            volunteer = Volunteer.objects.create(
                user=user,
                programme=programme,
                status=_after_course(programme) if passed else VolunteerStatus.ONBOARDING,
                agreement_version=AGREEMENT_VERSION,
                agreement_accepted_at=now,
                course_passed_at=now if passed else None,
                approved_at=now if passed and not programme.requires_approval else None,
                joined_at=now,
            )
            audit.record(
                action="volunteering.volunteer.joined",
                actor=user,
                data_subject=user,
                obj=volunteer,
                municipality=queries.looking_after_municipality_id(volunteer),
                details={
                    "programme": programme.slug,
                    "agreement_version": AGREEMENT_VERSION,
                    "status": volunteer.status,
                },
            )
            if volunteer.status == VolunteerStatus.AWAITING_APPROVAL:
                _tell_coordinators(volunteer)
    except IntegrityError as error:
        # The same person pressing "join" twice at once: the database let one membership through.
        raise SammenError(ERRORS["already"], params={"name": programme.name}) from error
    return volunteer


def _check_not_member(user, programme: Programme) -> None:
    live = Volunteer.objects.filter(user=user, programme=programme, status__in=LIVE_STATUSES).first()
    if live is None:
        return
    key = "declined_before" if live.status == VolunteerStatus.DECLINED else "already"
    raise SammenError(ERRORS[key], params={"name": programme.name})


def _after_course(programme: Programme) -> str:
    return VolunteerStatus.AWAITING_APPROVAL if programme.requires_approval else VolunteerStatus.ACTIVE


def update_profile(*, user, motivation: str, presentation: str, topics: str, languages: list[dict]) -> VolunteerProfile:
    """Change what the volunteer tells citizens and coordinators; every programme of theirs shows the new text."""
    check_may_contribute(user)
    fields = _checked_profile(motivation=motivation, presentation=presentation, topics=topics, languages=languages)
    with transaction.atomic():
        profile = VolunteerProfile.objects.select_for_update().filter(user=user).first()
        if profile is None:
            raise SammenError(ERRORS["no_profile"])
        changed = sorted(name for name, value in fields.items() if getattr(profile, name) != value)
        for name, value in fields.items():
            setattr(profile, name, value)
        profile.save()
        audit.record(
            action="volunteering.profile.changed",
            actor=user,
            data_subject=user,
            obj=profile,
            details={"fields": changed},
        )
    return profile


# --- The course ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    correct: bool
    explanation: str


@dataclass(frozen=True)
class QuizResult:
    lesson: Lesson
    score: int  # percent of the questions answered right
    passed: bool
    questions: list[QuestionResult]
    course_passed: bool  # this answer passed the last lesson of the course

    @property
    def correct_count(self) -> int:
        return sum(result.correct for result in self.questions)


def _first_unpassed_before(user, lesson: Lesson) -> Lesson | None:
    passed = LessonProgress.objects.filter(user=user, passed_at__isnull=False).values("lesson_id")
    earlier = Lesson.objects.filter(course_id=lesson.course_id).filter(
        Q(position__lt=lesson.position) | Q(position=lesson.position, pk__lt=lesson.pk)
    )
    return earlier.exclude(pk__in=passed).order_by("position", "id").first()


def _marked(questions: list[Question], answers: dict[int, set[int]]) -> list[QuestionResult]:
    if set(answers) - {question.pk for question in questions}:
        raise SammenError(ERRORS["unknown_answer"])
    results = []
    for question in questions:
        chosen = {int(pk) for pk in answers.get(question.pk, ())}
        if not chosen:
            raise SammenError(ERRORS["unanswered"])
        choices = list(question.choices.all())
        if chosen - {choice.pk for choice in choices}:
            raise SammenError(ERRORS["unknown_answer"])
        right = {choice.pk for choice in choices if choice.correct}
        results.append(QuestionResult(question=question, correct=chosen == right, explanation=question.explanation))
    return results


def answer_quiz(*, user, lesson: Lesson, answers: dict[int, set[int]]) -> QuizResult:
    """Mark the person's answers to a lesson's quiz (``answers``: question id → the ids of the chosen answers; a
    question is right when exactly its right answers are chosen). Every attempt is counted and a lesson can be
    taken again; a lesson is passed at its pass mark and stays passed. Passing the course's last lesson moves each
    of the person's memberships waiting on this course on to approval (or to active)."""
    check_may_contribute(user)
    lesson = Lesson.objects.select_related("course").prefetch_related("questions__choices").get(pk=lesson.pk)
    learning = Volunteer.objects.filter(user=user, programme__course=lesson.course_id, status__in=LIVE_STATUSES)
    if not learning.exclude(status=VolunteerStatus.DECLINED).exists():
        raise SammenError(ERRORS["not_in_course"])
    earlier = _first_unpassed_before(user, lesson)
    if earlier is not None:
        raise SammenError(ERRORS["earlier_lesson"], params={"title": earlier.title})
    questions = list(lesson.questions.all())
    results = _marked(questions, answers)
    right = sum(result.correct for result in results)
    total = len(results)
    score = right * 100 // total if total else 100
    passed = right * 100 >= lesson.pass_mark * total
    now = timezone.now()
    course_passed = False
    with transaction.atomic():
        progress, _created = LessonProgress.objects.get_or_create(user=user, lesson=lesson)
        LessonProgress.objects.filter(pk=progress.pk).update(attempts=F("attempts") + 1, last_score=score)
        if passed:
            LessonProgress.objects.filter(pk=progress.pk, passed_at__isnull=True).update(passed_at=now)
            if _passed_course(user, lesson.course):
                course_passed = _course_passed(user, lesson.course, now)
    return QuizResult(lesson=lesson, score=score, passed=passed, questions=results, course_passed=course_passed)


def _course_passed(user, course, now: datetime.datetime) -> bool:
    """Move the person's memberships that wait on the course on; True if there were any."""
    waiting = list(
        Volunteer.objects.filter(user=user, programme__course=course, status=VolunteerStatus.ONBOARDING).values_list(
            "pk", flat=True
        )
    )
    if not waiting:
        return False
    with locked(Volunteer, waiting):
        volunteers = Volunteer.objects.filter(pk__in=waiting, status=VolunteerStatus.ONBOARDING).select_related(
            "user__municipality", "programme__association", "programme__municipality"
        )
        for volunteer in volunteers:
            volunteer.status = _after_course(volunteer.programme)
            volunteer.course_passed_at = now
            if volunteer.status == VolunteerStatus.ACTIVE:
                volunteer.approved_at = now
            volunteer.save(update_fields=["status", "course_passed_at", "approved_at"])
            audit.record(
                action="volunteering.volunteer.course_passed",
                actor=user,
                data_subject=user,
                obj=volunteer,
                municipality=queries.looking_after_municipality_id(volunteer),
                details={"status": volunteer.status},
            )
            notify(
                user,
                template="volunteering/email/course_passed.txt",
                subject=_("You have passed the course for %(programme)s"),
                subject_params={"programme": volunteer.programme.name},
                context={"volunteer": volunteer, "programme": volunteer.programme, "link": _programme_link(volunteer)},
            )
            if volunteer.status == VolunteerStatus.AWAITING_APPROVAL:
                _tell_coordinators(volunteer)
    return True


def _programme_link(volunteer: Volunteer) -> str:
    return absolute_url(reverse("volunteering:programme", args=[volunteer.programme.slug]))


def _tell_coordinators(volunteer: Volunteer) -> None:
    """An e-mail to each coordinator who looks after the volunteer: someone is waiting for them."""
    municipality_id = queries.looking_after_municipality_id(volunteer)
    if municipality_id is None:
        return
    code = Municipality.objects.values_list("code", flat=True).get(pk=municipality_id)
    link = absolute_url(reverse("volunteering:staff_volunteer", args=[code, volunteer.pk]))
    for coordinator in staff_with_permission(Permission.MANAGE_VOLUNTEERS, municipality_id):
        notify(
            coordinator,
            template="volunteering/email/awaiting_approval.txt",
            subject=_("A new volunteer for %(programme)s is waiting for approval"),
            subject_params={"programme": volunteer.programme.name},
            context={"programme": volunteer.programme, "link": link},
        )


# --- Coordinators: approval and the criminal-record check -----------------------------------------------------


def _fresh(volunteer: Volunteer) -> Volunteer:
    """The volunteer as it is now (call it under the volunteer's lock)."""
    return Volunteer.objects.select_related(
        "user__municipality", "programme__association", "programme__municipality"
    ).get(pk=volunteer.pk)


def _check_coordinator(by, volunteer: Volunteer) -> int | None:
    municipality_id = queries.looking_after_municipality_id(volunteer)
    if municipality_id is None:
        # A national programme's volunteer without a municipality: only a platform administrator is left.
        if not is_platform_admin(by):
            raise SammenError(ERRORS["not_coordinator"])
        return None
    check_permission(by, Permission.MANAGE_VOLUNTEERS, municipality_id, refusal=ERRORS["not_coordinator"])
    return municipality_id


def approve(*, by, volunteer: Volunteer) -> Volunteer:
    """A coordinator approves a volunteer who has passed the course (and, where the programme reaches people
    under 18, whose criminal-record check they have seen); the volunteer is told and may offer their time."""
    with transaction.atomic(), locked(Volunteer, [volunteer.pk]):
        volunteer = _fresh(volunteer)
        municipality_id = _check_coordinator(by, volunteer)
        if volunteer.status == VolunteerStatus.ONBOARDING:
            raise SammenError(ERRORS["not_passed"])
        if volunteer.status != VolunteerStatus.AWAITING_APPROVAL:
            raise SammenError(ERRORS["not_awaiting"])
        if volunteer.programme.requires_record_check and volunteer.record_check_seen_on is None:
            raise SammenError(ERRORS["record_check_needed"])
        volunteer.status = VolunteerStatus.ACTIVE
        volunteer.approved_at = timezone.now()
        volunteer.approved_by = by
        volunteer.save(update_fields=["status", "approved_at", "approved_by"])
        audit.record(
            action="volunteering.volunteer.approved",
            actor=by,
            data_subject=volunteer.user,
            obj=volunteer,
            municipality=municipality_id,
        )
        notify(
            volunteer.user,
            template="volunteering/email/approved.txt",
            subject=_("You are now a volunteer for %(programme)s"),
            subject_params={"programme": volunteer.programme.name},
            context={"programme": volunteer.programme, "link": _programme_link(volunteer)},
        )
    return volunteer


def decline(*, by, volunteer: Volunteer, reason: str) -> Volunteer:
    """A coordinator declines a volunteer (taking the course or waiting); the volunteer gets the reason."""
    reason = reason.strip()
    if not reason:
        raise InvalidVolunteering(ERRORS["no_reason"], field="reason")
    check_text({"reason": reason}, multi_line={"reason"})
    with transaction.atomic(), locked(Volunteer, [volunteer.pk]):
        volunteer = _fresh(volunteer)
        municipality_id = _check_coordinator(by, volunteer)
        if volunteer.status not in (VolunteerStatus.ONBOARDING, VolunteerStatus.AWAITING_APPROVAL):
            raise SammenError(ERRORS["cannot_decline"])
        volunteer.status = VolunteerStatus.DECLINED
        volunteer.save(update_fields=["status"])
        audit.record(
            action="volunteering.volunteer.declined",
            actor=by,
            data_subject=volunteer.user,
            obj=volunteer,
            municipality=municipality_id,
            details={"reason": reason},
        )
        notify(
            volunteer.user,
            template="volunteering/email/declined.txt",
            subject=_("Your application to volunteer for %(programme)s"),
            subject_params={"programme": volunteer.programme.name},
            context={"programme": volunteer.programme, "reason": reason},
        )
    return volunteer


def record_check_seen(*, by, volunteer: Volunteer, seen_on: datetime.date) -> Volunteer:
    """Record the day a coordinator saw the volunteer's criminal-record check (børneattest). Only the date and who
    saw it are kept, never the document."""
    if seen_on > timezone.localdate():
        raise InvalidVolunteering(ERRORS["seen_in_future"], field="seen_on")
    with transaction.atomic(), locked(Volunteer, [volunteer.pk]):
        volunteer = _fresh(volunteer)
        municipality_id = _check_coordinator(by, volunteer)
        if volunteer.status == VolunteerStatus.LEFT:
            raise SammenError(ERRORS["has_left"])
        if not volunteer.programme.requires_record_check:
            raise SammenError(ERRORS["record_check_not_needed"])
        volunteer.record_check_seen_on = seen_on
        volunteer.record_check_recorded_by = by
        volunteer.save(update_fields=["record_check_seen_on", "record_check_recorded_by"])
        audit.record(
            action="volunteering.volunteer.record_check_seen",
            actor=by,
            data_subject=volunteer.user,
            obj=volunteer,
            municipality=municipality_id,
            details={"seen_on": seen_on.isoformat()},
        )
    return volunteer


# --- The volunteer: pause, resume, leave ---------------------------------------------------------------------


def _own(by, volunteer: Volunteer) -> Volunteer:
    volunteer = _fresh(volunteer)
    if volunteer.user_id != by.pk:
        raise SammenError(ERRORS["not_yours"])
    return volunteer


def _stop(*, by, volunteer: Volunteer, reason: str, action: str) -> None:
    audit.record(
        action=action,
        actor=by,
        data_subject=by,
        obj=volunteer,
        municipality=queries.looking_after_municipality_id(volunteer),
    )
    # The programme apps cancel the volunteer's promises (future talks, with notice) in this same transaction.
    volunteer_stopped.send(sender=Volunteer, volunteer=volunteer, reason=reason)


def pause(*, by, volunteer: Volunteer) -> Volunteer:
    """The volunteer takes a break (a holiday): their future talks are cancelled and the citizens told."""
    with transaction.atomic(), locked(Volunteer, [volunteer.pk]):
        volunteer = _own(by, volunteer)
        if volunteer.status != VolunteerStatus.ACTIVE:
            raise SammenError(ERRORS["not_active"])
        volunteer.status = VolunteerStatus.PAUSED
        volunteer.paused_at = timezone.now()
        volunteer.save(update_fields=["status", "paused_at"])
        _stop(by=by, volunteer=volunteer, reason="paused", action="volunteering.volunteer.paused")
    return volunteer


def resume(*, by, volunteer: Volunteer) -> Volunteer:
    """Back from a break: the volunteer may offer their time again."""
    check_may_contribute(by)
    with transaction.atomic(), locked(Volunteer, [volunteer.pk]):
        volunteer = _own(by, volunteer)
        if volunteer.status != VolunteerStatus.PAUSED:
            raise SammenError(ERRORS["not_paused"])
        volunteer.status = VolunteerStatus.ACTIVE
        volunteer.paused_at = None
        volunteer.save(update_fields=["status", "paused_at"])
        audit.record(
            action="volunteering.volunteer.resumed",
            actor=by,
            data_subject=by,
            obj=volunteer,
            municipality=queries.looking_after_municipality_id(volunteer),
        )
    return volunteer


def leave(*, by, volunteer: Volunteer) -> Volunteer:
    """The volunteer leaves the programme: their future talks are cancelled and the citizens told. They may join
    again later (and keep the course they passed). A declined membership stays as it is."""
    with transaction.atomic(), locked(Volunteer, [volunteer.pk]):
        volunteer = _own(by, volunteer)
        if volunteer.status in (VolunteerStatus.LEFT, VolunteerStatus.DECLINED):
            raise SammenError(ERRORS["cannot_leave"], params={"name": volunteer.programme.name})
        volunteer.status = VolunteerStatus.LEFT
        volunteer.left_at = timezone.now()
        volunteer.save(update_fields=["status", "left_at"])
        _stop(by=by, volunteer=volunteer, reason="left", action="volunteering.volunteer.left")
    return volunteer


# --- Coordinators: their programmes ---------------------------------------------------------------------------


def _check_programme_manager(by, municipality: Municipality | None) -> None:
    if municipality is None:
        if not is_platform_admin(by):
            raise SammenError(ERRORS["national"])
        return
    check_permission(
        by,
        Permission.MANAGE_VOLUNTEERS,
        municipality,
        refusal=ERRORS["not_manager"],
        params={"municipality": municipality.name},
    )


def _check_range(fields: dict, name: str) -> None:
    low, high = LIMITS[name]
    value = fields.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise InvalidVolunteering(ERRORS["out_of_range"], field=name, params={"low": low, "high": high})


def _checked_programme(fields: dict, *, municipality: Municipality | None) -> dict:
    """The programme's fields, checked together (``fields`` holds every field, old values for those unchanged)."""
    unknown = set(fields) - PROGRAMME_FIELDS
    if unknown:
        raise TypeError(f"Unknown programme fields: {sorted(unknown)}")
    fields = {**fields, **{name: (fields.get(name) or "").strip() for name in PROGRAMME_LIMITS}}
    for name, limit in PROGRAMME_LIMITS.items():
        if len(fields[name]) > limit:
            raise InvalidVolunteering(
                ERRORS["too_long"], field=name, params={"limit": limit, "length": len(fields[name])}
            )
    check_text({name: fields[name] for name in PROGRAMME_LIMITS}, multi_line={"description"})
    for name, key in (("name", "no_name"), ("description", "no_description"), ("audience", "no_audience")):
        if not fields[name]:
            raise InvalidVolunteering(ERRORS[key], field=name)
    if fields.get("kind") not in ProgrammeKind.values:
        raise InvalidVolunteering(ERRORS["bad_kind"], field="kind")
    channels = list(dict.fromkeys(fields.get("channels") or []))
    if any(channel not in TalkChannel.values for channel in channels):
        raise InvalidVolunteering(ERRORS["bad_channel"], field="channels")
    if fields["kind"] == ProgrammeKind.TALKS and not channels:
        raise InvalidVolunteering(ERRORS["no_channel"], field="channels")
    fields["channels"] = channels
    for name in LIMITS:
        _check_range(fields, name)
    if fields.get("requires_record_check") and not fields.get("requires_approval"):
        raise InvalidVolunteering(ERRORS["record_check_without_approval"], field="requires_approval")
    association = fields.get("association")
    if association is not None and (municipality is None or association.municipality_id != municipality.pk):
        name = municipality.name if municipality else ""
        raise InvalidVolunteering(ERRORS["association_elsewhere"], field="association", params={"municipality": name})
    return fields


def _unique_slug(name: str) -> str:
    base = danish_slugify(name)[:70] or "program"
    slug, number = base, 1
    while slug in RESERVED_SLUGS or Programme.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


PROGRAMME_DEFAULTS = {
    "kind": ProgrammeKind.TALKS,
    "association": None,
    "course": None,
    "talk_minutes": 15,
    "channels": [TalkChannel.VIDEO, TalkChannel.PHONE],
    "requires_approval": True,
    "requires_record_check": False,
    "volunteer_minimum_age": 18,
    "citizen_minimum_age": 15,
    "max_future_bookings": 3,
    "language_filter": False,
    "active": True,
}


def create_programme(*, by, municipality: Municipality | None, **fields) -> Programme:
    """A new programme run by ``municipality`` (or by one of its associations, ``association=``); a national one
    (``municipality=None``) only by a platform administrator."""
    _check_programme_manager(by, municipality)
    fields = _checked_programme({**PROGRAMME_DEFAULTS, **fields}, municipality=municipality)
    with transaction.atomic():
        runner = None if fields["association"] is not None else municipality
        programme = Programme.objects.create(municipality=runner, slug=_unique_slug(fields["name"]), **fields)
        audit.record(
            action="volunteering.programme.created",
            actor=by,
            obj=programme,
            municipality=municipality,
            details={"name": programme.name},
        )
    return programme


def update_programme(*, by, programme: Programme, **fields) -> Programme:
    """Change a programme: by coordinators of the municipality that runs it (national ones: a platform
    administrator). Its address (slug) stays, so that links keep working."""
    programme = Programme.objects.select_related("municipality", "association__municipality").get(pk=programme.pk)
    running_id = queries.running_municipality_id(programme)
    municipality = Municipality.objects.get(pk=running_id) if running_id else None
    _check_programme_manager(by, municipality)
    current = {name: getattr(programme, name) for name in PROGRAMME_FIELDS}
    merged = _checked_programme({**current, **fields}, municipality=municipality)
    changed = sorted(name for name in fields if merged[name] != current[name])
    with transaction.atomic():
        for name in changed:
            setattr(programme, name, merged[name])
        programme.municipality = None if programme.association_id else municipality
        programme.save()
        audit.record(
            action="volunteering.programme.changed",
            actor=by,
            obj=programme,
            municipality=municipality,
            details={"fields": changed},
        )
    return programme
