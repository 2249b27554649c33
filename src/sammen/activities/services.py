"""Activity use cases: organising (create, change, cancel, message participants, reminders) and taking part
(sign up on a seat or the waiting list, cancel, and the first on the waiting list moves up).

Times come in as Europe/Copenhagen dates and clock times and are stored in UTC; a series is generated in local
time, so that a walk at 10:00 stays at 10:00 after the clocks change. Every write that touches seats locks the
dates it changes (``locking``), so that the number of confirmed sign-ups never exceeds the capacity.
"""

import datetime
import logging
from collections.abc import Iterable

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.access import organisers
from sammen.access.eligibility import check_may_contribute
from sammen.activities import queries
from sammen.activities.models import (
    Activity,
    Occurrence,
    OrganiserMessage,
    Recurrence,
    SignUp,
    SignUpStatus,
    shown,
)
from sammen.associations.models import Association
from sammen.audit import services as audit
from sammen.core.calendar import (
    NO_SUCH_TIME,
    local_datetime,
    local_when,
    no_such_time_params,
    skipped_by_clock_change,
)
from sammen.core.errors import SammenError
from sammen.core.links import absolute_url
from sammen.core.locking import locked
from sammen.core.text_policy import check_text
from sammen.municipalities.models import MunicipalUnit
from sammen.notifications.models import Channel
from sammen.notifications.services import notify
from sammen.search import services as search

# A series reaches at most a year ahead (53 weekly dates); organisers extend it by creating the next one.
SERIES_REACH = relativedelta(years=1)
MAX_DATES = 53
REMINDER_AHEAD = datetime.timedelta(hours=24)
# What the organiser types about the activity; the description is the only one with more than one line.
TEXT_FIELDS = ("title", "description", "address", "online_url")

logger = logging.getLogger(__name__)

ERRORS = {
    "cancelled": _("This date has been cancelled, so you cannot sign up for it."),
    "deadline": _("The sign-up deadline has passed (%(deadline)s)."),
    "started": _("The activity has already started."),
    "twice": _("You are already signed up for this date."),
    "busy": _("Many people are signing up right now. Please try again in a moment."),
    "not_signed_up": _("You are not signed up for this date."),
    "drop_in": _("No sign-up is needed for this activity – just come."),
    "not_organiser": _("You cannot organise activities for %(name)s."),
    "not_manager": _("Only the organiser can change this activity."),
    "unit_municipality": _("An activity of %(unit)s must take place in %(municipality)s Municipality."),
    "no_target_group": _("Choose at least one target group."),
    "no_place": _("Write an address, or a link if the activity takes place online."),
    "capacity": _("The number of seats must be at least 1. Leave the field empty if there is no limit."),
    "end_before_start": _("The end time must be after the start time."),
    "no_such_time": NO_SUCH_TIME,
    "in_past": _("The date has already passed. Choose a date in the future."),
    "deadline_after_start": _("The sign-up deadline must be before the activity starts."),
    "no_repeat_until": _("Choose the date the activity repeats until."),
    "repeat_until_before_start": _("“Repeat until” cannot be before the first date."),
    "too_far": _(
        "A series can reach at most one year ahead (at most %(limit)s dates). Choose a “repeat until” date no "
        "later than %(last)s."
    ),
    "capacity_below_confirmed": _(
        "You cannot lower the number of seats to %(capacity)s: %(confirmed)s people are already signed up for %(date)s."
    ),
    "date_cancelled": _("This date has been cancelled and can no longer be changed."),
    "date_over": _("This date is over and can no longer be changed."),
    "activity_cancelled": _("The activity has been cancelled."),
    "no_reason": _("Write a short reason, so that the participants know why."),
    "no_message": _("Write a message."),
}


class InvalidActivity(SammenError):
    """A SammenError that names the form field it is about, so the page can show it next to that field."""

    def __init__(self, message, *, field: str | None = None, params: dict | None = None):
        self.field = field
        super().__init__(message, params=params)


