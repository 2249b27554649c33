"""Task bank use cases: an organiser (a representative of an association, or staff for a municipal unit) creates,
changes, publishes and cancels a task, accepts or declines offers and confirms the hours given; a volunteer offers
to help and may withdraw.

Who may act for an association or a unit is decided in ``sammen.access.organisers``. Every acceptance locks the
task (``sammen.core.locking``) before counting, so that a task never gets more volunteers than it needs. Every
function changes nothing when it raises.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.access import organisers
from sammen.access.eligibility import check_may_contribute, check_not_suspended
from sammen.associations.models import Association
from sammen.audit import services as audit
from sammen.core.calendar import NO_SUCH_TIME, local_datetime, local_when, no_such_time_params, skipped_by_clock_change
from sammen.core.errors import SammenError
from sammen.core.links import absolute_url
from sammen.core.locking import locked
from sammen.core.text_policy import check_text
from sammen.municipalities.models import MunicipalUnit
from sammen.notifications.services import notify
from sammen.search import services as search
from sammen.taskbank.models import LIVE_OFFER, OfferStatus, Task, TaskOffer, TaskStatus

# A task is short and concrete: a window of days reaches at most this far.
LONGEST_WINDOW_DAYS = 31
HOURS_PER_DAY = 24
# What the organiser types; the description is the only one with more than one line.
TEXT_FIELDS = ("title", "description", "address", "skills", "contact_name", "contact_email", "contact_phone")
LIMITS = {
    "title": 120,
    "description": 3000,
    "address": 200,
    "skills": 200,
    "contact_name": 120,
    "contact_email": 254,
    "contact_phone": 20,
    "message": 1000,
    "reason": 300,
}

ERRORS = {
    "not_organiser": _("You cannot post tasks for %(name)s."),
    "no_organiser": _("Choose the association or municipal unit behind the task."),
    "not_manager": _("Only the association or unit behind the task can change it."),
    "too_long": _("The text is too long: write at most %(limit)s characters."),
    "required": _("Fill in this field."),
    "no_place": _("Write an address, or tick “online” if the task is done online."),
    "no_contact": _("Give an e-mail address or a phone number, so that the volunteers can reach you."),
    "volunteers_needed": _("A task needs at least 1 volunteer and at most 500."),
    "minimum_age": _("The minimum age must be between 13 and 99."),
    "unit_municipality": _("A task of %(unit)s must be in %(municipality)s Municipality."),
    "not_participating": _("%(municipality)s Municipality does not take part in Sammen at the moment."),
    "no_times": _("Give the start and end time, or a last day if the task can be done any time within some days."),
    "end_before_start": _("The end time must be after the start time."),
    "window_order": _("The last day cannot be before the first."),
    "window_too_long": _("A task can span at most %(days)s days. Split a longer one into several tasks."),
    "no_such_time": NO_SUCH_TIME,
    "in_past": _("The task must end in the future."),
    "needed_below_accepted": _("You cannot need fewer than the %(accepted)s volunteers you have already accepted."),
    "already_published": _("The task is already published."),
    "is_cancelled": _("The task has been cancelled."),
    "no_reason": _("Write a short reason, so that the volunteers know why."),
    # Offering to help
    "not_published": _("The task is not open for offers."),
    "over": _("The task is over, so you can no longer offer to help."),
    "full": _("The task already has all the volunteers it needs."),
    "own_task": _("This is a task of your own association or unit: you cannot offer to help with it."),
    "twice": _("You have already offered to help with this task."),
    "no_birth_date": _("Add your date of birth to your profile first: this task has a minimum age."),
    "too_young": _("You must be at least %(age)s years old to take this task."),
    "not_yours": _("This is not your offer."),
    "not_live": _("The offer is no longer open (it is “%(status)s”)."),
    "not_waiting": _("Only an offer that waits for an answer can be accepted or declined (it is “%(status)s”)."),
    "busy": _("Many people are answering offers right now. Please try again in a moment."),
    # Hours
    "not_accepted": _("Hours can only be confirmed for a volunteer you accepted."),
    "future_task": _("The task has not taken place yet. Confirm the hours after %(end)s."),
    "hours_not_number": _("Write the hours as a number, e.g. 2.5."),
    "hours_positive": _("The hours must be more than 0."),
    "hours_too_many": _("%(hours)s hours is more than %(limit)s hours: at most 24 hours for each day of the task."),
    "hours_already": _("The hours for this volunteer are already confirmed."),
}


class InvalidTask(SammenError):
    """A SammenError that names the form field it is about, so the page can show it next to that field."""

    def __init__(self, message, *, field: str | None = None, params: dict | None = None):
        self.field = field
        super().__init__(message, params=params)


# --- Organising -------------------------------------------------------------------------------------------------


def _check_organiser(by, acting_for: Association | MunicipalUnit | None) -> None:
    association = acting_for if isinstance(acting_for, Association) else None
    unit = acting_for if isinstance(acting_for, MunicipalUnit) else None
    if association is None and unit is None:
        raise InvalidTask(ERRORS["no_organiser"], field="organiser")
    if association is not None:
        # A representative is a citizen and must be allowed to post; unit staff are checked by their permission.
        check_may_contribute(by)
    if not organisers.may_act_for(by, association=association, unit=unit):
        raise SammenError(ERRORS["not_organiser"], params={"name": acting_for.name})


def _check_manager(by, task: Task) -> None:
    if not organisers.may_manage(by, task):
        raise SammenError(ERRORS["not_manager"])
    if task.association_id:
        check_not_suspended(by)


def _check_length(name: str, value: str) -> None:
    if len(value or "") > LIMITS[name]:
        raise InvalidTask(ERRORS["too_long"], field=name, params={"limit": LIMITS[name]})


def _span(fields: dict) -> tuple[datetime.datetime, datetime.datetime]:
    """The task's start and end in UTC: one date between two clock times, or a window of whole days."""
    first, last = fields["starts_on"], fields.get("ends_on") or fields["starts_on"]
    starts, ends = fields.get("start_time"), fields.get("end_time")
    if last < first:
        raise InvalidTask(ERRORS["window_order"], field="ends_on")
    if (last - first).days + 1 > LONGEST_WINDOW_DAYS:
        raise InvalidTask(ERRORS["window_too_long"], field="ends_on", params={"days": LONGEST_WINDOW_DAYS})
    if last == first:
        if starts is None or ends is None:
            raise InvalidTask(ERRORS["no_times"], field="start_time" if starts is None else "end_time")
        if ends <= starts:
            raise InvalidTask(ERRORS["end_before_start"], field="end_time")
        for clock, field in ((starts, "start_time"), (ends, "end_time")):
            if skipped_by_clock_change(first, clock):
                raise InvalidTask(ERRORS["no_such_time"], field=field, params=no_such_time_params(first, clock))
        return local_datetime(first, starts), local_datetime(first, ends)
    midnight = datetime.time(0)
    return local_datetime(first, midnight), local_datetime(last + datetime.timedelta(days=1), midnight)


