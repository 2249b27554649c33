"""Opportunity use cases, one function each: a job consultant opens and updates a citizen's course, records the
accommodation needs, posts and closes opportunities (an association representative posts volunteering), runs the
matching both ways, chooses or rejects a proposal, plans and records follow-ups and records outcomes.

The caller checks that a person may use the staff pages; every function here checks once more that the acting
person is a job consultant of the course's or opportunity's municipality (or may act for the association), and
changes nothing when it raises.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.access import organisers
from sammen.access.permissions import Permission, has_permission
from sammen.associations.models import Association
from sammen.audit import services as audit
from sammen.core.calendar import local_datetime
from sammen.core.errors import SammenError
from sammen.core.locking import locked
from sammen.core.text_policy import check_text
from sammen.municipalities import postal_codes
from sammen.opportunities import matching
from sammen.opportunities.models import (
    MOST_HOURS_PER_WEEK,
    NUMBER_KINDS,
    Accommodation,
    AccommodationNeed,
    ConsentWay,
    Course,
    CourseStatus,
    FollowUp,
    NeedKind,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    Outcome,
    Proposal,
    ProposalStatus,
    TimeOfDay,
)
from sammen.taskbank.models import Task, TaskStatus

LIMITS = {
    "name": 120,
    "phone": 20,
    "email": 254,
    "abilities": 3000,
    "potentials": 3000,
    "text": 500,
    "title": 120,
    "description": 3000,
    "asks": 300,
    "employer_name": 120,
    "plan": 300,
    "notes": 3000,
    "note": 500,
}
MULTI_LINE = ("abilities", "potentials", "description", "notes")

ERRORS = {
    "not_consultant": _("Only a job consultant in %(municipality)s Municipality can do this."),
    "too_long": _("The text is too long: write at most %(limit)s characters."),
    "no_name": _("Write the citizen's name."),
    "no_contact": _("Give the citizen's phone number or e-mail address."),
    "postal_code": _("Write a Danish postal code of 4 digits where people live, e.g. 6000."),
    "future_date": _("The date cannot be in the future."),
    "too_early": _("The date cannot be before %(date)s."),
    "consent_way": _("Choose how the citizen gave their consent."),
    "no_consent": _("Record the citizen's consent: how and when it was given."),
    "need_kind": _("Choose what kind of accommodation it is."),
    "need_number": _("Write a whole number between 1 and %(most)s."),
    "need_time": _("Choose the time of day."),
    "need_text": _("Describe the accommodation in a few words."),
    "need_twice": _("The course already has this accommodation need. Remove it first to change it."),
    "not_this_course": _("This accommodation need belongs to another course."),
    "course_ended": _("The course has ended."),
    "opportunity_kind": _("Choose what kind of opportunity it is."),
    "no_title": _("Give the opportunity a title."),
    "no_description": _("Describe the opportunity in a few sentences."),
    "hours": _("The hours per week must be a whole number between 1 and %(most)s."),
    "places": _("The number of places must be between 1 and 50."),
    "no_giver": _("Write the employer's name, or choose the association."),
    "not_representative": _("You cannot post opportunities for %(name)s."),
    "only_volunteering": _("An association can only post volunteering."),
    "task_not_published": _("The task bank task is not published."),
    "task_elsewhere": _("The task bank task is in another municipality."),
    "not_open": _("The opportunity is no longer open (it is “%(status)s”)."),
    "breaks_need": _("The opportunity breaks the citizen's accommodation needs: %(needs)s."),
    "elsewhere": _("The course and the opportunity are in different municipalities."),
    "already_chosen": _("This opportunity is already chosen for the citizen."),
    "not_proposed": _("Only a proposal that waits for a decision can be rejected."),
    "already_done": _("This follow-up is already recorded."),
    "same_status": _("The course already has the status “%(status)s”."),
    "status": _("Choose the new status."),
    "busy": _("Someone else is changing this opportunity right now. Please try again in a moment."),
}


def _check_consultant(by, municipality) -> None:
    if not has_permission(by, Permission.GUIDE_JOBSEEKERS, municipality):
        raise SammenError(ERRORS["not_consultant"], params={"municipality": municipality.name})


def _check_texts(fields: dict) -> None:
    check_text(fields, multi_line=[name for name in fields if name in MULTI_LINE])
    for name, value in fields.items():
        if len(value or "") > LIMITS[name]:
            raise SammenError(ERRORS["too_long"], field=name, params={"limit": LIMITS[name]})


def _check_postal_code(code: str, field: str = "postal_code") -> tuple[float, float]:
    point = postal_codes.point(code or "") if (code or "").isdigit() and len(code) == 4 else None
    if point is None:
        raise SammenError(ERRORS["postal_code"], field=field)
    return point


def _check_not_future(day: datetime.date, field: str) -> None:
    if day is None or day > timezone.localdate():
        raise SammenError(ERRORS["future_date"], field=field)


def _check_open(course: Course) -> None:
    if course.status == CourseStatus.ENDED:
        raise SammenError(ERRORS["course_ended"])


# --- Courses ----------------------------------------------------------------------------------------------------


def open_course(
    *,
    by,
    municipality,
    started_on: datetime.date,
    consent_way: str,
    consent_given_on: datetime.date,
    postal_code: str,
    citizen=None,
    name: str = "",
    phone: str = "",
    email: str = "",
    abilities: str = "",
    potentials: str = "",
    interests=(),
) -> Course:
    """Open a citizen's course, with their consent to the consultant keeping what follows."""
    _check_consultant(by, municipality)
    texts = {"name": name, "phone": phone, "email": email, "abilities": abilities, "potentials": potentials}
    _check_texts(texts)
    if citizen is None:
        if not name.strip():
            raise SammenError(ERRORS["no_name"], field="name")
        if not (phone.strip() or email.strip()):
            raise SammenError(ERRORS["no_contact"], field="phone")
    _check_postal_code(postal_code)
    _check_not_future(started_on, "started_on")
    if consent_way not in ConsentWay.values:
        raise SammenError(ERRORS["consent_way"], field="consent_way")
    if consent_given_on is None:
        raise SammenError(ERRORS["no_consent"], field="consent_given_on")
    _check_not_future(consent_given_on, "consent_given_on")
    with transaction.atomic():
        course = Course.objects.create(
            citizen=citizen,
            municipality=municipality,
            consultant=by,
            started_on=started_on,
            postal_code=postal_code,
            consent_way=consent_way,
            consent_given_on=consent_given_on,
            consent_recorded_by=by,
            **{key: value.strip() for key, value in texts.items()},
        )
        course.interests.set(interests)
        audit.record(
            action="opportunities.course.opened",
            actor=by,
            data_subject=citizen,
            obj=course,
            municipality=municipality,
            details={"consent_way": consent_way, "consent_given_on": consent_given_on.isoformat()},
        )
    return course