def local_span(day: datetime.date, starts: datetime.time, ends: datetime.time) -> tuple:
    """Start and end of a date in UTC. Refuses a clock time that does not exist that day (the hour skipped when
    summer time begins), which would otherwise make the end come before the start."""
    span = []
    for clock, field in ((starts, "starts"), (ends, "ends")):
        if skipped_by_clock_change(day, clock):
            raise InvalidActivity(ERRORS["no_such_time"], field=field, params=no_such_time_params(day, clock))
        span.append(local_datetime(day, clock))
    return tuple(span)


# --- Organising -------------------------------------------------------------------------------------------------


def _check_organiser(by, acting_for: Association | MunicipalUnit | None) -> None:
    association = acting_for if isinstance(acting_for, Association) else None
    unit = acting_for if isinstance(acting_for, MunicipalUnit) else None
    if unit is None:
        # Staff acting for a unit are checked by their permission; everyone else is a contributing citizen.
        check_may_contribute(by)
    if not organisers.may_act_for(by, association=association, unit=unit):
        raise SammenError(ERRORS["not_organiser"], params={"name": acting_for})


def _check_manager(by, activity: Activity) -> None:
    if not organisers.may_manage(by, activity):
        raise SammenError(ERRORS["not_manager"])


def _check_activity_fields(fields: dict, *, unit: MunicipalUnit | None) -> None:
    check_text({name: fields[name] for name in TEXT_FIELDS if name in fields}, multi_line={"description"})
    if not fields.get("target_groups"):
        raise InvalidActivity(ERRORS["no_target_group"], field="target_groups")
    if not (fields.get("address", "").strip() or fields.get("online_url", "").strip()):
        raise InvalidActivity(ERRORS["no_place"], field="address")
    capacity = fields.get("capacity")
    if capacity is not None and capacity < 1:
        raise InvalidActivity(ERRORS["capacity"], field="capacity")
    if unit is not None and fields["municipality"].pk != unit.municipality_id:
        raise InvalidActivity(
            ERRORS["unit_municipality"],
            field="municipality",
            params={"unit": unit.name, "municipality": unit.municipality.name},
        )


def series_dates(first: datetime.date, recurrence: str, repeat_until: datetime.date | None) -> list[datetime.date]:
    """The local dates of a series. Monthly keeps the day of the month, or the month's last day when it is shorter
    (31 January, 28 February, 31 March): each date is counted from the first, so the 31st is not lost."""
    if not recurrence:
        return [first]
    if repeat_until is None:
        raise InvalidActivity(ERRORS["no_repeat_until"], field="repeat_until")
    if repeat_until < first:
        raise InvalidActivity(ERRORS["repeat_until_before_start"], field="repeat_until")
    last_allowed = first + SERIES_REACH
    if repeat_until > last_allowed:
        raise InvalidActivity(
            ERRORS["too_far"],
            field="repeat_until",
            params={"limit": MAX_DATES, "last": last_allowed.strftime("%d-%m-%Y")},
        )
    step = {
        Recurrence.WEEKLY: relativedelta(weeks=1),
        Recurrence.BIWEEKLY: relativedelta(weeks=2),
        Recurrence.MONTHLY: relativedelta(months=1),
    }[recurrence]
    dates = []
    while (day := first + step * len(dates)) <= repeat_until and len(dates) < MAX_DATES:
        dates.append(day)
    return dates


def _signup_closes_before(
    first_start: datetime.datetime, deadline: datetime.datetime | None
) -> datetime.timedelta | None:
    if deadline is None:
        return None
    if deadline > first_start:
        raise InvalidActivity(ERRORS["deadline_after_start"], field="deadline_date")
    return first_start - deadline