def _checked_fields(fields: dict, *, unit: MunicipalUnit | None) -> dict:
    """The fields as they will be stored, with the UTC moments; raises for the first thing that is wrong."""
    fields = {**fields}
    for name in TEXT_FIELDS:
        fields[name] = (fields.get(name) or "").strip()
        _check_length(name, fields[name])
    check_text({name: fields[name] for name in TEXT_FIELDS}, multi_line={"description"})
    for name in ("title", "description", "contact_name"):
        if not fields[name]:
            raise InvalidTask(ERRORS["required"], field=name)
    for name in ("category", "municipality", "starts_on"):
        if fields.get(name) is None:
            raise InvalidTask(ERRORS["required"], field=name)
    if not fields["address"] and not fields.get("online"):
        raise InvalidTask(ERRORS["no_place"], field="address")
    if not fields["contact_email"] and not fields["contact_phone"]:
        raise InvalidTask(ERRORS["no_contact"], field="contact_email")
    needed = fields.get("volunteers_needed")
    if needed is None or not 1 <= needed <= 500:
        raise InvalidTask(ERRORS["volunteers_needed"], field="volunteers_needed")
    minimum_age = fields.setdefault("minimum_age", 18)
    if minimum_age is None or not 13 <= minimum_age <= 99:
        raise InvalidTask(ERRORS["minimum_age"], field="minimum_age")
    municipality = fields["municipality"]
    if unit is not None and municipality.pk != unit.municipality_id:
        raise InvalidTask(
            ERRORS["unit_municipality"],
            field="municipality",
            params={"unit": unit.name, "municipality": unit.municipality.name},
        )
    if not municipality.participates_on():
        raise InvalidTask(ERRORS["not_participating"], field="municipality", params={"municipality": municipality.name})
    fields["ends_on"] = fields.get("ends_on") or fields["starts_on"]
    if fields["ends_on"] != fields["starts_on"]:
        fields["start_time"] = fields["end_time"] = None  # a window is whole days
    fields["starts_at"], fields["ends_at"] = _span(fields)
    if fields["ends_at"] <= timezone.now():
        raise InvalidTask(ERRORS["in_past"], field="starts_on")
    return fields