def update_course(
    *,
    by,
    course: Course,
    postal_code: str,
    name: str = "",
    phone: str = "",
    email: str = "",
    abilities: str = "",
    potentials: str = "",
    interests=(),
) -> Course:
    """Change the citizen's contact details, interests, abilities and potentials."""
    _check_consultant(by, course.municipality)
    texts = {"name": name, "phone": phone, "email": email, "abilities": abilities, "potentials": potentials}
    _check_texts(texts)
    if course.citizen_id is None:
        if not name.strip():
            raise SammenError(ERRORS["no_name"], field="name")
        if not (phone.strip() or email.strip()):
            raise SammenError(ERRORS["no_contact"], field="phone")
    _check_postal_code(postal_code)
    with transaction.atomic():
        for key, value in texts.items():
            setattr(course, key, value.strip())
        course.postal_code = postal_code
        course.save()
        course.interests.set(interests)
        audit.record(
            action="opportunities.course.updated",
            actor=by,
            data_subject=course.citizen_id,
            obj=course,
            municipality=course.municipality,
        )
    return course


def _item_fields(kind: str, number, time_of_day: str, text: str) -> dict:
    if kind not in NeedKind.values:
        raise SammenError(ERRORS["need_kind"], field="kind")
    _check_texts({"text": text})
    fields = {"kind": kind, "number": None, "time_of_day": "", "text": (text or "").strip()}
    if kind in NUMBER_KINDS:
        most = NUMBER_KINDS[kind]
        if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= most:
            raise SammenError(ERRORS["need_number"], field="number", params={"most": most})
        fields["number"] = number
    if kind == NeedKind.TIME_OF_DAY:
        if time_of_day not in TimeOfDay.values:
            raise SammenError(ERRORS["need_time"], field="time_of_day")
        fields["time_of_day"] = time_of_day
    if kind == NeedKind.OTHER and not fields["text"]:
        raise SammenError(ERRORS["need_text"], field="text")
    return fields


