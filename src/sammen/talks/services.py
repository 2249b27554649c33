"""Booked-talk use cases: a volunteer offers and withdraws time slots; a citizen books one; either side cancels;
the volunteer marks the talk held or a no-show; scheduled jobs remind both sides and settle forgotten talks; a
volunteer who pauses or leaves has their future talks cancelled.

Times come in as Copenhagen dates and clock times and are stored in UTC; a weekly slot keeps its clock time when
the clocks change. A slot is booked exactly once: ``book`` holds the slot's lock (``core.locking``) while it
checks and writes, and the citizen's lock too, so that one person booking in two tabs cannot pass the limit of
future bookings. Every change writes its audit row and queues its notifications in its own transaction.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from sammen.access.eligibility import check_may_contribute
from sammen.access.restrictions import blocked_either_way
from sammen.audit import services as audit
from sammen.core.calendar import (
    COPENHAGEN,
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
from sammen.notifications.models import Channel
from sammen.notifications.services import notify
from sammen.talks.models import Booking, BookingStatus, Slot, SlotSeries, SlotStatus
from sammen.talks.queries import BOOKING_MARGIN
from sammen.volunteering.models import ProgrammeKind, TalkChannel, Volunteer, VolunteerStatus
from sammen.wellbeing import services as wellbeing

# A weekly slot repeats for at most a year: 53 dates, the same reach as an activity's series.
MAX_WEEKLY_DATES = 53
DAY_BEFORE = datetime.timedelta(days=1)
# A talk nobody marked is taken as held this long after it ended.
SETTLE_AFTER = datetime.timedelta(days=1)
NOTE_LENGTH = Booking._meta.get_field("note").max_length
REASON_LENGTH = Booking._meta.get_field("cancel_reason").max_length
NOTICE = (Channel.EMAIL, Channel.SMS)
BOOKING_SIDES = ("slot", "citizen", "volunteer_user", "programme")

logger = logging.getLogger(__name__)

ERRORS = {
    "busy": _("Many people are booking right now. Please try again in a moment."),
    # Offering time
    "not_yours": _("Only the volunteer can offer or withdraw their own times."),
    "not_talks": _("%(programme)s has no booked talks."),
    "programme_closed": _("%(programme)s is closed at the moment."),
    VolunteerStatus.ONBOARDING: _("You can offer times once you have passed the course."),
    VolunteerStatus.AWAITING_APPROVAL: _("You can offer times once a coordinator has approved you."),
    VolunteerStatus.PAUSED: _("You are taking a break from %(programme)s. Resume before you offer new times."),
    VolunteerStatus.DECLINED: _("You have not been approved for %(programme)s, so you cannot offer times."),
    VolunteerStatus.LEFT: _("You have left %(programme)s, so you cannot offer times."),
    "in_past": _("The time has already passed. Choose a time in the future."),
    "no_such_time": NO_SUCH_TIME,
    "overlap": _("You already have a time that overlaps %(when)s. Choose another time."),
    "no_channel": _("Choose at least one way to talk."),
    "channel_not_offered": _("%(programme)s has no talks by %(channel)s."),
    "until_before_start": _("“Repeat until” cannot be before the first date."),
    "series_too_long": _(
        "A weekly time can repeat for at most a year (%(limit)s dates). Choose a “repeat until” date no later "
        "than %(last)s."
    ),
    "withdraw_booked": _("This time is booked. Cancel the talk instead, so that the citizen is told."),
    "withdraw_gone": _("This time has already been withdrawn."),
    "withdraw_past": _("This time has passed and can no longer be withdrawn."),
    # Booking
    "own_slot": _("This is one of your own times: you cannot book a talk with yourself."),
    "no_birth_date": _(
        "Add your date of birth on your profile first: talks in %(programme)s are for people aged %(age)s or over."
    ),
    "too_young": _("Talks in %(programme)s are for people aged %(age)s or over."),
    "channel_not_in_slot": _("The volunteer does not offer a %(channel)s at this time. Choose another way to talk."),
    "no_phone": _("Add your phone number on your profile first, so that the volunteer can call you."),
    "taken": _("Someone else booked this time a moment ago. Choose another time."),
    "unavailable": _("This time can no longer be booked. Choose another time."),
    "started": _("This time has already begun. Choose a later time."),
    "too_soon": _(
        "This time starts in less than %(minutes)s minutes and can no longer be booked. Choose a later time."
    ),
    "limit": _(
        "You already have %(limit)s talks booked in %(programme)s, which is as many as you can have at a time. "
        "Cancel one, or book again when one has taken place."
    ),
    "double_booked": _("You already have a talk at that time."),
    "note_too_long": _("Write at most %(limit)s characters about what you would like to talk about."),
    # Cancelling and settling
    "not_party": _("Only the two people in a talk can cancel it."),
    "no_reason": _("Write a short reason, so that the other person knows why."),
    "reason_too_long": _("Write the reason in at most %(limit)s characters."),
    "begun": _("The talk has already begun, so it can no longer be cancelled."),
    "already_cancelled": _("This talk has already been cancelled."),
    "already_settled": _("This talk is over and has been marked: %(outcome)s."),
    "not_volunteer": _("Only the volunteer marks whether the talk was held."),
    "not_begun": _("You can mark the talk when it has begun."),
    "settle_cancelled": _("This talk was cancelled."),
    "bad_outcome": _("Choose whether the talk was held or the citizen did not come."),
}

BOOKING_WORDING = {
    "not_participating": _(
        "%(municipality)s Municipality does not take part in Sammen at the moment, so you cannot book talks."
    ),
}
OFFERING_WORDING = {
    "not_participating": _(
        "%(municipality)s Municipality does not take part in Sammen at the moment, so you cannot offer times."
    ),
}
STOPPED_REASONS = {
    "paused": _("The volunteer is taking a break."),
    "left": _("The volunteer has left the programme."),
}
OUTCOMES = (BookingStatus.HELD, BookingStatus.NO_SHOW)


class InvalidTalk(SammenError):
    """A refusal that names the form field it is about, so that the page shows it next to that field."""

    def __init__(self, message, *, field: str | None = None, params: dict | None = None):
        self.field = field
        super().__init__(message, params=params)


# --- Time as people read it -------------------------------------------------------------------------------------


def local_start(day: datetime.date, clock: datetime.time, *, field: str = "starts") -> datetime.datetime:
    """A Copenhagen date and clock time as an aware UTC datetime; refuses the hour skipped when summer time begins."""
    clock = clock.replace(second=0, microsecond=0, tzinfo=None)
    if skipped_by_clock_change(day, clock):
        raise InvalidTalk(ERRORS["no_such_time"], field=field, params=no_such_time_params(day, clock))
    return local_datetime(day, clock)


def _channel_name(channel: str) -> str:
    return str(TalkChannel(channel).label).lower() if channel in TalkChannel.values else channel


# --- Offering time ----------------------------------------------------------------------------------------------


def _check_talk_programme(programme) -> None:
    if programme.kind != ProgrammeKind.TALKS:
        raise SammenError(ERRORS["not_talks"], params={"programme": programme.name})
    if not programme.active:
        raise SammenError(ERRORS["programme_closed"], params={"programme": programme.name})


def _check_may_offer(by, volunteer: Volunteer) -> None:
    if volunteer.user_id != by.pk:
        raise SammenError(ERRORS["not_yours"])
    check_may_contribute(by, wording=OFFERING_WORDING)
    _check_talk_programme(volunteer.programme)
    if not volunteer.may_offer_time:
        raise SammenError(ERRORS[volunteer.status], params={"programme": volunteer.programme.name})


def weekly_dates(day: datetime.date, weekly_until: datetime.date | None) -> list[datetime.date]:
    if weekly_until is None:
        return [day]
    if weekly_until < day:
        raise InvalidTalk(ERRORS["until_before_start"], field="weekly_until")
    last = day + datetime.timedelta(weeks=MAX_WEEKLY_DATES - 1)
    if weekly_until > last:
        raise InvalidTalk(
            ERRORS["series_too_long"],
            field="weekly_until",
            params={"limit": MAX_WEEKLY_DATES, "last": last.strftime("%d-%m-%Y")},
        )
    return [day + datetime.timedelta(weeks=n) for n in range((weekly_until - day).days // 7 + 1)]


def _languages(user) -> str:
    profile = getattr(user, "volunteer_profile", None)
    codes = profile.language_codes if profile is not None else []
    return f" {' '.join(codes)} " if codes else ""


def copy_languages_to_future_slots(user) -> int:
    """Copy the volunteer's languages (their profile) onto their future slots, which the search reads."""
    return Slot.objects.filter(volunteer_user=user, starts_at__gt=timezone.now()).update(languages=_languages(user))