def create_activity(
    *,
    by,
    acting_for: Association | MunicipalUnit | None = None,
    fields: dict,
    first_date: datetime.date,
    starts: datetime.time,
    ends: datetime.time,
    recurrence: str = Recurrence.NONE,
    repeat_until: datetime.date | None = None,
    signup_deadline: datetime.datetime | None = None,
) -> Activity:
    """Create an activity and its dates. ``fields`` are the activity's own fields (target groups and
    accessibility as lists of terms); the schedule is given in Copenhagen time. A drop-in activity (no sign-up)
    has no seats and no deadline."""
    _check_organiser(by, acting_for)
    unit = acting_for if isinstance(acting_for, MunicipalUnit) else None
    _check_activity_fields(fields, unit=unit)
    if ends <= starts:
        raise InvalidActivity(ERRORS["end_before_start"], field="ends")
    first_start = local_datetime(first_date, starts)
    if first_start <= timezone.now():
        raise InvalidActivity(ERRORS["in_past"], field="first_date")
    fields = dict(fields)
    if not fields.get("signup_required", True):
        fields["capacity"] = None
        signup_deadline = None
    closes_before = _signup_closes_before(first_start, signup_deadline)
    dates = series_dates(first_date, recurrence, repeat_until)

    spans = {day: local_span(day, starts, ends) for day in dates}
    target_groups = fields.pop("target_groups")
    accessibility = fields.pop("accessibility", [])
    with transaction.atomic():
        activity = Activity.objects.create(
            **fields,
            created_by=by,
            association=acting_for if isinstance(acting_for, Association) else None,
            unit=unit,
            recurrence=recurrence,
            repeat_until=repeat_until if recurrence else None,
            signup_closes_before=closes_before,
        )
        activity.target_groups.set(target_groups)
        activity.accessibility.set(accessibility)
        Occurrence.objects.bulk_create(_occurrence(activity, *spans[day]) for day in dates)
        search.index_object(activity)
        audit.record(
            action="activities.activity.created",
            actor=by,
            obj=activity,
            municipality=activity.municipality_id,
            details={"dates": len(dates)},
        )
    return activity


def _occurrence(activity: Activity, starts_at: datetime.datetime, ends_at: datetime.datetime) -> Occurrence:
    closes_before = activity.signup_closes_before
    return Occurrence(
        activity=activity,
        municipality_id=activity.municipality_id,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=activity.capacity,
        signup_deadline=starts_at - closes_before if closes_before is not None else None,
    )


def _future_dates(activity: Activity, now: datetime.datetime):
    return Occurrence.objects.filter(activity=activity, starts_at__gt=now, cancelled_at__isnull=True)


