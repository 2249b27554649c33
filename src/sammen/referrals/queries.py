"""Reads of referrals: for the referrers of a municipality, for a receiver's contacts, for the citizen, and the
municipality's figures (no figure from fewer than 5 referrals: ``sammen.core.figures``)."""

import datetime
import statistics
from collections import defaultdict

from django.core.cache import cache
from django.db.models import Case, Count, F, FloatField, Func, IntegerField, Q, Value, When, Window
from django.db.models.functions import RowNumber, TruncDate
from django.db.models.lookups import LessThanOrEqual
from django.shortcuts import get_object_or_404
from django.utils import timezone

from sammen.core.figures import Figure, figure, hide_complements
from sammen.core.paging import Page, page_without_count
from sammen.referrals.models import (
    OPEN_STATUSES,
    ApiKey,
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


def page_of(referrals, raw_number, *, size: int) -> Page:
    """A page of ``referrals`` in two queries: the page's ids from the index alone, then those rows with their
    people. Sorting a big municipality's open referrals with every joined row would cost many times more."""
    ids = page_without_count(referrals.values_list("pk", flat=True), raw_number, size=size)
    rows = _with_people(Referral.objects.filter(pk__in=ids.items)).in_bulk()
    return Page(items=[rows[pk] for pk in ids.items if pk in rows], number=ids.number, has_next=ids.has_next)


def referral_for_referrer(municipality, pk: int) -> Referral:
    return get_object_or_404(_with_people(Referral.objects.filter(municipality=municipality)), pk=pk)


def receivers_of(municipality):
    return Receiver.objects.filter(municipality=municipality).prefetch_related("contacts__user").order_by("name")


def api_keys_of(municipality):
    return ApiKey.objects.filter(municipality=municipality).select_related("sender", "created_by")


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


class _Days(Func):
    """The days (with their fraction) from the second datetime to the first, worked out by the database."""

    arity = 2
    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra):
        template = "(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0)::double precision"
        return super().as_sql(compiler, connection, template=template, arg_joiner=" - ", **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler, connection, template="(julianday(%(expressions)s))", arg_joiner=") - julianday(", **extra
        )


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def _months_since(first_month: datetime.date, today: datetime.date) -> list[datetime.date]:
    months = [first_month]
    while (following := (months[-1] + datetime.timedelta(days=31)).replace(day=1)) <= today:
        months.append(following)
    return months


def _month_of_receipt(months: list[datetime.date]) -> Case:
    """The month of receipt (local time) as its index in ``months``, by comparing with the months' first moments, so
    that the database needs no time zone arithmetic for each row."""
    whens = [When(received_at__gte=_local_midnight(month), then=Value(index)) for index, month in enumerate(months)]
    return Case(*reversed(whens), default=Value(-1), output_field=IntegerField())


def _medians(contacted, partition: list) -> dict:
    """The median days to the first contact of each partition of ``contacted``: the database ranks the rows and
    returns only the middle one or two of each, whatever the number of referrals."""
    ranked = contacted.annotate(
        rank=Window(RowNumber(), partition_by=partition or None, order_by=[F("days").asc(), F("pk").asc()]),
        of=Window(Count("pk"), partition_by=partition or None),
    ).filter(rank__gte=(F("of") + 1) / 2, rank__lte=F("of") / 2 + 1)
    middles: dict[tuple, list] = defaultdict(list)
    counts: dict[tuple, int] = {}
    names = [expression.name for expression in partition]
    for row in ranked.values(*names, "days", "of"):
        key = tuple(row[name] for name in names)
        middles[key].append(row["days"])
        counts[key] = row["of"]
    return {key: (sum(values) / len(values), counts[key]) for key, values in middles.items()}


def _median_figure(median: tuple[float, int] | None) -> Figure | None:
    if median is None:
        return None
    value, people = median
    value = round(value, 1)
    return figure(value, people=people, decimals=0 if float(value).is_integer() else 1)


def _group_figures(row: dict, median: tuple[float, int] | None) -> dict:
    return {
        "total": count_figure(row["total"]),
        "completed": count_figure(row["completed"]),
        "declined": count_figure(row["declined"]),
        "dropped_out": count_figure(row["dropped_out"]),
        "median_days": _median_figure(median),
        "in_time": share_figure(row["in_time"], row["due"]),
    }


