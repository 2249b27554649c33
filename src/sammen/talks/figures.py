"""The coordinator's figures on booked talks, for the committee report: talks by programme and month for the
municipality's citizens, and supply against demand by weekday and hour.

Who counts where:
- Talks, people, hours, no-shows and cancellations count the bookings of the municipality's citizens (the
  municipality a citizen lived in when they booked, ``Booking.citizen_municipality``), by the month of the talk in
  Copenhagen time.
- Supply is national: a volunteer in Kolding talks with a citizen in Herning, so the slots of a programme are
  counted wherever their volunteers live. Demand is the municipality's own: its citizens' bookings and the searches
  from the municipality that found no free slot.

Privacy, by the one rule of ``sammen.core.figures``: a count of people from 1 to 4 is shown as "under 5", and so
is a count of talks that comes from 1 to 4 distinct citizens (0 is shown: it tells about nobody). Where a column
has a total, more cells are hidden while the hidden ones come from 1 to 4 citizens, so that they cannot be worked
out from the total. Slots are offered publicly and unmet searches keep no
identity, so their counts are shown as they are.

Every figure comes from a handful of GROUP BY queries, the same number whatever the amount of data.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, DateField, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.formats import time_format
from django.utils.translation import gettext_lazy as _

from sammen.core.calendar import COPENHAGEN
from sammen.core.figures import FEWEST_PEOPLE, Figure, hide_complements
from sammen.municipalities.models import Municipality
from sammen.talks.models import TIME_OF_DAY_HOURS, Booking, BookingStatus, Slot, SlotStatus, TimeOfDay, UnmetSearch
from sammen.volunteering.models import Programme, ProgrammeKind

PERIOD_MONTHS = 12
ANY_TIME = _("Any time of day")

HELD = Q(status=BookingStatus.HELD)
NO_SHOW = Q(status=BookingStatus.NO_SHOW)
CANCELLED_BY_CITIZEN = Q(status=BookingStatus.CANCELLED, cancelled_by=F("citizen"))
# Cancelled by the volunteer, or for them (when they paused or left the programme, or staff stepped in).
CANCELLED_BY_VOLUNTEER = Q(status=BookingStatus.CANCELLED) & ~Q(cancelled_by=F("citizen"))
NOT_CANCELLED = ~Q(status=BookingStatus.CANCELLED)
# A withdrawn slot was taken back before anybody booked it: it was never on offer in the figures' sense.
OFFERED = Q(status__in=[SlotStatus.FREE, SlotStatus.BOOKED])


@dataclass(frozen=True)
class TalkRow:
    """Talks of one month (``month`` is its first day) or of the whole period (``month`` is None)."""

    month: datetime.date | None
    held: Figure
    citizens: Figure
    volunteers: Figure
    hours: Figure
    no_shows: Figure
    cancelled_by_citizen: Figure
    cancelled_by_volunteer: Figure


@dataclass(frozen=True)
class SupplyRow:
    """Supply (national) against the municipality's demand in one weekday or one hour."""

    label: str
    offered: Figure
    booked: Figure
    booked_here: Figure
    unmet: Figure | None  # None: unmet searches do not say (searches ask for a time of day, not an hour)
    offered_share: Figure | None = None  # percent of the week's slots
    demand_share: Figure | None = None  # percent of the week's demand (bookings here + unmet searches)


@dataclass(frozen=True)
class UnmetRow:
    label: str
    offered: Figure | None  # None for searches that asked for no particular time of day
    unmet: Figure


@dataclass(frozen=True)
class ProgrammeFigures:
    programme: Programme
    months: list[TalkRow]
    total: TalkRow
    weekdays: list[SupplyRow]
    hours: list[SupplyRow]
    times_of_day: list[UnmetRow]
    unmet_any_day: Figure  # unmet searches that asked for no particular weekday
    offered: int
    demand: int


@dataclass(frozen=True)
class TalkFigures:
    municipality: Municipality
    first_month: datetime.date
    last_month: datetime.date
    programmes: list[ProgrammeFigures]


def period(now: datetime.datetime | None = None) -> tuple[list[datetime.date], datetime.datetime, datetime.datetime]:
    """The last ``PERIOD_MONTHS`` months in Copenhagen, this one included: their first days, and the period's
    start and end as aware datetimes (end exclusive)."""
    this_month = timezone.localtime(now or timezone.now(), COPENHAGEN).date().replace(day=1)
    months = [_add_months(this_month, -back) for back in reversed(range(PERIOD_MONTHS))]
    start = datetime.datetime.combine(months[0], datetime.time(0), tzinfo=COPENHAGEN)
    end = datetime.datetime.combine(_add_months(this_month, 1), datetime.time(0), tzinfo=COPENHAGEN)
    return months, start, end