EDITABLE = (
    *TEXT_FIELDS,
    "category",
    "municipality",
    "starts_on",
    "ends_on",
    "start_time",
    "end_time",
    "online",
    "postal_code",
    "volunteers_needed",
    "minimum_age",
)


def create_task(*, by, acting_for: Association | MunicipalUnit | None, fields: dict) -> Task:
    """A draft task; nobody but its organiser sees it until it is published."""
    _check_organiser(by, acting_for)
    unit = acting_for if isinstance(acting_for, MunicipalUnit) else None
    fields = _checked_fields({name: fields.get(name) for name in EDITABLE}, unit=unit)
    with transaction.atomic():
        task = Task.objects.create(
            **fields,
            association=acting_for if isinstance(acting_for, Association) else None,
            unit=unit,
            created_by=by,
            status=TaskStatus.DRAFT,
        )
        search.index_object(task)
        audit.record(action="taskbank.task.created", actor=by, obj=task, municipality=task.municipality_id)
    return task


def update_task(*, by, task: Task, fields: dict) -> Task:
    """Change a task that is not cancelled; never to fewer volunteers than are already accepted."""
    _check_manager(by, task)
    current = {name: getattr(task, name) for name in EDITABLE}
    checked = _checked_fields(current | {name: fields[name] for name in EDITABLE if name in fields}, unit=task.unit)
    with transaction.atomic(), locked(Task, [task.pk], busy_message=ERRORS["busy"]):
        task = Task.objects.select_related("municipality", "association", "unit").get(pk=task.pk)
        if task.status == TaskStatus.CANCELLED:
            raise SammenError(ERRORS["is_cancelled"])
        accepted = task.offers.filter(status=OfferStatus.ACCEPTED).count()
        if checked["volunteers_needed"] < accepted:
            raise InvalidTask(ERRORS["needed_below_accepted"], field="volunteers_needed", params={"accepted": accepted})
        changed = sorted(name for name in EDITABLE if getattr(task, name) != checked[name])
        for name, value in checked.items():
            setattr(task, name, value)
        task.save()
        search.index_object(task)
        audit.record(
            action="taskbank.task.changed",
            actor=by,
            obj=task,
            municipality=task.municipality_id,
            details={"fields": changed},
        )
    return task


def publish_task(*, by, task: Task) -> Task:
    """Show the task in the task bank, so that volunteers can offer to help."""
    _check_manager(by, task)
    with transaction.atomic(), locked(Task, [task.pk], busy_message=ERRORS["busy"]):
        task = Task.objects.select_related("municipality").get(pk=task.pk)
        if task.status == TaskStatus.PUBLISHED:
            raise SammenError(ERRORS["already_published"])
        if task.status == TaskStatus.CANCELLED:
            raise SammenError(ERRORS["is_cancelled"])
        if task.is_over():
            raise SammenError(ERRORS["in_past"])
        if not task.municipality.participates_on():
            raise SammenError(ERRORS["not_participating"], params={"municipality": task.municipality.name})
        task.status = TaskStatus.PUBLISHED
        task.published_at = timezone.now()
        task.save(update_fields=["status", "published_at", "updated_at"])
        audit.record(action="taskbank.task.published", actor=by, obj=task, municipality=task.municipality_id)
    return task


def cancel_task(*, by, task: Task, reason: str) -> Task:
    """Cancel the task and tell every volunteer who offered or was accepted, with the reason."""
    _check_manager(by, task)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidTask(ERRORS["no_reason"], field="reason")
    _check_length("reason", reason)
    check_text({"reason": reason})
    with transaction.atomic(), locked(Task, [task.pk], busy_message=ERRORS["busy"]):
        task = Task.objects.select_related("municipality", "association", "unit").get(pk=task.pk)
        if task.status == TaskStatus.CANCELLED:
            raise SammenError(ERRORS["is_cancelled"])
        now = timezone.now()
        task.status = TaskStatus.CANCELLED
        task.cancelled_at = now
        task.cancel_reason = reason
        task.save(update_fields=["status", "cancelled_at", "cancel_reason", "updated_at"])
        live = list(task.offers.filter(LIVE_OFFER).select_related("volunteer"))
        audit.record(
            action="taskbank.task.cancelled",
            actor=by,
            obj=task,
            municipality=task.municipality_id,
            details={"reason": reason, "volunteers_told": len(live)},
        )
        for task_offer in live:
            _tell_volunteer(task_offer, "cancelled", task=task)
    return task


# --- Offering to help -------------------------------------------------------------------------------------------