def _check_no_overlap(by, spans: list[tuple[datetime.datetime, datetime.datetime]]) -> None:
    """None of the new spans may overlap a live slot of the volunteer's, in any programme."""
    live = list(
        Slot.objects.filter(
            volunteer_user=by,
            status__in=[SlotStatus.FREE, SlotStatus.BOOKED],
            starts_at__lt=spans[-1][1],
            ends_at__gt=spans[0][0],
        )
        .order_by("starts_at")
        .values_list("starts_at", "ends_at")
    )
    for starts_at, ends_at in spans:
        if any(other_start < ends_at and starts_at < other_end for other_start, other_end in live):
            raise InvalidTalk(ERRORS["overlap"], field="starts", params={"when": local_when(starts_at)})


def add_slots(
    *,
    by,
    volunteer: Volunteer,
    day: datetime.date,
    starts: datetime.time,
    channels: list[str],
    weekly_until: datetime.date | None = None,
) -> list[Slot]:
    """Offer one talk at ``day`` ``starts`` (Copenhagen time), or the same clock time every week until
    ``weekly_until``; each slot lasts the programme's talk length. The volunteer's own live slots in any
    programme may not overlap any of the new dates."""
    _check_may_offer(by, volunteer)
    programme = volunteer.programme
    channels = list(dict.fromkeys(channels))
    if not channels:
        raise InvalidTalk(ERRORS["no_channel"], field="channels")
    for channel in channels:
        if channel not in programme.channels or channel not in TalkChannel.values:
            raise InvalidTalk(
                ERRORS["channel_not_offered"],
                field="channels",
                params={"programme": programme.name, "channel": _channel_name(channel)},
            )
    dates = weekly_dates(day, weekly_until)
    length = datetime.timedelta(minutes=programme.talk_minutes)
    starts_ats = [local_start(date, starts, field="starts") for date in dates]
    if starts_ats[0] <= timezone.now():
        raise InvalidTalk(ERRORS["in_past"], field="day")
    spans = [(moment, moment + length) for moment in starts_ats]
    languages = _languages(by)
    with transaction.atomic(), locked(get_user_model(), [by.pk], busy_message=ERRORS["busy"]):
        # Under the volunteer's lock: two forms sent at once cannot both pass the overlap check.
        _check_no_overlap(by, spans)
        series = None
        if weekly_until is not None:
            series = SlotSeries.objects.create(
                volunteer=volunteer, first_day=day, repeat_until=dates[-1], starts=starts.replace(tzinfo=None)
            )
        slots = Slot.objects.bulk_create(
            Slot(
                volunteer=volunteer,
                series=series,
                programme=programme,
                volunteer_user=by,
                starts_at=starts_at,
                ends_at=ends_at,
                local_weekday=timezone.localtime(starts_at, COPENHAGEN).weekday(),
                local_hour=timezone.localtime(starts_at, COPENHAGEN).hour,
                channels=channels,
                languages=languages,
            )
            for starts_at, ends_at in spans
        )
        audit.record(
            action="talks.slots.added",
            actor=by,
            obj=slots[0],
            details={"programme": programme.pk, "dates": len(slots), "weekly": series is not None},
        )
    return slots