def add_need(*, by, course: Course, kind: str, number: int | None = None, time_of_day: str = "", text: str = ""):
    """Record one accommodation need (skånehensyn) of the citizen."""
    _check_consultant(by, course.municipality)
    _check_open(course)
    fields = _item_fields(kind, number, time_of_day, text)
    with transaction.atomic():
        if kind != NeedKind.OTHER and course.needs.filter(kind=kind).exists():
            raise SammenError(ERRORS["need_twice"], field="kind")
        need = AccommodationNeed.objects.create(course=course, **fields)
        # A proposal made before may break the new need: it waits no longer.
        stale = [
            p.pk
            for p in course.proposals.filter(status=ProposalStatus.PROPOSED).select_related("opportunity")
            if matching.broken_needs(course, p.opportunity)
        ]
        Proposal.objects.filter(pk__in=stale).delete()
        audit.record(
            action="opportunities.need.added",
            actor=by,
            data_subject=course.citizen_id,
            obj=course,
            municipality=course.municipality,
            details={"kind": kind},
        )
    return need


def remove_need(*, by, need: AccommodationNeed, course: Course) -> None:
    _check_consultant(by, course.municipality)
    if need.course_id != course.pk:
        raise SammenError(ERRORS["not_this_course"])
    with transaction.atomic():
        need.delete()
        audit.record(
            action="opportunities.need.removed",
            actor=by,
            data_subject=course.citizen_id,
            obj=course,
            municipality=course.municipality,
            details={"kind": need.kind},
        )


# --- Opportunities ----------------------------------------------------------------------------------------------