def _accepted_count(task: Task) -> int:
    return task.offers.filter(status=OfferStatus.ACCEPTED).count()


def offer(*, volunteer, task: Task, message: str = "") -> TaskOffer:
    """The volunteer offers to take the task; the organiser is told and answers."""
    check_may_contribute(volunteer)
    message = (message or "").strip()
    _check_length("message", message)
    check_text({"message": message}, multi_line={"message"})
    try:
        with transaction.atomic(), locked(Task, [task.pk], busy_message=ERRORS["busy"]):
            task = Task.objects.select_related("association", "unit", "municipality", "created_by").get(pk=task.pk)
            if task.status == TaskStatus.CANCELLED:
                raise SammenError(ERRORS["is_cancelled"])
            if task.status != TaskStatus.PUBLISHED or not Task.objects.published().filter(pk=task.pk).exists():
                raise SammenError(ERRORS["not_published"])
            if task.is_over():
                raise SammenError(ERRORS["over"])
            if organisers.may_manage(volunteer, task):
                raise SammenError(ERRORS["own_task"])
            age = volunteer.age_on(task.starts_on)
            if age is None:
                raise SammenError(ERRORS["no_birth_date"])
            if age < task.minimum_age:
                raise SammenError(ERRORS["too_young"], params={"age": task.minimum_age})
            if task.offers.filter(LIVE_OFFER, volunteer=volunteer).exists():
                raise SammenError(ERRORS["twice"])
            if _accepted_count(task) >= task.volunteers_needed:
                raise SammenError(ERRORS["full"])
            now = timezone.now()
            task_offer = TaskOffer.objects.create(
                task=task, volunteer=volunteer, message=message, created_at=now, changed_at=now
            )
            audit.record(
                action="taskbank.offer.made", actor=volunteer, obj=task_offer, municipality=task.municipality_id
            )
            _tell_organiser(task_offer, "offered")
    except IntegrityError as error:
        # The same person in two tabs at once: the unique constraint let one through.
        raise SammenError(ERRORS["twice"]) from error
    return task_offer


def withdraw(*, volunteer, offer: TaskOffer) -> TaskOffer:
    """The volunteer takes back an offer (also an accepted one: the place frees for someone else)."""
    if offer.volunteer_id != volunteer.pk:
        raise SammenError(ERRORS["not_yours"])
    with transaction.atomic(), locked(Task, [offer.task_id], busy_message=ERRORS["busy"]):
        offer = TaskOffer.objects.select_related("task__created_by", "volunteer").get(pk=offer.pk)
        if offer.status not in (OfferStatus.OFFERED, OfferStatus.ACCEPTED):
            raise SammenError(ERRORS["not_live"], params={"status": offer.get_status_display()})
        if offer.task.is_over():
            raise SammenError(ERRORS["over"])
        was_accepted = offer.status == OfferStatus.ACCEPTED
        offer.status = OfferStatus.WITHDRAWN
        offer.changed_at = timezone.now()
        offer.save(update_fields=["status", "changed_at"])
        audit.record(action="taskbank.offer.withdrawn", actor=volunteer, obj=offer)
        if was_accepted:
            _tell_organiser(offer, "withdrawn")
    return offer


def _answerable(by, offer: TaskOffer) -> TaskOffer:
    """The offer read again under the task's lock, checked to be waiting for the organiser's answer."""
    offer = TaskOffer.objects.select_related("task__municipality", "task__association", "task__unit", "volunteer").get(
        pk=offer.pk
    )
    _check_manager(by, offer.task)
    if offer.task.status == TaskStatus.CANCELLED:
        raise SammenError(ERRORS["is_cancelled"])
    if offer.status != OfferStatus.OFFERED:
        raise SammenError(ERRORS["not_waiting"], params={"status": offer.get_status_display()})
    return offer


def accept(*, by, offer: TaskOffer) -> TaskOffer:
    """Accept a volunteer; never more accepted than the task needs. The volunteer then sees the contact details."""
    _check_manager(by, offer.task)
    with transaction.atomic(), locked(Task, [offer.task_id], busy_message=ERRORS["busy"]):
        offer = _answerable(by, offer)
        task = offer.task
        if task.is_over():
            raise SammenError(ERRORS["over"])
        if _accepted_count(task) >= task.volunteers_needed:
            raise SammenError(ERRORS["full"])
        offer.status = OfferStatus.ACCEPTED
        offer.changed_at = timezone.now()
        offer.save(update_fields=["status", "changed_at"])
        audit.record(
            action="taskbank.offer.accepted",
            actor=by,
            obj=offer,
            data_subject=offer.volunteer_id,
            municipality=task.municipality_id,
        )
        _tell_volunteer(offer, "accepted", task=task)
    return offer


