"""What the visiting-friend pages read: the citizen's request and pair, the volunteer's room and pairs, and the
coordinator's lists (waiting list, proposals, quiet pairs, check-ins due) and figures (supply and demand)."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone

from sammen.core.figures import Figure, figure
from sammen.municipalities.models import Municipality
from sammen.visits.models import (
    HOURS_PER_VISIT,
    LIVE_REQUEST,
    TAKES_ROOM,
    VISITS_PER_MONTH,
    Meeting,
    Pair,
    PairStatus,
    RequestStatus,
    SupervisionSession,
    TalkRequest,
    VisitorRoom,
    VisitRequest,
)
from sammen.volunteering.models import ProgrammeKind, Volunteer, VolunteerStatus

QUIET_DAYS = 28
MONTHS_SHOWN = 6

PAIR_RELATED = ("request__citizen", "request__municipality", "volunteer__user", "volunteer__programme", "conversation")


def live_request_of(user) -> VisitRequest | None:
    return VisitRequest.objects.filter(LIVE_REQUEST, citizen=user).prefetch_related("interests").first()


def pairs_of_citizen(user):
    return (
        Pair.objects.filter(request__citizen=user, status__in=[PairStatus.ASKED, PairStatus.ACTIVE])
        .select_related(*PAIR_RELATED)
        .order_by("-id")
    )


def visits_memberships(user):
    """The person's memberships of visits programmes that have not ended, active ones first."""
    return (
        Volunteer.objects.filter(user=user, programme__kind=ProgrammeKind.VISITS)
        .exclude(status=VolunteerStatus.LEFT)
        .select_related("programme", "user")
        .order_by("status", "-id")
    )


def active_membership(user) -> Volunteer | None:
    return visits_memberships(user).filter(status=VolunteerStatus.ACTIVE).first()


def room_of(volunteer: Volunteer) -> VisitorRoom | None:
    return VisitorRoom.objects.filter(volunteer=volunteer).prefetch_related("interests").first()


def pairs_of_volunteer(user):
    return (
        Pair.objects.filter(volunteer__user=user, status__in=[PairStatus.ASKED, PairStatus.ACTIVE])
        .select_related(*PAIR_RELATED)
        .order_by("-id")
    )


def pair_for_party(user, pk: int) -> Pair:
    """The pair, for one of its two people once the coordinator has asked them; otherwise it does not exist."""
    pair = (
        Pair.objects.filter(pk=pk, status__in=[PairStatus.ASKED, PairStatus.ACTIVE, PairStatus.ENDED])
        .select_related(*PAIR_RELATED)
        .first()
    )
    if pair is None or not pair.is_party(user):
        raise Http404
    return pair


def pair_for_staff(municipality: Municipality, pk: int) -> Pair:
    pair = Pair.objects.filter(pk=pk, request__municipality=municipality).select_related(*PAIR_RELATED).first()
    if pair is None:
        raise Http404
    return pair


def meetings_of(pair: Pair):
    return pair.meetings.select_related("logged_by")


def waiting_list(municipality: Municipality):
    """Waiting citizens, longest waiting first; ``days_waited`` on each."""
    today = timezone.localdate()
    rows = list(
        VisitRequest.objects.filter(municipality=municipality, status=RequestStatus.WAITING)
        .select_related("citizen")
        .order_by("created_at", "id")
    )
    for row in rows:
        row.waited = row.days_waited(today)
    return rows


def proposals(municipality: Municipality):
    return (
        Pair.objects.filter(request__municipality=municipality, status=PairStatus.PROPOSED)
        .select_related(*PAIR_RELATED)
        .order_by("-score", "id")
    )


def asked_pairs(municipality: Municipality):
    return (
        Pair.objects.filter(request__municipality=municipality, status=PairStatus.ASKED)
        .select_related(*PAIR_RELATED)
        .order_by("confirmed_at", "id")
    )


def quiet_pairs(municipality: Municipality, *, today: datetime.date | None = None):
    """Active pairs with no meeting logged for 28 days (counted from the start for a pair that never met)."""
    today = today or timezone.localdate()
    limit = today - datetime.timedelta(days=QUIET_DAYS)
    rows = (
        Pair.objects.filter(request__municipality=municipality, status=PairStatus.ACTIVE)
        .annotate(last_met=Max("meetings__on"))
        .filter(Q(last_met__lt=limit) | Q(last_met__isnull=True, started_at__date__lt=limit))
        .select_related(*PAIR_RELATED)
        .order_by("last_met", "started_at", "id")
    )
    return list(rows)