def post_opportunity(
    *,
    by,
    municipality,
    kind: str,
    title: str,
    description: str,
    hours_per_week: int,
    postal_code: str,
    time_of_day: str = "",
    asks: str = "",
    employer_name: str = "",
    association: Association | None = None,
    task: Task | None = None,
    category=None,
    places: int = 1,
    accommodations=(),
) -> Opportunity:
    """Post an opportunity: a job consultant on behalf of an employer (or an association, or a task of the task
    bank), or an association's representative its own volunteering. ``accommodations`` are dicts of kind,
    number, time_of_day and text."""
    if association is not None and not has_permission(by, Permission.GUIDE_JOBSEEKERS, municipality):
        if not organisers.may_act_for(by, association=association):
            raise SammenError(ERRORS["not_representative"], params={"name": association.name})
        if kind != OpportunityKind.VOLUNTEERING:
            raise SammenError(ERRORS["only_volunteering"], field="kind")
        municipality = association.municipality
    else:
        _check_consultant(by, municipality)
    if kind not in OpportunityKind.values:
        raise SammenError(ERRORS["opportunity_kind"], field="kind")
    if task is not None:
        if task.status != TaskStatus.PUBLISHED:
            raise SammenError(ERRORS["task_not_published"], field="task")
        if task.municipality_id != municipality.pk:
            raise SammenError(ERRORS["task_elsewhere"], field="task")
        kind = OpportunityKind.VOLUNTEERING
        association = association or task.association
        title = title or task.title
        description = description or task.description
        postal_code = postal_code or task.postal_code
        category = category or task.category
    texts = {"title": title, "description": description, "asks": asks, "employer_name": employer_name}
    _check_texts(texts)
    if not (title or "").strip():
        raise SammenError(ERRORS["no_title"], field="title")
    if not (description or "").strip():
        raise SammenError(ERRORS["no_description"], field="description")
    if association is None and task is None and not (employer_name or "").strip():
        raise SammenError(ERRORS["no_giver"], field="employer_name")
    if not isinstance(hours_per_week, int) or not 1 <= hours_per_week <= MOST_HOURS_PER_WEEK:
        raise SammenError(ERRORS["hours"], field="hours_per_week", params={"most": MOST_HOURS_PER_WEEK})
    if not isinstance(places, int) or not 1 <= places <= 50:
        raise SammenError(ERRORS["places"], field="places")
    if time_of_day and time_of_day not in TimeOfDay.values:
        raise SammenError(ERRORS["need_time"], field="time_of_day")
    latitude, longitude = _check_postal_code(postal_code)
    items = [
        _item_fields(a["kind"], a.get("number"), a.get("time_of_day", ""), a.get("text", "")) for a in accommodations
    ]
    with transaction.atomic():
        opportunity = Opportunity.objects.create(
            kind=kind,
            municipality=municipality,
            association=association,
            task=task,
            category=category,
            hours_per_week=hours_per_week,
            time_of_day=time_of_day or "",
            postal_code=postal_code,
            latitude=latitude,
            longitude=longitude,
            places=places,
            posted_by=by,
            **{key: (value or "").strip() for key, value in texts.items()},
        )
        Accommodation.objects.bulk_create(Accommodation(opportunity=opportunity, **item) for item in items)
        audit.record(action="opportunities.opportunity.posted", actor=by, obj=opportunity, municipality=municipality)
    return opportunity


def close_opportunity(*, by, opportunity: Opportunity) -> Opportunity:
    _check_consultant(by, opportunity.municipality)
    if opportunity.status == OpportunityStatus.CLOSED:
        raise SammenError(ERRORS["not_open"], params={"status": opportunity.get_status_display()})
    with transaction.atomic():
        opportunity.status = OpportunityStatus.CLOSED
        opportunity.closed_at = timezone.now()
        opportunity.save(update_fields=["status", "closed_at"])
        opportunity.proposals.filter(status=ProposalStatus.PROPOSED).delete()
        audit.record(
            action="opportunities.opportunity.closed", actor=by, obj=opportunity, municipality=opportunity.municipality
        )
    return opportunity


# --- Matching ---------------------------------------------------------------------------------------------------


def _open_opportunities(municipality):
    return (
        Opportunity.objects.filter(municipality=municipality, status=OpportunityStatus.OPEN)
        .select_related("category")
        .prefetch_related("accommodations")
    )


def _live_courses(municipality):
    return (
        Course.objects.filter(municipality=municipality)
        .exclude(status=CourseStatus.ENDED)
        .prefetch_related("needs", "interests")
    )


def _store(pairs, by, municipality, what: str, obj) -> list[Proposal]:
    """Replace the waiting proposals of the pairs' side with the new ones; decided pairs stay as they are."""
    decided = {
        (p.course_id, p.opportunity_id)
        for p in Proposal.objects.filter(
            course_id__in={c for c, _o, _p in pairs}, opportunity_id__in={o for _c, o, _p in pairs}
        ).exclude(status=ProposalStatus.PROPOSED)
    }
    stored = [
        Proposal(
            course_id=course_id,
            opportunity_id=opportunity_id,
            score=round(proposal.score, 2),
            reasons=matching.reasons(proposal.parts),
        )
        for course_id, opportunity_id, proposal in pairs
        if (course_id, opportunity_id) not in decided
    ]
    Proposal.objects.bulk_create(stored)
    audit.record(
        action=f"opportunities.{what}.matched",
        actor=by,
        obj=obj,
        municipality=municipality,
        details={"proposals": len(stored)},
    )
    return stored