def decline(*, by, offer: TaskOffer, reason: str = "") -> TaskOffer:
    """Decline an offer, kindly, with an optional reason the volunteer is told."""
    _check_manager(by, offer.task)
    reason = (reason or "").strip()
    _check_length("reason", reason)
    check_text({"reason": reason})
    with transaction.atomic(), locked(Task, [offer.task_id], busy_message=ERRORS["busy"]):
        offer = _answerable(by, offer)
        offer.status = OfferStatus.DECLINED
        offer.decline_reason = reason
        offer.changed_at = timezone.now()
        offer.save(update_fields=["status", "decline_reason", "changed_at"])
        audit.record(
            action="taskbank.offer.declined",
            actor=by,
            obj=offer,
            data_subject=offer.volunteer_id,
            municipality=offer.task.municipality_id,
        )
        _tell_volunteer(offer, "declined", task=offer.task)
    return offer


# --- Hours ------------------------------------------------------------------------------------------------------


def _hours(value) -> Decimal:
    try:
        hours = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise InvalidTask(ERRORS["hours_not_number"], field="hours") from None
    if not hours.is_finite():
        raise InvalidTask(ERRORS["hours_not_number"], field="hours")
    return hours


def confirm_hours(*, by, offer: TaskOffer, hours) -> TaskOffer:
    """After the task, the organiser confirms the hours the accepted volunteer gave: more than 0, at most 24 for
    each day of the task's span, in quarters of an hour at the finest."""
    _check_manager(by, offer.task)
    hours = _hours(hours)
    with transaction.atomic():
        offer = (
            TaskOffer.objects.select_for_update(of=("self",))
            .select_related("task__municipality", "task__association", "task__unit", "volunteer")
            .get(pk=offer.pk)
        )
        task = offer.task
        _check_manager(by, task)
        if offer.status != OfferStatus.ACCEPTED:
            raise SammenError(ERRORS["not_accepted"])
        if not task.is_over():
            raise InvalidTask(ERRORS["future_task"], field="hours", params={"end": local_when(task.ends_at)})
        if offer.hours is not None:
            raise SammenError(ERRORS["hours_already"])
        if hours <= 0:
            raise InvalidTask(ERRORS["hours_positive"], field="hours")
        limit = HOURS_PER_DAY * task.days
        if hours > limit:
            shown = f"{hours:.2f}" if hours < 10**6 else f"{hours:.3E}"
            raise InvalidTask(
                ERRORS["hours_too_many"], field="hours", params={"hours": shown, "limit": limit}
            )
        offer.hours = hours.quantize(Decimal("0.01"))
        offer.confirmed_at = timezone.now()
        offer.confirmed_by = by
        offer.save(update_fields=["hours", "confirmed_at", "confirmed_by"])
        audit.record(
            action="taskbank.offer.hours_confirmed",
            actor=by,
            obj=offer,
            data_subject=offer.volunteer_id,
            municipality=task.municipality_id,
            details={"hours": str(offer.hours)},
        )
        _tell_volunteer(offer, "hours_confirmed", task=task)
    return offer


# --- E-mails ----------------------------------------------------------------------------------------------------

SUBJECTS = {
    "offered": _("Someone offers to help: %(title)s"),
    "withdrawn": _("A volunteer has withdrawn: %(title)s"),
    "accepted": _("You are taking the task: %(title)s"),
    "declined": _("About your offer to help: %(title)s"),
    "cancelled": _("Cancelled: %(title)s"),
    "hours_confirmed": _("Your hours are confirmed: %(title)s"),
}


def _tell_organiser(offer: TaskOffer, kind: str) -> None:
    """Tell the person who posted the task (if they still act for its organiser)."""
    task = offer.task
    person = task.created_by
    if person is None or not organisers.may_manage(person, task):
        return
    notify(
        person,
        subject=SUBJECTS[kind],
        subject_params={"title": task.title},
        template=f"taskbank/email/{kind}.txt",
        context={
            "task": task,
            "offer": offer,
            "link": absolute_url(reverse("taskbank:offers", args=[task.pk])),
        },
    )


def _tell_volunteer(offer: TaskOffer, kind: str, *, task: Task) -> None:
    notify(
        offer.volunteer,
        subject=SUBJECTS[kind],
        subject_params={"title": task.title},
        template=f"taskbank/email/{kind}.txt",
        context={
            "task": task,
            "offer": offer,
            "when": lambda: local_when(task.starts_at),
            "link": absolute_url(reverse("taskbank:detail", args=[task.pk])),
        },
    )