def check_ins_due(municipality: Municipality, *, today: datetime.date | None = None):
    today = today or timezone.localdate()
    return list(
        Pair.objects.filter(request__municipality=municipality, status=PairStatus.ACTIVE, next_check_in_on__lte=today)
        .select_related(*PAIR_RELATED)
        .order_by("next_check_in_on", "id")
    )


def talk_requests(municipality: Municipality):
    return (
        TalkRequest.objects.filter(municipality=municipality)
        .select_related("volunteer__user", "answered_by")
        .order_by("answered_at", "-created_at")
    )


def talk_requests_of(volunteer: Volunteer):
    return TalkRequest.objects.filter(volunteer=volunteer).order_by("-created_at")


def supervision_sessions(municipality_id: int | None):
    if municipality_id is None:
        return SupervisionSession.objects.none()
    return SupervisionSession.objects.filter(municipality_id=municipality_id).select_related("activity")


# --- Supply and demand ------------------------------------------------------------------------------------------


def _hours(value: float, people: int) -> Figure:
    """Hours from ``people`` people, hidden under 5 people (``sammen.core.figures``); a tenth where it has one."""
    return figure(value, people=people, decimals=0 if float(value).is_integer() else 1)


@dataclass
class MonthRow:
    month: datetime.date
    logged: Figure  # hours logged in meetings, from the pairs that logged them


@dataclass
class SupplyAndDemand:
    offered: Figure  # hours a month the active visiting friends have room for
    asked: Figure  # hours a month the waiting and matched citizens ask for
    months: list[MonthRow]

    @property
    def balance(self) -> Figure:
        """Hidden where either side is: the difference and the shown side would give the hidden one back."""
        value = self.offered.value - self.asked.value
        return Figure(
            value,
            hidden=self.offered.hidden or self.asked.hidden,
            decimals=max(self.offered.decimals, self.asked.decimals),
        )


def _month_start(day: datetime.date, back: int) -> datetime.date:
    year, month = divmod(day.year * 12 + day.month - 1 - back, 12)
    return datetime.date(year, month + 1, 1)


def supply_and_demand(municipality: Municipality, *, today: datetime.date | None = None) -> SupplyAndDemand:
    """Per month, for the municipality: the hours the active visiting friends who live there offer, the hours its
    waiting and matched citizens ask for (from how often they would like a visit), and the hours logged in the
    meetings of its pairs in each of the last six months."""
    today = today or timezone.localdate()
    rooms = VisitorRoom.objects.filter(
        volunteer__status=VolunteerStatus.ACTIVE,
        volunteer__programme__kind=ProgrammeKind.VISITS,
        volunteer__user__municipality=municipality,
    ).aggregate(hours=Sum("hours_per_month"), people=Count("volunteer__user", distinct=True))
    frequencies = (
        VisitRequest.objects.filter(
            municipality=municipality, status__in=[RequestStatus.WAITING, RequestStatus.MATCHED]
        )
        .values("frequency")
        .annotate(n=Count("id"))
    )
    asked_hours = sum(VISITS_PER_MONTH[row["frequency"]] * HOURS_PER_VISIT * row["n"] for row in frequencies)
    asked_people = sum(row["n"] for row in frequencies)
    first = _month_start(today, MONTHS_SHOWN - 1)
    logged = {
        row["month"].date() if isinstance(row["month"], datetime.datetime) else row["month"]: row
        for row in Meeting.objects.filter(pair__request__municipality=municipality, on__gte=first)
        .annotate(month=TruncMonth("on"))
        .values("month")
        .annotate(minutes=Sum("minutes"), pairs=Count("pair", distinct=True))
    }
    months = []
    for back in range(MONTHS_SHOWN - 1, -1, -1):
        month = _month_start(today, back)
        row = logged.get(month)
        months.append(
            MonthRow(month, _hours(round((row["minutes"] if row else 0) / 60, 1), 2 * row["pairs"] if row else 0))
        )
    return SupplyAndDemand(
        offered=_hours(rooms["hours"] or 0, rooms["people"] or 0),
        asked=_hours(asked_hours, asked_people),
        months=months,
    )


def free_places(volunteer: Volunteer, room: VisitorRoom | None) -> int:
    if room is None:
        return 0
    return max(0, room.capacity - Pair.objects.filter(volunteer=volunteer, status__in=TAKES_ROOM).count())