def propose_opportunities(*, by, course: Course) -> list[Proposal]:
    """Run the matching for one citizen: the open opportunities of the municipality that respect every stated
    accommodation need, best first. Pairs already chosen or rejected are not proposed again."""
    _check_consultant(by, course.municipality)
    _check_open(course)
    course = _live_courses(course.municipality).get(pk=course.pk)
    taken = course.proposals.exclude(status=ProposalStatus.PROPOSED).values("opportunity_id")
    found = matching.opportunities_for(course, _open_opportunities(course.municipality).exclude(pk__in=taken))
    with transaction.atomic():
        course.proposals.filter(status=ProposalStatus.PROPOSED).delete()
        return _store([(course.pk, p.request_id, p) for p in found], by, course.municipality, "course", course)


def propose_citizens(*, by, opportunity: Opportunity) -> list[Proposal]:
    """Run the matching for one opportunity: the citizens whose accommodation needs it respects, best first."""
    _check_consultant(by, opportunity.municipality)
    if opportunity.status != OpportunityStatus.OPEN:
        raise SammenError(ERRORS["not_open"], params={"status": opportunity.get_status_display()})
    opportunity = _open_opportunities(opportunity.municipality).get(pk=opportunity.pk)
    taken = opportunity.proposals.exclude(status=ProposalStatus.PROPOSED).values("course_id")
    found = matching.courses_for(opportunity, _live_courses(opportunity.municipality).exclude(pk__in=taken))
    with transaction.atomic():
        opportunity.proposals.filter(status=ProposalStatus.PROPOSED).delete()
        return _store(
            [(p.request_id, opportunity.pk, p) for p in found],
            by,
            opportunity.municipality,
            "opportunity",
            opportunity,
        )


def choose_opportunity(*, by, course: Course, opportunity: Opportunity) -> Proposal:
    """The consultant decides: this opportunity for this citizen. Refused when it breaks a stated need."""
    _check_consultant(by, course.municipality)
    _check_open(course)
    if opportunity.municipality_id != course.municipality_id:
        raise SammenError(ERRORS["elsewhere"])
    with transaction.atomic(), locked(Opportunity, [opportunity.pk], busy_message=ERRORS["busy"]):
        opportunity = Opportunity.objects.select_related("category").get(pk=opportunity.pk)
        if opportunity.status != OpportunityStatus.OPEN:
            raise SammenError(ERRORS["not_open"], params={"status": opportunity.get_status_display()})
        broken = matching.broken_needs(course, opportunity)
        if broken:
            names = ", ".join(str(need.get_kind_display()).lower() for need in broken)
            raise SammenError(ERRORS["breaks_need"], params={"needs": names})
        proposal = Proposal.objects.filter(course=course, opportunity=opportunity).first()
        if proposal is not None and proposal.status == ProposalStatus.CHOSEN:
            raise SammenError(ERRORS["already_chosen"])
        if proposal is None:
            proposal = Proposal(course=course, opportunity=opportunity)
        proposal.status = ProposalStatus.CHOSEN
        proposal.decided_at = timezone.now()
        proposal.decided_by = by
        proposal.save()
        if opportunity.proposals.filter(status=ProposalStatus.CHOSEN).count() >= opportunity.places:
            opportunity.status = OpportunityStatus.FILLED
            opportunity.save(update_fields=["status"])
            opportunity.proposals.filter(status=ProposalStatus.PROPOSED).delete()
        audit.record(
            action="opportunities.proposal.chosen",
            actor=by,
            data_subject=course.citizen_id,
            obj=proposal,
            municipality=course.municipality,
        )
    return proposal