def _add_months(first_day: datetime.date, months: int) -> datetime.date:
    index = first_day.year * 12 + first_day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def talk_figures(municipality: Municipality, *, now: datetime.datetime | None = None) -> TalkFigures:
    """Everything the coordinator's figures page shows, in seven queries."""
    months, start, end = period(now)
    bookings = Booking.objects.filter(citizen_municipality=municipality, starts_at__gte=start, starts_at__lt=end)
    programmes = list(
        Programme.objects.filter(kind=ProgrammeKind.TALKS)
        .filter(
            Q(municipality__isnull=True, association__isnull=True)
            | Q(municipality=municipality)
            | Q(association__municipality=municipality)
            | Q(pk__in=bookings.values("programme"))
        )
        .order_by("name", "pk")
    )
    ids = [programme.pk for programme in programmes]

    by_month = _talk_counts(
        bookings.annotate(month=TruncMonth("starts_at", tzinfo=COPENHAGEN, output_field=DateField())), "month"
    )
    totals = _talk_counts(bookings, None)

    supply = national_supply(ids, start, end)
    offered: dict[tuple[int, str, int], list[int]] = {}
    for programme_id, weekday, hour, slots, booked in supply:
        for key in ((programme_id, "weekday", weekday), (programme_id, "hour", hour)):
            counts = offered.setdefault(key, [0, 0])
            counts[0] += slots
            counts[1] += booked

    demand = {}
    for part, field in (("weekday", "slot__local_weekday"), ("hour", "slot__local_hour")):
        rows = (
            bookings.filter(NOT_CANCELLED)
            .values_list("programme_id", field)
            .annotate(talks=Count("pk"), citizens=Count("citizen", distinct=True))
            .order_by()
        )
        demand.update({(programme_id, part, key): (talks, citizens) for programme_id, key, talks, citizens in rows})

    unmet: dict[tuple[int, str, object], int] = {}
    searches = (
        UnmetSearch.objects.filter(municipality=municipality, programme__in=ids, searched_at__gte=start)
        .filter(searched_at__lt=end)
        .values_list("programme_id", "weekday", "time_of_day")
        .annotate(searches=Count("pk"))
        .order_by()
    )
    for programme_id, weekday, time_of_day, count in searches:
        for key in ((programme_id, "weekday", weekday), (programme_id, "time", time_of_day)):
            unmet[key] = unmet.get(key, 0) + count

    return TalkFigures(
        municipality=municipality,
        first_month=months[0],
        last_month=months[-1],
        programmes=[
            _programme_figures(programme, months, by_month, totals, offered, demand, unmet) for programme in programmes
        ],
    )


def national_supply(ids: list[int], start: datetime.datetime, end: datetime.datetime) -> list[tuple]:
    """Slots offered and booked per programme, local weekday and hour, in all of Denmark: the same for every
    municipality and the one part of the page that reads every slot of the year (seconds at half a million
    slots), so it is kept in the cache for ``SAMMEN_TALK_FIGURES_CACHE_SECONDS``. Without the cache (Redis down)
    it is counted again."""
    key = f"talks:supply:{','.join(map(str, ids))}:{start:%Y%m%d%H}:{end:%Y%m%d%H}"
    rows = cache.get(key)
    if rows is None:
        rows = list(
            Slot.objects.filter(OFFERED, programme__in=ids, starts_at__gte=start, starts_at__lt=end)
            .values_list("programme_id", "local_weekday", "local_hour")
            .annotate(offered=Count("pk"), booked=Count("pk", filter=Q(status=SlotStatus.BOOKED)))
            .order_by()
        )
        cache.set(key, rows, settings.SAMMEN_TALK_FIGURES_CACHE_SECONDS)
    return rows


def _talk_counts(bookings, group: str | None) -> dict:
    """Counts of the bookings and of the distinct people behind them, by programme (and ``group``)."""
    fields = ["programme_id"] + ([group] if group else [])
    held_minutes = ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField())
    rows = (
        bookings.values(*fields)
        .annotate(
            held=Count("pk", filter=HELD),
            held_citizens=Count("citizen", distinct=True, filter=HELD),
            held_volunteers=Count("volunteer_user", distinct=True, filter=HELD),
            held_time=Sum(held_minutes, filter=HELD),
            no_shows=Count("pk", filter=NO_SHOW),
            no_show_citizens=Count("citizen", distinct=True, filter=NO_SHOW),
            by_citizen=Count("pk", filter=CANCELLED_BY_CITIZEN),
            by_citizen_citizens=Count("citizen", distinct=True, filter=CANCELLED_BY_CITIZEN),
            by_volunteer=Count("pk", filter=CANCELLED_BY_VOLUNTEER),
            by_volunteer_citizens=Count("citizen", distinct=True, filter=CANCELLED_BY_VOLUNTEER),
        )
        .order_by()
    )
    return {tuple(row[field] for field in fields): row for row in rows}


EMPTY = {
    "held": 0,
    "held_citizens": 0,
    "held_volunteers": 0,
    "held_time": None,
    "no_shows": 0,
    "no_show_citizens": 0,
    "by_citizen": 0,
    "by_citizen_citizens": 0,
    "by_volunteer": 0,
    "by_volunteer_citizens": 0,
}


def _people(count: int) -> Figure:
    return Figure(count, hidden=0 < count < FEWEST_PEOPLE)