def withdraw_slot(*, by, slot: Slot) -> None:
    """Take back a free time. A booked one is cancelled through ``cancel_booking``, which tells the citizen."""
    if slot.volunteer_user_id != by.pk:
        raise SammenError(ERRORS["not_yours"])
    with transaction.atomic(), locked(Slot, [slot.pk], busy_message=ERRORS["busy"]):
        slot = Slot.objects.get(pk=slot.pk)
        if slot.status == SlotStatus.BOOKED:
            raise SammenError(ERRORS["withdraw_booked"])
        if slot.status == SlotStatus.WITHDRAWN:
            raise SammenError(ERRORS["withdraw_gone"])
        if slot.starts_at <= timezone.now():
            raise SammenError(ERRORS["withdraw_past"])
        slot.status = SlotStatus.WITHDRAWN
        slot.save(update_fields=["status"])
        audit.record(action="talks.slot.withdrawn", actor=by, obj=slot)


# --- Booking ------------------------------------------------------------------------------------------------------


def _check_age(citizen, programme) -> None:
    age = citizen.age_on(timezone.localdate())
    params = {"programme": programme.name, "age": programme.citizen_minimum_age}
    if age is None:
        raise SammenError(ERRORS["no_birth_date"], params=params)
    if age < programme.citizen_minimum_age:
        raise SammenError(ERRORS["too_young"], params=params)