def _confirmed_counts(occurrence_ids: Iterable[int]) -> dict[int, int]:
    rows = (
        SignUp.objects.filter(occurrence_id__in=list(occurrence_ids), status=SignUpStatus.CONFIRMED)
        .values("occurrence_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {row["occurrence_id"]: row["count"] for row in rows}


def _check_capacity_fits(capacity: int | None, occurrences: list[Occurrence]) -> None:
    if capacity is None:
        return
    confirmed = _confirmed_counts(o.pk for o in occurrences)
    for occurrence in occurrences:
        taken = confirmed.get(occurrence.pk, 0)
        if taken > capacity:
            raise InvalidActivity(
                ERRORS["capacity_below_confirmed"],
                field="capacity",
                params={"capacity": capacity, "confirmed": taken, "date": local_when(occurrence.starts_at)},
            )


def update_activity(*, activity: Activity, by, fields: dict) -> Activity:
    """Change what the whole series shares. A new number of seats applies to the future dates that are not
    cancelled (and moves people up from their waiting lists when it grows); it cannot go below the number already
    signed up on any of them. Times are changed date by date (:func:`update_occurrence`)."""
    _check_manager(by, activity)
    if activity.cancelled_at is not None:
        raise SammenError(ERRORS["activity_cancelled"])
    merged = {
        "target_groups": list(activity.target_groups.all()),
        "address": activity.address,
        "online_url": activity.online_url,
        "municipality": activity.municipality,
        **fields,
    }
    _check_activity_fields(merged, unit=activity.unit if activity.unit_id else None)
    fields = dict(fields)
    if fields.get("signup_required") is False:
        fields["capacity"] = None
    target_groups = fields.pop("target_groups", None)
    accessibility = fields.pop("accessibility", None)
    now = timezone.now()
    promoted: list[SignUp] = []
    with transaction.atomic():
        future = list(_future_dates(activity, now).order_by("starts_at"))
        with locked(Occurrence, [o.pk for o in future], busy_message=ERRORS["busy"]):
            capacity_changed = "capacity" in fields and fields["capacity"] != activity.capacity
            if capacity_changed:
                _check_capacity_fits(fields["capacity"], future)
            for name, value in fields.items():
                setattr(activity, name, value)
            activity.save()
            if target_groups is not None:
                activity.target_groups.set(target_groups)
            if accessibility is not None:
                activity.accessibility.set(accessibility)
            dates = Occurrence.objects.filter(pk__in=[o.pk for o in future])
            dates.update(municipality_id=activity.municipality_id)
            if capacity_changed:
                dates.update(capacity=activity.capacity)
                for occurrence in future:
                    occurrence.capacity = activity.capacity
                    occurrence.activity = activity
                    promoted += _fill_free_seats(occurrence, now)
            search.index_object(activity)
            audit.record(
                action="activities.activity.changed",
                actor=by,
                obj=activity,
                municipality=activity.municipality_id,
                details={"fields": sorted(set(fields) | ({"target_groups"} if target_groups is not None else set()))},
            )
            _tell_promoted(promoted)
    return activity


def _check_date_open(occurrence: Occurrence, now: datetime.datetime) -> None:
    if occurrence.activity.cancelled_at is not None:
        raise SammenError(ERRORS["activity_cancelled"])
    if occurrence.cancelled_at is not None:
        raise SammenError(ERRORS["date_cancelled"])
    if occurrence.ends_at <= now:
        raise SammenError(ERRORS["date_over"])


def update_occurrence(
    *,
    occurrence: Occurrence,
    by,
    day: datetime.date,
    starts: datetime.time,
    ends: datetime.time,
    capacity: int | None,
) -> Occurrence:
    """Move one date or change its seats; everyone signed up or waiting is told by e-mail when the time moves."""
    _check_manager(by, occurrence.activity)
    now = timezone.now()
    if ends <= starts:
        raise InvalidActivity(ERRORS["end_before_start"], field="ends")
    if capacity is not None and capacity < 1:
        raise InvalidActivity(ERRORS["capacity"], field="capacity")
    starts_at, ends_at = local_span(day, starts, ends)
    if starts_at <= now:
        raise InvalidActivity(ERRORS["in_past"], field="day")
    promoted: list[SignUp] = []
    with transaction.atomic(), locked(Occurrence, [occurrence.pk], busy_message=ERRORS["busy"]):
        occurrence = Occurrence.objects.select_related("activity").get(pk=occurrence.pk)
        _check_date_open(occurrence, now)
        if not occurrence.activity.signup_required:
            capacity = None
        _check_capacity_fits(capacity, [occurrence])
        moved = (starts_at, ends_at) != (occurrence.starts_at, occurrence.ends_at)
        before = {"starts_at": occurrence.starts_at.isoformat(), "capacity": occurrence.capacity}
        occurrence.starts_at, occurrence.ends_at, occurrence.capacity = starts_at, ends_at, capacity
        closes_before = occurrence.activity.signup_closes_before
        if closes_before is not None:
            occurrence.signup_deadline = starts_at - closes_before
        if moved:
            occurrence.reminder_sent_at = None
        occurrence.save()
        promoted = _fill_free_seats(occurrence, now)
        audit.record(
            action="activities.occurrence.changed",
            actor=by,
            obj=occurrence,
            municipality=occurrence.municipality_id,
            details={"before": before, "starts_at": starts_at.isoformat(), "capacity": capacity},
        )
        if moved:
            people = _people_signed_up([occurrence.pk], exclude={s.pk for s in promoted})
            _tell_all(people, "moved", occurrence=occurrence)
        _tell_promoted(promoted)
    return occurrence


def _written_text(text: str, *, missing: str, field: str) -> str:
    """A reason or message the organiser writes to people: required, and within the text policy."""
    text = text.strip()
    if not text:
        raise InvalidActivity(ERRORS[missing], field=field)
    check_text({field: text}, multi_line={field})
    return text


def cancel_occurrence(*, occurrence: Occurrence, by, reason: str) -> Occurrence:
    """Cancel one date. Everyone signed up or waiting is told; the sign-ups stay as they were, as history."""
    _check_manager(by, occurrence.activity)
    reason = _written_text(reason, missing="no_reason", field="reason")
    now = timezone.now()
    with transaction.atomic(), locked(Occurrence, [occurrence.pk], busy_message=ERRORS["busy"]):
        occurrence = Occurrence.objects.select_related("activity").get(pk=occurrence.pk)
        _check_date_open(occurrence, now)
        occurrence.cancelled_at = now
        occurrence.cancel_reason = reason
        occurrence.save(update_fields=["cancelled_at", "cancel_reason"])
        audit.record(
            action="activities.occurrence.cancelled",
            actor=by,
            obj=occurrence,
            municipality=occurrence.municipality_id,
            details={"reason": reason},
        )
        people = _people_signed_up([occurrence.pk])
        _tell_all(people, "cancelled", occurrence=occurrence, reason=reason)
    return occurrence


def cancel_activity(*, activity: Activity, by, reason: str) -> Activity:
    """Cancel the activity and all its future dates; each person signed up for any of them gets one e-mail."""
    _check_manager(by, activity)
    reason = _written_text(reason, missing="no_reason", field="reason")
    now = timezone.now()
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        if activity.cancelled_at is not None:
            raise SammenError(ERRORS["activity_cancelled"])
        future = list(_future_dates(activity, now).values_list("pk", flat=True))
        with locked(Occurrence, future, busy_message=ERRORS["busy"]):
            Occurrence.objects.filter(pk__in=future).update(cancelled_at=now, cancel_reason=reason)
            activity.cancelled_at = now
            activity.save(update_fields=["cancelled_at", "updated_at"])
            search.remove_object(activity)
            audit.record(
                action="activities.activity.cancelled",
                actor=by,
                obj=activity,
                municipality=activity.municipality_id,
                details={"reason": reason, "dates": len(future)},
            )
            people = _people_signed_up(future, one_per_person=True)
            _tell_all(people, "activity_cancelled", activity=activity, reason=reason)
    return activity


def message_participants(*, occurrence: Occurrence, by, body: str) -> OrganiserMessage:
    """E-mail everyone signed up for the date or on its waiting list, and keep the message as a record."""
    _check_manager(by, occurrence.activity)
    _check_date_open(occurrence, timezone.now())
    body = _written_text(body, missing="no_message", field="body")
    with transaction.atomic():
        people = _people_signed_up([occurrence.pk])
        message = OrganiserMessage.objects.create(occurrence=occurrence, sender=by, body=body, recipients=len(people))
        audit.record(
            action="activities.occurrence.messaged",
            actor=by,
            obj=occurrence,
            municipality=occurrence.municipality_id,
            details={"recipients": len(people)},
        )
        _tell_all(people, "message", occurrence=occurrence, body=body, sender=by.display_name)
    return message


def _people_signed_up(occurrence_ids: list[int], *, exclude=frozenset(), one_per_person=False) -> list[SignUp]:
    signups = (
        SignUp.objects.filter(
            occurrence_id__in=occurrence_ids,
            status__in=[SignUpStatus.CONFIRMED, SignUpStatus.WAITLISTED],
            user__is_active=True,
        )
        .exclude(pk__in=exclude)
        .select_related("user", "occurrence__activity")
        .order_by("occurrence__starts_at", "created_at", "id")
    )
    if not one_per_person:
        return list(signups)
    seen: dict[int, SignUp] = {}
    for signup in signups:
        seen.setdefault(signup.user_id, signup)
    return list(seen.values())


SUBJECTS = {
    "moved": _("Changed time: %(title)s"),
    "cancelled": _("Cancelled: %(title)s on %(when)s"),
    "activity_cancelled": _("Cancelled: %(title)s"),
    "message": _("Message about %(title)s"),
    "reminder": _("Reminder: %(title)s %(when)s"),
}


def _tell_all(signups: list[SignUp], kind: str, **context) -> int:
    """Queue an e-mail about the date or activity for each person. Returns the number queued."""
    return sum(len(_tell_one(signup, kind, **context)) for signup in signups)


def _tell_one(signup: SignUp, kind: str, **context) -> list:
    occurrence = context.get("occurrence") or signup.occurrence
    activity = occurrence.activity
    return notify(
        signup.user,
        subject=SUBJECTS[kind],
        subject_params={"title": activity.title, "when": lambda: local_when(occurrence.starts_at)},
        template=f"activities/email/{kind}.txt",
        context={
            **context,
            "signup": signup,
            "activity": activity,
            "occurrence": occurrence,
            "when": lambda: local_when(occurrence.starts_at),
            "link": absolute_url(reverse("activities:detail", args=[activity.pk])),
        },
    )


def send_reminders(*, now: datetime.datetime | None = None) -> int:
    """E-mail the confirmed participants of the dates that start within the next 24 hours, once per date.

    Each date is claimed (``reminder_sent_at``) in the transaction that queues its reminders; on PostgreSQL the
    claim skips rows another run has locked, so two overlapping runs never remind the same date twice.
    Returns the number of e-mails queued.
    """
    now = now or timezone.now()
    due = Occurrence.objects.filter(
        shown("activity__"),
        starts_at__gt=now,
        starts_at__lte=now + REMINDER_AHEAD,
        reminder_sent_at__isnull=True,
        cancelled_at__isnull=True,
        activity__cancelled_at__isnull=True,
        activity__signup_required=True,
    )
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True, of=("self",))
        claimed = list(due.values_list("pk", flat=True))
        Occurrence.objects.filter(pk__in=claimed, reminder_sent_at__isnull=True).update(reminder_sent_at=now)
        participants = list(
            SignUp.objects.filter(occurrence_id__in=claimed, status=SignUpStatus.CONFIRMED, user__is_active=True)
            .select_related("user", "occurrence__activity")
            .order_by("occurrence_id", "id")
        )
        # The claim and the reminders in the outbox are one transaction: a crash loses neither, and the outbox
        # sends each reminder once.
        return _tell_all(participants, "reminder")


# --- Taking part ----------------------------------------------------------------------------------------------


def sign_up(*, occurrence: Occurrence, user) -> SignUp:
    """A seat if one is free, otherwise a place on the waiting list; never more confirmed than the capacity.

    A waiting-list sign-up carries ``position`` (1 for the first waiting): its time is taken under the lock and
    the position counted before the commit, so that the position told is the one held, whoever commits first.
    """
    try:
        with transaction.atomic(), locked(Occurrence, [occurrence.pk], busy_message=ERRORS["busy"]):
            now = timezone.now()
            # Read the occurrence only after the lock, so that capacity and deadline are current.
            occurrence = Occurrence.objects.select_related("activity").get(pk=occurrence.pk)
            if not occurrence.activity.signup_required:
                raise SammenError(ERRORS["drop_in"])
            if occurrence.cancelled_at is not None or occurrence.activity.cancelled_at is not None:
                raise SammenError(ERRORS["cancelled"])
            closed = occurrence.signup_closed_because(now)
            if closed == "started":
                raise SammenError(ERRORS["started"])
            if closed == "deadline":
                deadline = timezone.localtime(occurrence.signup_deadline).strftime("%d-%m-%Y %H:%M")
                raise SammenError(ERRORS["deadline"], params={"deadline": deadline})
            live = SignUp.objects.filter(occurrence=occurrence).exclude(status=SignUpStatus.CANCELLED)
            if live.filter(user=user).exists():
                raise SammenError(ERRORS["twice"])
            full = occurrence.free_seats(live.filter(status=SignUpStatus.CONFIRMED).count()) == 0
            signup = SignUp.objects.create(
                occurrence=occurrence,
                user=user,
                status=SignUpStatus.WAITLISTED if full else SignUpStatus.CONFIRMED,
                created_at=now,
                changed_at=now,
            )
            audit.record(action=f"activities.signup.{signup.status}", actor=user, obj=signup)
            signup.position = waiting_position(signup) if full else None
    except IntegrityError as error:
        # The same person in two tabs at once: the unique constraint let one through.
        raise SammenError(ERRORS["twice"]) from error
    return signup


def waiting_position(signup: SignUp) -> int:
    """1 for the first on the waiting list (the order of ``queries.waiting_ahead``, which the pages use)."""
    return queries.waiting_ahead_of(signup).count() + 1


def cancel_signup(*, occurrence: Occurrence, user) -> SignUp | None:
    """Cancel the person's sign-up; if a seat frees, promote the first on the waiting list and tell them.

    Returns the promoted sign-up, if any.
    """
    now = timezone.now()
    with transaction.atomic(), locked(Occurrence, [occurrence.pk], busy_message=ERRORS["busy"]):
        occurrence = Occurrence.objects.select_related("activity").get(pk=occurrence.pk)
        mine = (
            SignUp.objects.filter(occurrence=occurrence, user=user).exclude(status=SignUpStatus.CANCELLED).first()
        )
        if mine is None:
            raise SammenError(ERRORS["not_signed_up"])
        mine.status = SignUpStatus.CANCELLED
        mine.changed_at = now
        mine.save(update_fields=["status", "changed_at"])
        audit.record(action="activities.signup.cancelled", actor=user, obj=mine)
        promoted = _fill_free_seats(occurrence, now) if occurrence.starts_at > now else []
        _tell_promoted(promoted)
    return promoted[0] if promoted else None


def _fill_free_seats(occurrence: Occurrence, now: datetime.datetime) -> list[SignUp]:
    """Move the first people on the waiting list onto the free seats. The caller holds the occurrence's lock.

    Nobody moves up on a cancelled date or activity, or when the activity no longer takes sign-ups (drop-in).
    """
    activity = occurrence.activity
    if occurrence.cancelled_at or activity.cancelled_at or not activity.signup_required:
        return []
    free = None
    if occurrence.capacity is not None:
        confirmed = SignUp.objects.filter(occurrence=occurrence, status=SignUpStatus.CONFIRMED).count()
        free = occurrence.free_seats(confirmed)
        if not free:
            return []
    waiting = SignUp.objects.filter(occurrence=occurrence, status=SignUpStatus.WAITLISTED)
    promoted = list(waiting.select_related("user", "occurrence__activity").order_by("created_at", "id")[:free])
    for signup in promoted:
        signup.status = SignUpStatus.CONFIRMED
        signup.changed_at = now
        signup.save(update_fields=["status", "changed_at"])
        audit.record(action="activities.signup.promoted", obj=signup, data_subject=signup.user_id)
    return promoted


def _tell_promoted(promoted: list[SignUp]) -> None:
    """Tell the people who moved up that they have a seat."""
    for signup in promoted:
        notify(
            signup.user,
            subject=_("You have a seat: %(title)s"),
            subject_params={"title": signup.occurrence.activity.title},
            template="activities/email/promoted.txt",
            context={"signup": signup},
            channels=(Channel.EMAIL, Channel.SMS),  # a seat can be soon: those with a mobile number get a text too
            sms_template="activities/sms/promoted.txt",
        )
