"""Reading booked talks: the free-slot search citizens book from, the two sides' lists of talks, one booking for
the two people in it, and the demand a search that found nothing leaves behind.

The search is one range of the ``slot_free_search`` index (programme, status, start) with the filters as
conditions on that range; every list selects what its page shows, so that a page costs the same number of
queries at ten rows as at ten thousand.
"""

import datetime
import functools
import operator

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from sammen.access.restrictions import blocked_either_way, exclude_blocked
from sammen.core.calendar import COPENHAGEN
from sammen.talks.models import TIME_OF_DAY_HOURS, Booking, Slot, SlotStatus, UnmetSearch
from sammen.volunteering.models import Programme, ProgrammeKind, TalkChannel, Volunteer, VolunteerStatus

# Nobody can book a talk that starts in less than ten minutes: the volunteer must be able to see the booking
# coming (the confirmation, and the talk page's window that opens ten minutes before) rather than be called by
# surprise. A slot that close to its start is no longer shown.
BOOKING_MARGIN = datetime.timedelta(minutes=10)
# The video token and the phone number are available from this long before the start until the end.
WINDOW_OPENS_BEFORE = datetime.timedelta(minutes=10)
SEARCH_LIMIT = 30
PAST_TALKS_SHOWN = 20
FREE_SLOTS_SHOWN = 200

CARD_RELATIONS = ("volunteer_user", "volunteer_user__volunteer_profile")
BOOKING_RELATIONS = ("citizen", "volunteer_user", "programme")


def local_day_start(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of a Copenhagen date, in UTC."""
    return datetime.datetime.combine(day, datetime.time(), tzinfo=COPENHAGEN).astimezone(datetime.UTC)


def talk_programmes():
    """The open programmes whose volunteers offer booked talks."""
    return Programme.objects.filter(kind=ProgrammeKind.TALKS, active=True).select_related("municipality", "association")


def talk_programme(slug: str) -> Programme:
    programme = talk_programmes().filter(slug=slug).first()
    if programme is None:
        raise Http404
    return programme


def _has_channel(channel: str) -> Q:
    # A slot's channels are a short JSON list of TalkChannel values; "contains" on a JSON list is not portable
    # (SQLite has none), but a key per position is, and a list holds each channel at most once.
    return functools.reduce(operator.or_, (Q(**{f"channels__{i}": channel}) for i in range(len(TalkChannel))))


def free_slots(
    *,
    programme,
    day: datetime.date | None = None,
    weekday: int | None = None,
    time_of_day: str | None = None,
    language: str | None = None,
    channel: str | None = None,
    now: datetime.datetime | None = None,
    limit: int = SEARCH_LIMIT,
    viewer=None,
) -> list[Slot]:
    """The free slots a citizen can book in ``programme``, earliest first: not starting within the booking margin,
    of a volunteer who is active, and — when ``viewer`` is given — neither the viewer's own nor of someone who
    blocked the viewer or whom the viewer blocked. ``day`` is a Copenhagen date, ``weekday`` 0 for Monday,
    ``time_of_day`` a ``TimeOfDay``, ``language`` a language code the volunteer speaks."""
    now = now or timezone.now()
    slots = Slot.objects.filter(programme=programme, status=SlotStatus.FREE, starts_at__gt=now + BOOKING_MARGIN)
    if day is not None:
        slots = slots.filter(
            starts_at__gte=local_day_start(day), starts_at__lt=local_day_start(day + datetime.timedelta(days=1))
        )
    if weekday is not None:
        slots = slots.filter(local_weekday=weekday)
    if time_of_day:
        first, last = TIME_OF_DAY_HOURS[time_of_day]
        slots = slots.filter(local_hour__gte=first, local_hour__lt=last)
    if language:
        slots = slots.filter(languages__contains=f" {language} ")
    if channel:
        slots = slots.filter(_has_channel(channel))
    slots = slots.filter(volunteer__status=VolunteerStatus.ACTIVE)
    if viewer is not None and viewer.is_authenticated:
        slots = exclude_blocked(slots.exclude(volunteer_user=viewer), viewer, field="volunteer_user_id")
    return list(slots.select_related(*CARD_RELATIONS).order_by("starts_at", "id")[:limit])


def slot_for_booking(pk: int, viewer) -> Slot:
    """The slot behind a "Book" link, whatever its state now (the page says when it is taken), unless its
    programme is closed or a block stands between the viewer and the volunteer: then it is not found."""
    slot = (
        Slot.objects.select_related("programme", "volunteer", *CARD_RELATIONS)
        .filter(pk=pk, programme__kind=ProgrammeKind.TALKS, programme__active=True)
        .first()
    )
    if slot is None:
        raise Http404
    if blocked_either_way(viewer, slot.volunteer_user):
        raise Http404
    return slot


def offering_memberships(user):
    """The person's memberships of open talk programmes in which they may offer times now."""
    return Volunteer.objects.filter(
        user=user, status=VolunteerStatus.ACTIVE, programme__kind=ProgrammeKind.TALKS, programme__active=True
    ).select_related("programme")


def record_unmet_search(
    *, programme, municipality, weekday: int | None = None, time_of_day: str = "", language: str = "", channel: str = ""
) -> None:
    """Keep that a search found no free slot: the programme, the searching citizen's municipality and what was
    asked for, never who asked."""
    UnmetSearch.objects.create(
        programme=programme,
        municipality=municipality,
        weekday=weekday,
        time_of_day=time_of_day or "",
        language=language or "",
        channel=channel or "",
    )


def _talks(bookings, now: datetime.datetime) -> dict:
    bookings = bookings.select_related(*BOOKING_RELATIONS)
    return {
        "upcoming": list(bookings.filter(ends_at__gt=now).order_by("starts_at", "id")),
        "past": list(bookings.filter(ends_at__lte=now).order_by("-starts_at", "-id")[:PAST_TALKS_SHOWN]),
    }


def citizen_talks(user, *, now: datetime.datetime | None = None) -> dict:
    """The citizen's booked talks: "upcoming" (not yet over, cancelled ones too, so that the person sees that a
    talk is off) earliest first, and the latest "past" ones."""
    return _talks(Booking.objects.filter(citizen=user), now or timezone.now())


def volunteer_talks(user, *, now: datetime.datetime | None = None) -> dict:
    """The talks citizens booked with the volunteer ("upcoming", "past", as for citizens) and the volunteer's
    future "free_slots" in every programme."""
    now = now or timezone.now()
    talks = _talks(Booking.objects.filter(volunteer_user=user), now)
    talks["free_slots"] = list(
        Slot.objects.filter(volunteer_user=user, status=SlotStatus.FREE, starts_at__gt=now)
        .select_related("programme")
        .order_by("starts_at", "id")[:FREE_SLOTS_SHOWN]
    )
    return talks


def booking_for(user, pk: int) -> Booking:
    """The booking, for the citizen who booked it or the volunteer who gives the talk; anyone else: not found."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    booking = (
        Booking.objects.select_related("slot", *BOOKING_RELATIONS)
        .filter(Q(citizen=user) | Q(volunteer_user=user), pk=pk)
        .first()
    )
    if booking is None:
        raise Http404
    return booking


def talk_window(booking: Booking) -> tuple[datetime.datetime, datetime.datetime]:
    """When the video token and the citizen's phone number are available: from ten minutes before the start to
    the end of the talk."""
    return booking.starts_at - WINDOW_OPENS_BEFORE, booking.ends_at