def _hidden_cells(counts: list[int], citizens: list[int]) -> list[bool]:
    """Which cells of a column with a total to hide: those from 1–4 citizens, and more while those add up to 1–4."""
    cells = [
        Figure(count, hidden=0 < people < FEWEST_PEOPLE, people=people)
        for count, people in zip(counts, citizens, strict=True)
    ]
    return [cell.hidden for cell in hide_complements(cells)]


def _talk_rows(rows: list[dict], months: list[datetime.date | None]) -> list[TalkRow]:
    columns = {}
    for count, citizens in (
        ("held", "held_citizens"),
        ("no_shows", "no_show_citizens"),
        ("by_citizen", "by_citizen_citizens"),
        ("by_volunteer", "by_volunteer_citizens"),
    ):
        counts = [row[count] for row in rows]
        # Several rows are months with a total to work back from; a single row is the total itself.
        if len(rows) > 1:
            hidden = _hidden_cells(counts, [row[citizens] for row in rows])
        else:
            hidden = [0 < rows[0][citizens] < FEWEST_PEOPLE]
        columns[count] = [Figure(value, hidden=hide) for value, hide in zip(counts, hidden, strict=True)]
    result = []
    for n, (row, month) in enumerate(zip(rows, months, strict=True)):
        held = columns["held"][n]
        hours = (row["held_time"] or datetime.timedelta()).total_seconds() / 3600
        result.append(
            TalkRow(
                month=month,
                held=held,
                citizens=_people(row["held_citizens"]),
                volunteers=_people(row["held_volunteers"]),
                hours=Figure(hours, hidden=held.hidden, decimals=1),
                no_shows=columns["no_shows"][n],
                cancelled_by_citizen=columns["by_citizen"][n],
                cancelled_by_volunteer=columns["by_volunteer"][n],
            )
        )
    return result


def _share(part: int, whole: int) -> Figure:
    return Figure(100 * part / whole if whole else 0, decimals=0)


def _programme_figures(programme, months, by_month, totals, offered, demand, unmet) -> ProgrammeFigures:
    pk = programme.pk
    month_rows = _talk_rows([by_month.get((pk, month), EMPTY) for month in months], months)
    (total,) = _talk_rows([totals.get((pk,), EMPTY)], [None])

    weekday_demand = [demand.get((pk, "weekday", day), (0, 0)) for day in range(7)]
    weekday_hidden = _hidden_cells([talks for talks, _ in weekday_demand], [people for _, people in weekday_demand])
    weekday_unmet = [unmet.get((pk, "weekday", day), 0) for day in range(7)]
    week_offered = sum(offered.get((pk, "weekday", day), [0, 0])[0] for day in range(7))
    week_demand = sum(talks for talks, _ in weekday_demand) + sum(weekday_unmet)
    weekdays = []
    for day in range(7):
        slots, booked = offered.get((pk, "weekday", day), [0, 0])
        talks = weekday_demand[day][0]
        hidden = weekday_hidden[day]
        weekdays.append(
            SupplyRow(
                label=str(WEEKDAYS[day]).capitalize(),
                offered=Figure(slots),
                booked=Figure(booked),
                booked_here=Figure(talks, hidden=hidden),
                unmet=Figure(weekday_unmet[day]),
                offered_share=_share(slots, week_offered),
                demand_share=Figure(_share(talks + weekday_unmet[day], week_demand).value, hidden=hidden, decimals=0),
            )
        )

    hour_demand = [demand.get((pk, "hour", hour), (0, 0)) for hour in range(24)]
    hour_hidden = _hidden_cells([talks for talks, _ in hour_demand], [people for _, people in hour_demand])
    hours = [
        SupplyRow(
            label=_hour_label(hour),
            offered=Figure(offered.get((pk, "hour", hour), [0, 0])[0]),
            booked=Figure(offered.get((pk, "hour", hour), [0, 0])[1]),
            booked_here=Figure(hour_demand[hour][0], hidden=hour_hidden[hour]),
            unmet=None,
        )
        for hour in range(24)
        if offered.get((pk, "hour", hour)) or hour_demand[hour][0]
    ]

    times_of_day = [
        UnmetRow(
            label=str(time_of_day.label),
            offered=Figure(
                sum(offered.get((pk, "hour", hour), [0, 0])[0] for hour in range(*TIME_OF_DAY_HOURS[time_of_day]))
            ),
            unmet=Figure(unmet.get((pk, "time", time_of_day.value), 0)),
        )
        for time_of_day in TimeOfDay
    ]
    times_of_day.append(UnmetRow(label=str(ANY_TIME), offered=None, unmet=Figure(unmet.get((pk, "time", ""), 0))))
    return ProgrammeFigures(
        programme=programme,
        months=month_rows,
        total=total,
        weekdays=weekdays,
        hours=hours,
        times_of_day=times_of_day,
        unmet_any_day=Figure(unmet.get((pk, "weekday", None), 0)),
        offered=week_offered,
        demand=week_demand,
    )


def _hour_label(hour: int) -> str:
    return f"{time_format(datetime.time(hour))}–{time_format(datetime.time((hour + 1) % 24))}"