def reject_proposal(*, by, proposal: Proposal) -> Proposal:
    """The consultant turns a waiting proposal down; the pair is not proposed again. The status is read again
    under the lock ``choose_opportunity`` takes (the opportunity's), so that a proposal chosen meanwhile, or
    removed when the opportunity filled up, is never rejected."""
    course = proposal.course
    _check_consultant(by, course.municipality)
    with transaction.atomic(), locked(Opportunity, [proposal.opportunity_id], busy_message=ERRORS["busy"]):
        proposal = Proposal.objects.filter(pk=proposal.pk).first()
        if proposal is None or proposal.status != ProposalStatus.PROPOSED:
            raise SammenError(ERRORS["not_proposed"])
        proposal.status = ProposalStatus.REJECTED
        proposal.decided_at = timezone.now()
        proposal.decided_by = by
        proposal.save(update_fields=["status", "decided_at", "decided_by"])
        audit.record(
            action="opportunities.proposal.rejected",
            actor=by,
            data_subject=course.citizen_id,
            obj=proposal,
            municipality=course.municipality,
        )
    return proposal


# --- Follow-up and outcomes -------------------------------------------------------------------------------------


def plan_follow_up(*, by, course: Course, due_on: datetime.date, plan: str = "") -> FollowUp:
    """Add a dated check-in to the course's follow-up plan."""
    _check_consultant(by, course.municipality)
    _check_open(course)
    _check_texts({"plan": plan})
    if due_on is None or due_on < course.started_on:
        raise SammenError(ERRORS["too_early"], field="due_on", params={"date": f"{course.started_on:%d-%m-%Y}"})
    with transaction.atomic():
        follow_up = FollowUp.objects.create(course=course, due_on=due_on, plan=plan.strip(), planned_by=by)
        audit.record(
            action="opportunities.follow_up.planned",
            actor=by,
            data_subject=course.citizen_id,
            obj=course,
            municipality=course.municipality,
        )
    return follow_up


def record_follow_up(*, by, follow_up: FollowUp, done_on: datetime.date, notes: str = "") -> FollowUp:
    """Record that a check-in took place, on a day that is not in the future, with notes."""
    course = follow_up.course
    _check_consultant(by, course.municipality)
    _check_texts({"notes": notes})
    if follow_up.done_at is not None:
        raise SammenError(ERRORS["already_done"])
    _check_not_future(done_on, "done_on")
    if done_on < course.started_on:
        raise SammenError(ERRORS["too_early"], field="done_on", params={"date": f"{course.started_on:%d-%m-%Y}"})
    now = timezone.now()
    with transaction.atomic():
        follow_up.done_at = now if done_on == timezone.localdate() else _noon(done_on)
        follow_up.notes = notes.strip()
        follow_up.done_by = by
        follow_up.save(update_fields=["done_at", "notes", "done_by"])
        audit.record(
            action="opportunities.follow_up.recorded",
            actor=by,
            data_subject=course.citizen_id,
            obj=course,
            municipality=course.municipality,
        )
    return follow_up


def _noon(day: datetime.date) -> datetime.datetime:
    return local_datetime(day, datetime.time(12))


def record_outcome(*, by, course: Course, status: str, happened_on: datetime.date, note: str = "") -> Outcome:
    """Record a change of the course's status (e.g. "in internship"), with the date it happened."""
    _check_consultant(by, course.municipality)
    _check_texts({"note": note})
    if status not in CourseStatus.values:
        raise SammenError(ERRORS["status"], field="status")
    if status == course.status:
        raise SammenError(ERRORS["same_status"], field="status", params={"status": course.get_status_display()})
    _check_not_future(happened_on, "happened_on")
    if happened_on < course.started_on:
        raise SammenError(ERRORS["too_early"], field="happened_on", params={"date": f"{course.started_on:%d-%m-%Y}"})
    with transaction.atomic():
        outcome = Outcome.objects.create(
            course=course, status=status, happened_on=happened_on, note=note.strip(), recorded_by=by
        )
        course.status = status
        course.save(update_fields=["status", "updated_at"])
        audit.record(
            action="opportunities.outcome.recorded",
            actor=by,
            data_subject=course.citizen_id,
            obj=course,
            municipality=course.municipality,
            details={"status": status},
        )
    return outcome
