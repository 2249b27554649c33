"""Reading activities for discovery: the upcoming dates with their filters, for the list, the calendar and the feeds."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from sammen.activities.models import Activity, Occurrence, SignUp, SignUpStatus, shown
from sammen.associations.models import Association
from sammen.core.calendar import COPENHAGEN
from sammen.search.queries import filter_by_text
from sammen.taxonomy.models import Category, Term

FEW_ACTIVITIES = 500


@dataclass
class Filters:
    """What a person (or a municipality's web site, through a feed) narrows the dates by; empty means "all"."""

    municipality_ids: list[int] = field(default_factory=list)
    starts_from: datetime.datetime | None = None
    until: datetime.datetime | None = None
    category: Category | None = None
    target_groups: list[Term] = field(default_factory=list)
    accessibility: list[Term] = field(default_factory=list)
    association: Association | None = None
    text: str = ""


CARD_FIELDS = [
    "starts_at",
    "ends_at",
    "capacity",
    "signup_deadline",
    "cancelled_at",
    "cancel_reason",
    "municipality",
    "activity__title",
    "activity__description",
    "activity__category",
    "activity__unit",
    "activity__address",
    "activity__postal_code",
    "activity__online_url",
    "activity__price",
    "activity__signup_required",
    "activity__cancelled_at",
    "activity__association__name",
    "activity__created_by__display_name",
]


def upcoming_occurrences(filters: Filters | None = None, *, activity: Activity | None = None) -> QuerySet:
    """The dates anyone may see, from ``filters.starts_from`` (default: now), earliest first.

    Dates of hidden or wholly cancelled activities are left out; a single cancelled date stays in the list (with
    ``cancelled_at`` set) so that people who planned to come see that it is off. Each date carries
    ``seats_left`` (``None`` without a limit; below zero if the capacity was lowered under the number signed up),
    counted in the same SQL query.

    Target groups match if the activity has any of them ("for people aged 85 and over or for relatives");
    accessibility features must all be there, because someone who needs step-free access and a hearing loop
    needs both.
    """
    filters = filters or Filters()
    occurrences = Occurrence.objects.filter(
        shown("activity__"),
        activity__cancelled_at__isnull=True,
        starts_at__gte=filters.starts_from or timezone.now(),
    )
    if activity is not None:
        occurrences = occurrences.filter(activity=activity)
    if filters.until is not None:
        occurrences = occurrences.filter(starts_at__lt=filters.until)
    if filters.municipality_ids:
        occurrences = occurrences.filter(municipality_id__in=filters.municipality_ids)
    if filters.category is not None:
        occurrences = occurrences.filter(activity__category=filters.category)
    if filters.association is not None:
        occurrences = occurrences.filter(activity__association=filters.association)
    if filters.target_groups:
        tagged = Activity.target_groups.through.objects.filter(term__in=filters.target_groups)
        occurrences = occurrences.filter(activity_id__in=tagged.values("activity_id"))
    for feature in filters.accessibility:
        tagged = Activity.accessibility.through.objects.filter(term=feature)
        occurrences = occurrences.filter(activity_id__in=tagged.values("activity_id"))
    if filters.text.strip():
        occurrences = _matching_text(occurrences, filters.text)
    return with_seats(occurrences).order_by("starts_at", "id")


def _matching_text(occurrences: QuerySet, text: str) -> QuerySet:
    """Dates of the activities the shared search finds for ``text``.

    PostgreSQL's planner knows from its statistics how common a word is, and picks between "fetch the few
    matching activities' dates and sort them" and "walk the dates in order, checking each one's activity" by
    itself. SQLite cannot tell, so one query (which stops counting at FEW_ACTIVITIES) decides for it: a rare word's
    dates are fetched by activity; for a common word the dates are walked in order, which stops when the page is
    full instead of first collecting and sorting every date of every match.
    """
    matching = filter_by_text(Activity.objects.all(), text).order_by()
    if connections[occurrences.db].vendor != "sqlite":
        return occurrences.filter(activity_id__in=matching.values("pk"))
    few = list(matching.values_list("pk", flat=True)[: FEW_ACTIVITIES + 1])
    if len(few) <= FEW_ACTIVITIES:
        return occurrences.filter(activity_id__in=few)
    return occurrences.filter(Exists(matching.filter(pk=OuterRef("activity_id"))))


def with_seats(occurrences: QuerySet) -> QuerySet:
    """The columns a date's card and the feeds show (and no others: building the rows' objects is most of the
    cost of a page), with the seats left counted per row, which the database does for the page's rows only.

    The small tables (categories, municipalities, municipal units) are fetched in one query each rather than
    joined: every join more makes PostgreSQL's planner take milliseconds longer on every page.
    """
    return (
        occurrences.select_related("activity__association", "activity__created_by")
        .prefetch_related("municipality", "activity__category", "activity__unit__municipality")
        .only(*CARD_FIELDS)
        .annotate(seats_left=F("capacity") - _confirmed_count())
    )


def _confirmed_count():
    """The number of confirmed sign-ups of each row's date, as an expression the database counts per row."""
    confirmed = (
        SignUp.objects.filter(occurrence=OuterRef("pk"), status=SignUpStatus.CONFIRMED)
        .order_by()
        .values("occurrence")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(confirmed, output_field=IntegerField()), 0)


def local_day_start(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day`` in Copenhagen, as an aware datetime (23 or 25 hours apart at DST)."""
    return datetime.datetime.combine(day, datetime.time(), tzinfo=COPENHAGEN)


def month_bounds(year: int, month: int) -> tuple[datetime.datetime, datetime.datetime]:
    first = datetime.date(year, month, 1)
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return local_day_start(first), local_day_start(following)


def by_local_day(occurrences: Iterable[Occurrence]) -> list[tuple[datetime.date, list[Occurrence]]]:
    """Dates grouped by their day in Copenhagen, in the order given (which is by start)."""
    days: list[tuple[datetime.date, list[Occurrence]]] = []
    for occurrence in occurrences:
        day = timezone.localtime(occurrence.starts_at, COPENHAGEN).date()
        if days and days[-1][0] == day:
            days[-1][1].append(occurrence)
        else:
            days.append((day, [occurrence]))
    return days


def only_visible_activity(pk: int) -> Activity | None:
    return Activity.objects.visible().filter(pk=pk).first()


ASSOCIATION_PROFILE_DATES = 10


def upcoming_dates_of_association(association, *, limit: int = ASSOCIATION_PROFILE_DATES):
    """The next dates of the association's visible activities that are not cancelled (also those going on now)."""
    return list(
        Occurrence.objects.filter(
            activity__association=association,
            activity__hidden_at__isnull=True,
            activity__cancelled_at__isnull=True,
            cancelled_at__isnull=True,
            ends_at__gt=timezone.now(),
        )
        .select_related("activity")
        .order_by("starts_at", "id")[:limit]
    )


# --- The activity's pages ---------------------------------------------------------------------------------------


def activity_for_page(pk: int) -> Activity:
    """A shown activity with what its page and forms need, or 404."""
    activities = (
        Activity.objects.filter(shown())
        .select_related("category", "association", "unit__municipality", "created_by", "municipality")
        .prefetch_related("target_groups", "accessibility")
    )
    return get_object_or_404(activities, pk=pk)


def occurrence_for_organiser(pk: int) -> Occurrence:
    """A date of a shown activity with what the organiser's checks need, or 404."""
    return get_object_or_404(
        Occurrence.objects.select_related("activity__association", "activity__unit__municipality"),
        shown("activity__"),
        pk=pk,
    )


def shown_occurrence(pk: int) -> Occurrence:
    return get_object_or_404(Occurrence, shown("activity__"), pk=pk)


def live_signups(occurrence: Occurrence) -> list[SignUp]:
    """Everyone signed up or waiting for the date, in the order they came (the waiting list's order)."""
    return list(
        SignUp.objects.filter(occurrence=occurrence)
        .exclude(status=SignUpStatus.CANCELLED)
        .select_related("user")
        .order_by("created_at", "id")
    )


def _waiting_before(created_at, pk) -> Q:
    return Q(created_at__lt=created_at) | Q(created_at=created_at, pk__lt=pk)


def waiting_ahead_of(signup: SignUp) -> QuerySet[SignUp]:
    """Those before the sign-up on its date's waiting list: the waiting list is in the order people came."""
    return SignUp.objects.filter(occurrence_id=signup.occurrence_id, status=SignUpStatus.WAITLISTED).filter(
        _waiting_before(signup.created_at, signup.pk)
    )


def my_signups(user, occurrence_ids: list[int]) -> dict[int, SignUp]:
    """The person's live sign-ups for these dates, each with ``position`` on the waiting list (one query)."""
    if not user.is_authenticated or not occurrence_ids:
        return {}
    ahead = (
        SignUp.objects.filter(occurrence=OuterRef("occurrence"), status=SignUpStatus.WAITLISTED)
        .filter(_waiting_before(OuterRef("created_at"), OuterRef("pk")))
        .order_by()
        .values("occurrence")
        .annotate(count=Count("pk"))
        .values("count")
    )
    signups = (
        SignUp.objects.filter(user=user, occurrence_id__in=occurrence_ids)
        .exclude(status=SignUpStatus.CANCELLED)
        .annotate(ahead=Coalesce(Subquery(ahead, output_field=IntegerField()), 0))
    )
    mine = {}
    for signup in signups:
        signup.position = signup.ahead + 1
        mine[signup.occurrence_id] = signup
    return mine


def dates_for_page(activity: Activity, user, *, limit: int) -> list[Occurrence]:
    """The activity's coming dates, each with ``seats_left``, ``signup_closed`` and the person's ``my_signup``."""
    now = timezone.now()
    dates = list(
        activity.occurrences.filter(ends_at__gt=now)
        .annotate(confirmed_count=_confirmed_count())
        .order_by("starts_at", "id")[:limit]
    )
    mine = my_signups(user, [occurrence.pk for occurrence in dates])
    for occurrence in dates:
        occurrence.activity = activity  # one activity object for every date, with its prefetched terms
        occurrence.seats_left = occurrence.free_seats(occurrence.confirmed_count)
        occurrence.my_signup = mine.get(occurrence.pk)
        occurrence.signup_closed = occurrence.signup_closed_because(now) is not None
    return dates


def signups_of(user, *, limit: int = 100) -> list[SignUp]:
    """The person's sign-ups for dates that have not ended, soonest first."""
    return list(
        SignUp.objects.filter(shown("occurrence__activity__"), user=user, occurrence__ends_at__gt=timezone.now())
        .exclude(status=SignUpStatus.CANCELLED)
        .select_related("occurrence__activity", "occurrence__municipality")
        .order_by("occurrence__starts_at", "id")[:limit]
    )


def organised_by(user, *, represented, units) -> QuerySet[Activity]:
    """What the person organises: in their own name, for the associations they represent, for their units."""
    return (
        Activity.objects.filter(shown())
        .filter(
            Q(created_by=user, association__isnull=True, unit__isnull=True)
            | Q(association__in=represented)
            | Q(unit__in=units.values("pk"))
        )
        .select_related("association", "unit__municipality", "created_by", "municipality")
        .order_by("-created_at", "-id")
    )