def _checked_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_LENGTH:
        raise InvalidTalk(ERRORS["note_too_long"], field="note", params={"limit": NOTE_LENGTH})
    check_text({"note": note}, multi_line={"note"})
    return note


def _check_bookable(slot: Slot, citizen, now: datetime.datetime) -> None:
    """The checks that depend on what others do at the same time; the caller holds the slot's and the citizen's
    locks."""
    programme = slot.programme
    if programme.kind != ProgrammeKind.TALKS or not programme.active:
        raise SammenError(ERRORS["unavailable"])
    if slot.status == SlotStatus.BOOKED:
        raise SammenError(ERRORS["taken"])
    if slot.status != SlotStatus.FREE or not slot.volunteer.may_offer_time:
        raise SammenError(ERRORS["unavailable"])
    if slot.starts_at <= now:
        raise SammenError(ERRORS["started"])
    if slot.starts_at <= now + BOOKING_MARGIN:
        raise SammenError(ERRORS["too_soon"], params={"minutes": int(BOOKING_MARGIN.total_seconds() // 60)})
    if blocked_either_way(citizen, slot.volunteer_user):
        raise SammenError(ERRORS["unavailable"])
    mine = Booking.objects.filter(citizen=citizen, status=BookingStatus.BOOKED, ends_at__gt=now)
    if mine.filter(programme=programme, starts_at__gt=now).count() >= programme.max_future_bookings:
        raise SammenError(ERRORS["limit"], params={"limit": programme.max_future_bookings, "programme": programme.name})
    if mine.filter(starts_at__lt=slot.ends_at, ends_at__gt=slot.starts_at).exists():
        raise SammenError(ERRORS["double_booked"])


def book(*, citizen, slot: Slot, channel: str, note: str = "") -> Booking:
    """Book the slot for a talk by ``channel``; both sides get a confirmation by e-mail and SMS."""
    check_may_contribute(citizen, wording=BOOKING_WORDING)
    programme = slot.programme
    _check_age(citizen, programme)
    if slot.volunteer_user_id == citizen.pk:
        raise SammenError(ERRORS["own_slot"])
    if channel not in slot.channels:
        raise InvalidTalk(ERRORS["channel_not_in_slot"], field="channel", params={"channel": _channel_name(channel)})
    if channel == TalkChannel.PHONE and not citizen.phone_number:
        raise InvalidTalk(ERRORS["no_phone"], field="channel")
    note = _checked_note(note)
    try:
        with (
            transaction.atomic(),
            locked(Slot, [slot.pk], busy_message=ERRORS["busy"]),
            locked(get_user_model(), [citizen.pk], busy_message=ERRORS["busy"]),
        ):
            now = timezone.now()
            # Read the slot again under the lock: another booking may have committed while we waited.
            slot = Slot.objects.select_related("programme", "volunteer", "volunteer_user").get(pk=slot.pk)
            _check_bookable(slot, citizen, now)
            booking = Booking.objects.create(
                slot=slot,
                citizen=citizen,
                volunteer_user=slot.volunteer_user,
                programme=slot.programme,
                citizen_municipality_id=citizen.municipality_id,
                starts_at=slot.starts_at,
                ends_at=slot.ends_at,
                channel=channel,
                note=note,
                created_at=now,
            )
            slot.status = SlotStatus.BOOKED
            slot.save(update_fields=["status"])
            audit.record(
                action="talks.booking.booked",
                actor=citizen,
                obj=booking,
                municipality=citizen.municipality_id,
                details={"programme": slot.programme_id, "channel": channel},
            )
            _tell_booked(booking)
            if not Booking.objects.filter(citizen=citizen).exclude(pk=booking.pk).exists():  # the first talk
                wellbeing.invite(citizen, programme="talks", municipality=citizen.municipality)
    except IntegrityError as error:
        # The database's last line (one live booking per slot) held where the lock did not: it should never
        # happen while locking is on, so it is worth a line in the log.
        logger.warning("A second live booking of slot %s was refused by the database constraint", slot.pk)
        raise SammenError(ERRORS["taken"]) from error
    return booking


def _talk_link(booking: Booking) -> str:
    return absolute_url(reverse("talks:talk", args=[booking.pk]))


def _tell(person, booking: Booking, kind: str, subject, **context) -> list:
    return notify(
        person,
        subject=subject,
        subject_params={"when": lambda: local_when(booking.starts_at), "programme": booking.programme.name},
        template=f"talks/email/{kind}.txt",
        sms_template=f"talks/sms/{kind}.txt",
        channels=NOTICE,
        context={
            "booking": booking,
            "programme": booking.programme,
            "when": lambda: local_when(booking.starts_at),
            "link": _talk_link(booking),
            "my_talks": absolute_url(reverse("talks:mine")),
            "programme_link": absolute_url(reverse("talks:free_slots", args=[booking.programme.slug])),
            **context,
        },
    )


def _tell_booked(booking: Booking) -> None:
    citizen, volunteer = booking.citizen, booking.volunteer_user
    _tell(citizen, booking, "booked_citizen", _("Your talk is booked: %(when)s"), partner=volunteer.display_name)
    _tell(
        volunteer, booking, "booked_volunteer", _("A citizen has booked a talk: %(when)s"), partner=citizen.display_name
    )


# --- Cancelling and settling -----------------------------------------------------------------------------------


def _checked_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidTalk(ERRORS["no_reason"], field="reason")
    if len(reason) > REASON_LENGTH:
        raise InvalidTalk(ERRORS["reason_too_long"], field="reason", params={"limit": REASON_LENGTH})
    check_text({"reason": reason})
    return reason


def _check_still_booked(booking: Booking) -> None:
    if booking.status == BookingStatus.CANCELLED:
        raise SammenError(ERRORS["already_cancelled"])
    if booking.status != BookingStatus.BOOKED:
        raise SammenError(ERRORS["already_settled"], params={"outcome": booking.get_status_display()})


def _cancel(booking: Booking, *, by, reason: str, told, now: datetime.datetime, details: dict) -> None:
    """Cancel a booking whose slot the caller has locked, and tell the citizen, or the volunteer when the citizen
    cancelled (``told`` is the reason in the words they are told, which may be translated)."""
    by_citizen = by.pk == booking.citizen_id
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = now
    booking.cancelled_by = by
    booking.cancel_reason = reason
    booking.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason"])
    audit.record(
        action="talks.booking.cancelled",
        actor=by,
        obj=booking,
        municipality=booking.citizen_municipality_id,
        details={"by": "citizen" if by_citizen else "volunteer", **details},
    )
    _tell(
        booking.volunteer_user if by_citizen else booking.citizen,
        booking,
        "cancelled",
        _("Talk cancelled: %(when)s"),
        partner=by.display_name,
        reason=told,
        by_citizen=by_citizen,
    )


def cancel_booking(*, by, booking: Booking, reason: str) -> Booking:
    """Either side cancels before the talk begins, with a short reason the other side is told at once. The time
    opens again when the citizen cancelled; when the volunteer did, it is withdrawn."""
    if by.pk not in (booking.citizen_id, booking.volunteer_user_id):
        raise SammenError(ERRORS["not_party"])
    reason = _checked_reason(reason)
    with transaction.atomic(), locked(Slot, [booking.slot_id], busy_message=ERRORS["busy"]):
        now = timezone.now()
        booking = Booking.objects.select_related(*BOOKING_SIDES).get(pk=booking.pk)
        _check_still_booked(booking)
        if booking.starts_at <= now:
            raise SammenError(ERRORS["begun"])
        volunteer_active = Volunteer.objects.filter(pk=booking.slot.volunteer_id, status=VolunteerStatus.ACTIVE)
        reopens = by.pk == booking.citizen_id and volunteer_active.exists()
        _cancel(booking, by=by, reason=reason, told=reason, now=now, details={"reason": reason})
        Slot.objects.filter(pk=booking.slot_id).update(status=SlotStatus.FREE if reopens else SlotStatus.WITHDRAWN)
    return booking


def settle(*, by, booking: Booking, outcome: str) -> Booking:
    """The volunteer marks a talk that has begun as held or as a no-show, once."""
    if by.pk != booking.volunteer_user_id:
        raise SammenError(ERRORS["not_volunteer"])
    if outcome not in OUTCOMES:
        raise InvalidTalk(ERRORS["bad_outcome"], field="outcome")
    with transaction.atomic(), locked(Slot, [booking.slot_id], busy_message=ERRORS["busy"]):
        now = timezone.now()
        booking = Booking.objects.get(pk=booking.pk)
        if booking.status == BookingStatus.CANCELLED:
            raise SammenError(ERRORS["settle_cancelled"])
        if booking.status != BookingStatus.BOOKED:
            raise SammenError(ERRORS["already_settled"], params={"outcome": booking.get_status_display()})
        if booking.starts_at > now:
            raise SammenError(ERRORS["not_begun"])
        booking.status = outcome
        booking.settled_at = now
        booking.save(update_fields=["status", "settled_at"])
        audit.record(
            action=f"talks.booking.{outcome}", actor=by, obj=booking, municipality=booking.citizen_municipality_id
        )
    return booking


def settle_overdue(*, now: datetime.datetime | None = None) -> int:
    """Take the talks nobody marked as held, a day after they ended. Returns how many. Idempotent: a booking
    that is settled is not booked any more."""
    now = now or timezone.now()
    with transaction.atomic():
        count = Booking.objects.filter(status=BookingStatus.BOOKED, ends_at__lt=now - SETTLE_AFTER).update(
            status=BookingStatus.HELD, settled_at=now, settled_automatically=True
        )
        if count:
            audit.record(action="talks.bookings.settled_automatically", details={"count": count})
    return count


# --- Reminders --------------------------------------------------------------------------------------------------


def _claim(due, field: str, now: datetime.datetime) -> list[Booking]:
    """Mark the due bookings' reminder as sent and return those this run claimed. The caller's transaction holds
    the claim and the queued reminders together.

    The UPDATE is conditional on the field still being empty, so two overlapping runs cannot both claim a row:
    on PostgreSQL the second UPDATE waits for the first run's row lock and then finds the field set (and rows
    another run is working on are skipped outright); SQLite runs one writer at a time."""
    if connection.features.has_select_for_update_skip_locked:
        due = due.select_for_update(skip_locked=True, of=("self",))
    candidates = list(due.values_list("pk", flat=True))
    claimed = [
        pk for pk in candidates if Booking.objects.filter(pk=pk, **{f"{field}__isnull": True}).update(**{field: now})
    ]
    return list(Booking.objects.filter(pk__in=claimed).select_related(*BOOKING_SIDES).order_by("starts_at", "id"))


def send_reminders(*, now: datetime.datetime | None = None) -> int:
    """Remind both sides ``SAMMEN_TALK_REMINDER_MINUTES`` before the talk, with the direct link, and a day before
    for talks booked more than a day ahead. Each reminder goes once, even when two runs overlap. Returns the
    number of messages queued."""
    now = now or timezone.now()
    soon = datetime.timedelta(minutes=settings.SAMMEN_TALK_REMINDER_MINUTES)
    booked = Booking.objects.filter(status=BookingStatus.BOOKED, starts_at__gt=now)
    queued = 0
    with transaction.atomic():
        due_soon = booked.filter(starts_at__lte=now + soon, reminder_soon_sent_at__isnull=True)
        for booking in _claim(due_soon, "reminder_soon_sent_at", now):
            queued += _remind(booking, "reminder_soon", _("Your talk starts soon: %(when)s"))
    with transaction.atomic():
        # A talk booked more than a day ahead, now within a day – but not so close that the "soon" reminder
        # is the one that counts (a job that was down for a day sends one reminder, not two at once).
        due_day = booked.filter(
            starts_at__lte=now + DAY_BEFORE,
            starts_at__gt=now + soon,
            created_at__lte=F("starts_at") - DAY_BEFORE,
            reminder_day_sent_at__isnull=True,
        )
        for booking in _claim(due_day, "reminder_day_sent_at", now):
            queued += _remind(booking, "reminder_day", _("Reminder: your talk %(when)s"))
    return queued


def _remind(booking: Booking, kind: str, subject) -> int:
    sent = _tell(booking.citizen, booking, kind, subject, partner=booking.volunteer_user.display_name, citizen=True)
    sent += _tell(booking.volunteer_user, booking, kind, subject, partner=booking.citizen.display_name, citizen=False)
    return len(sent)


# --- A volunteer stops ------------------------------------------------------------------------------------------


def stop_volunteer(*, volunteer: Volunteer, reason: str) -> int:
    """The volunteer paused or left the programme (``reason`` "paused" or "left"): cancel their future booked
    talks in it, telling each citizen, and withdraw their future free times. Runs in the caller's transaction.
    Returns the number of talks cancelled."""
    now = timezone.now()
    with transaction.atomic():
        live = Slot.objects.filter(
            volunteer=volunteer, status__in=[SlotStatus.FREE, SlotStatus.BOOKED], starts_at__gt=now
        )
        ids = list(live.values_list("pk", flat=True))
        with locked(Slot, ids, busy_message=ERRORS["busy"]):
            # Read again under the locks: a citizen may have booked one of the free times meanwhile.
            bookings = list(
                Booking.objects.filter(slot_id__in=ids, status=BookingStatus.BOOKED, starts_at__gt=now).select_related(
                    *BOOKING_SIDES
                )
            )
            with translation.override(settings.LANGUAGE_CODE):
                stored_reason = str(STOPPED_REASONS[reason])
            for booking in bookings:
                _cancel(
                    booking,
                    by=volunteer.user,
                    reason=stored_reason,
                    told=STOPPED_REASONS[reason],
                    now=now,
                    details={"because": reason},
                )
            Slot.objects.filter(pk__in=ids).update(status=SlotStatus.WITHDRAWN)
            audit.record(
                action=f"talks.volunteer.{reason}",
                actor=volunteer.user,
                obj=volunteer,
                details={"cancelled": len(bookings), "withdrawn": len(ids)},
            )
    return len(bookings)
