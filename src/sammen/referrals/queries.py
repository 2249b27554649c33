"""Reads of referrals: for the referrers of a municipality, for a receiver's contacts, for the citizen, and the
municipality's figures (no figure from fewer than 5 referrals: ``sammen.core.figures``)."""

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Case, Count, Q, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from sammen.core.figures import Figure, figure, hide_complements
from sammen.referrals.models import (
    OPEN_STATUSES,
    EndReason,
    Receiver,
    ReceiverContact,
    Referral,
    ReferralStatus,
)

FIGURE_MONTHS = 12


def _with_people(queryset):
    return queryset.select_related("receiver", "citizen", "referred_by", "sender", "consent")


def referrals_for_referrer(municipality, *, status: str = ""):
    """The municipality's referrals, open ones with the nearest deadline first."""
    queryset = Referral.objects.filter(municipality=municipality)
    if status == "open":
        queryset = queryset.filter(status__in=OPEN_STATUSES)
    elif status == "overdue":
        queryset = queryset.filter(status=ReferralStatus.SENT, deadline_on__lt=timezone.localdate())
    elif status in ReferralStatus.values:
        queryset = queryset.filter(status=status)
    return _with_people(queryset).order_by("deadline_on", "id")


def referral_for_referrer(municipality, pk: int) -> Referral:
    return get_object_or_404(_with_people(Referral.objects.filter(municipality=municipality)), pk=pk)


def receivers_of(municipality):
    return Receiver.objects.filter(municipality=municipality).prefetch_related("contacts__user").order_by("name")


def receiver_of(municipality, pk: int) -> Receiver:
    return get_object_or_404(receivers_of(municipality), pk=pk)


def accepting_receivers(municipality):
    return Receiver.objects.filter(municipality=municipality, accepting=True).order_by("name")


def contact_receiver_ids(user) -> list[int]:
    if not (user.is_authenticated and user.is_active):
        return []
    return list(ReceiverContact.objects.filter(user=user).values_list("receiver_id", flat=True))


def referrals_for_contact(user):
    """The referrals sent to the receivers the person is a contact of, those waiting for a first contact first."""
    return (
        _with_people(Referral.objects.filter(receiver_id__in=contact_receiver_ids(user)))
        .annotate(waiting=Case(When(status=ReferralStatus.SENT, then=Value(0)), default=Value(1)))
        .order_by("waiting", "deadline_on", "id")
    )


def referral_for_contact(user, pk: int) -> Referral:
    return get_object_or_404(_with_people(Referral.objects.filter(receiver_id__in=contact_receiver_ids(user))), pk=pk)


def referrals_of_citizen(user):
    if not user.is_authenticated:
        return Referral.objects.none()
    return Referral.objects.filter(citizen=user).select_related("receiver", "municipality", "consent")


def course_of(referral: Referral):
    return referral.events.select_related("by").order_by("at", "id")


# --- Figures ----------------------------------------------------------------------------------------------------


def count_figure(value: int) -> Figure:
    return figure(value)


def share_figure(part: int, whole: int) -> Figure | None:
    """A percentage, hidden when it comes from fewer than 5 referrals; None without any."""
    if whole == 0:
        return None
    return figure(round(100 * part / whole), people=whole)


def median_figure(values: list[float]) -> Figure | None:
    if not values:
        return None
    median = round(statistics.median(values), 1)
    return figure(median, people=len(values), decimals=0 if float(median).is_integer() else 1)


@dataclass
class _Group:
    total: int = 0
    completed: int = 0
    declined: int = 0
    dropped_out: int = 0
    due: int = 0
    in_time: int = 0
    days_to_contact: list = None

    def __post_init__(self):
        self.days_to_contact = []

    def add(self, row: dict, today: datetime.date) -> None:
        self.total += 1
        status = row["status"]
        self.completed += status == ReferralStatus.COMPLETED
        self.declined += status == ReferralStatus.DECLINED
        self.dropped_out += status == ReferralStatus.DROPPED_OUT
        contacted_at = row["first_contact_at"]
        if contacted_at is not None:
            self.days_to_contact.append((contacted_at - row["received_at"]).total_seconds() / 86400)
            self.due += 1
            self.in_time += timezone.localdate(contacted_at) <= row["deadline_on"]
        elif row["deadline_on"] < today and status != ReferralStatus.WITHDRAWN:
            self.due += 1

    def figures(self) -> dict:
        return {
            "total": count_figure(self.total),
            "completed": count_figure(self.completed),
            "declined": count_figure(self.declined),
            "dropped_out": count_figure(self.dropped_out),
            "median_days": median_figure(self.days_to_contact),
            "in_time": share_figure(self.in_time, self.due),
        }


def _month_start(moment: datetime.datetime) -> datetime.date:
    return timezone.localdate(moment).replace(day=1)


def dashboard_figures(municipality, *, today: datetime.date | None = None) -> dict:
    """The municipality's figures: open, overdue and completed referrals, the share followed up in time, and per
    receiver and month (the last 12 months, by the month of receipt) the referrals, the median days to the first
    contact, the share within the deadline, completions, declines and drop-outs; declines and drop-outs by reason.
    Two queries whatever the number of referrals' rows returned."""
    today = today or timezone.localdate()
    current = Referral.objects.filter(municipality=municipality).aggregate(
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        overdue=Count("pk", filter=Q(status=ReferralStatus.SENT, deadline_on__lt=today)),
    )
    first_month = (today.replace(day=1) - datetime.timedelta(days=31 * (FIGURE_MONTHS - 1))).replace(day=1)
    since = timezone.make_aware(datetime.datetime.combine(first_month, datetime.time()))
    rows = Referral.objects.filter(municipality=municipality, received_at__gte=since).values(
        "receiver_id", "receiver__name", "received_at", "first_contact_at", "deadline_on", "status", "end_reason"
    )
    overall = _Group()
    groups: dict[tuple, _Group] = defaultdict(_Group)
    reasons = {reason: {"declined": 0, "dropped_out": 0} for reason in EndReason.values}
    for row in rows.iterator():
        overall.add(row, today)
        groups[(row["receiver__name"], row["receiver_id"], _month_start(row["received_at"]))].add(row, today)
        if row["status"] in (ReferralStatus.DECLINED, ReferralStatus.DROPPED_OUT) and row["end_reason"] in reasons:
            reasons[row["end_reason"]][row["status"]] += 1
    summary = overall.figures()
    months = [
        {"receiver": name, "month": month, **group.figures()}
        for (name, _pk, month), group in sorted(groups.items(), key=lambda item: (item[0][0], item[0][2]))
    ]
    reason_rows = [
        {
            "reason": EndReason(reason).label,
            "declined": count_figure(counts["declined"]),
            "dropped_out": count_figure(counts["dropped_out"]),
        }
        for reason, counts in reasons.items()
    ]
    # The columns add up to totals that can be worked out (completed is on the page; declines and drop-outs are in
    # both tables), so a hidden cell must not come back as a total minus the shown cells.
    _hide_complements(months, ("total", "completed", "declined", "dropped_out"))
    _hide_complements(reason_rows, ("declined", "dropped_out"))
    return {
        "since": first_month,
        "open": count_figure(current["open"]),
        "overdue": count_figure(current["overdue"]),
        "completed": summary["completed"],
        "in_time": summary["in_time"],
        "median_days": summary["median_days"],
        "total": summary["total"],
        "months": months,
        "reasons": reason_rows,
    }


def _hide_complements(rows: list[dict], columns) -> None:
    for column in columns:
        for row, cell in zip(rows, hide_complements([row[column] for row in rows]), strict=True):
            row[column] = cell