def dashboard_figures(municipality, *, today: datetime.date | None = None) -> dict:
    """The municipality's figures: open, overdue and completed referrals, the share followed up in time, and per
    receiver and month (the last 12 months, by the month of receipt) the referrals, the median days to the first
    contact, the share within the deadline, completions, declines and drop-outs; declines and drop-outs by reason.
    Five queries, each counted or ranked by the database, whatever the number of referrals (see
    ``cached_dashboard_figures`` for the dashboard's)."""
    today = today or timezone.localdate()
    current = Referral.objects.filter(municipality=municipality).aggregate(
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        overdue=Count("pk", filter=Q(status=ReferralStatus.SENT, deadline_on__lt=today)),
    )
    first_month = (today.replace(day=1) - datetime.timedelta(days=31 * (FIGURE_MONTHS - 1))).replace(day=1)
    months = _months_since(first_month, today)
    recent = Referral.objects.filter(municipality=municipality, received_at__gte=_local_midnight(first_month))
    recent = recent.annotate(month=_month_of_receipt(months))
    ended = (ReferralStatus.DECLINED, ReferralStatus.DROPPED_OUT)
    contacted = Q(first_contact_at__isnull=False)
    first_contact_on = TruncDate("first_contact_at", tzinfo=timezone.get_current_timezone())
    # Counted by receiver, month, status and reason (a few hundred rows), and added up here.
    counted = (
        recent.values("receiver_id", "month", "status", "end_reason")
        .annotate(
            total=Count("pk"),
            due=Count("pk", filter=contacted | (Q(deadline_on__lt=today) & ~Q(status=ReferralStatus.WITHDRAWN))),
            in_time=Count("pk", filter=contacted & LessThanOrEqual(first_contact_on, F("deadline_on"))),
        )
        .order_by()
    )
    names = dict(Receiver.objects.filter(municipality=municipality).values_list("pk", "name"))
    by_group: dict[tuple, dict] = {}
    reasons = {reason: {status: 0 for status in ended} for reason in EndReason.values}
    for row in counted:
        key = (row["receiver_id"], row["month"])
        group = by_group.setdefault(
            key,
            {"receiver_id": key[0], "receiver__name": names.get(key[0], ""), "month": key[1]}
            | dict.fromkeys(("total", "completed", "declined", "dropped_out", "due", "in_time"), 0),
        )
        for name in ("total", "due", "in_time"):
            group[name] += row[name]
        if row["status"] in (ReferralStatus.COMPLETED, *ended):
            group[row["status"]] += row["total"]
        if row["status"] in ended and row["end_reason"] in reasons:
            reasons[row["end_reason"]][row["status"]] += row["total"]
    groups = list(by_group.values())
    with_days = recent.filter(contacted).annotate(days=_Days(F("first_contact_at"), F("received_at")))
    medians = _medians(with_days, [F("receiver_id"), F("month")])
    overall_median = _medians(with_days, []).get(())
    overall = {name: sum(group[name] for group in groups) for name in ("total", "completed", "in_time", "due")}
    summary = _group_figures(overall | {"declined": 0, "dropped_out": 0}, overall_median)
    rows = sorted(groups, key=lambda group: (group["receiver__name"], group["month"]))
    month_rows = [
        {
            "receiver": group["receiver__name"],
            "month": months[group["month"]],
            **_group_figures(group, medians.get((group["receiver_id"], group["month"]))),
        }
        for group in rows
    ]
    reason_rows = [
        {
            "reason": EndReason(reason).label,
            "declined": count_figure(counts[ReferralStatus.DECLINED]),
            "dropped_out": count_figure(counts[ReferralStatus.DROPPED_OUT]),
        }
        for reason, counts in reasons.items()
    ]
    # The columns add up to totals that can be worked out (completed is on the page; declines and drop-outs are in
    # both tables), so a hidden cell must not come back as a total minus the shown cells.
    _hide_complements(month_rows, ("total", "completed", "declined", "dropped_out"))
    _hide_complements(reason_rows, ("declined", "dropped_out"))
    return {
        "since": first_month,
        "open": count_figure(current["open"]),
        "overdue": count_figure(current["overdue"]),
        "completed": summary["completed"],
        "in_time": summary["in_time"],
        "median_days": summary["median_days"],
        "total": summary["total"],
        "months": month_rows,
        "reasons": reason_rows,
    }


def _hide_complements(rows: list[dict], columns) -> None:
    for column in columns:
        for row, cell in zip(rows, hide_complements([row[column] for row in rows]), strict=True):
            row[column] = cell


FIGURES_CACHE_SECONDS = 300


def cached_dashboard_figures(municipality) -> dict:
    """``dashboard_figures`` for the dashboard, cached: counting a year of a big municipality's referrals takes
    longer than a page may. The key holds the latest change (one read of the end of an index): a new referral and
    every step of one sets ``changed_at``, so they show at once; the retention purge removes only referrals older than
    the figures; a receiver's new name shows within five minutes."""
    today = timezone.localdate()
    latest = (
        Referral.objects.filter(municipality=municipality)
        .order_by("-changed_at", "-pk")
        .values_list("changed_at", "pk")
        .first()
    )
    changed = f"{latest[0].isoformat()}:{latest[1]}" if latest else "-"
    key = f"referrals:figures:{municipality.pk}:{today.isoformat()}:{changed}"
    figures = cache.get(key)
    if figures is None:
        figures = dashboard_figures(municipality, today=today)
        cache.set(key, figures, FIGURES_CACHE_SECONDS)
    return figures
