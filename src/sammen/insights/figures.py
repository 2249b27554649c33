"""The status report: the general figures about a municipality's citizens on Sammen (registered, share of the
citizens over 14, growth, mean age, age bands, looking at other municipalities' bubbles, the top search terms),
the sections every programme registers in ``sammen.core.report``, growth by month and the comparison of the
participating municipalities.

Who counts: a registered citizen is an active account that lives in the municipality and is neither a platform
administrator nor holds a staff role. Every figure goes through ``sammen.core.figures``: anything from 1 to 4
people reads "under 5", shares and means from fewer than 5 people too, and where a total is shown one more cell
is hidden so that the hidden one cannot be worked out.

Every figure comes from GROUP BY queries: the report costs the same number of queries whatever the data.
"""

import datetime
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db.models import Count, DateField, Exists, OuterRef, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from sammen.accounts.models import TargetGroupAnswers, User
from sammen.bubbles.models import Bubble, CrossMunicipalityViewing
from sammen.core.calendar import COPENHAGEN
from sammen.core.figures import FEWEST_PEOPLE, Figure, figure, hide_complements
from sammen.core.report import Row, comparison_window, day_end, day_start, register, sections, windows
from sammen.municipalities.models import Municipality, StaffMembership
from sammen.search.queries import top_search_terms

# (label, youngest, oldest) of the target groups' age bands; None: no upper bound.
AGE_BANDS = [("15–29", 15, 29), ("30–64", 30, 64), ("65–84", 65, 84), ("85+", 85, None)]
TOP_TERMS = 5


def citizens(municipality: Municipality | None):
    """The registered citizens (see the module's docstring) of a municipality, or of Denmark."""
    people = User.objects.filter(is_active=True, is_superuser=False, municipality__isnull=False).exclude(
        Exists(StaffMembership.objects.filter(user=OuterRef("pk")))
    )
    return people if municipality is None else people.filter(municipality=municipality)


def _age_on(born: datetime.date, day: datetime.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


# --- The general sections ---------------------------------------------------------------------------------------


def citizen_rows(municipality, first, last, compared) -> list[Row]:
    """Registered citizens at the end of the last day and of the comparison date, their share of the citizens
    over 14 (the population figure staff enter), and the growth between the two. One query (two for Denmark)."""
    totals = citizens(municipality).aggregate(
        now=Count("pk", filter=Q(date_joined__lt=day_end(last))),
        then=Count("pk", filter=Q(date_joined__lt=day_end(compared))),
    )
    now, then = totals["now"], totals["then"]
    growth = now - then
    # Now = then + growth: hide one more of the three where one is hidden, or it could be worked out.
    then_figure, growth_figure = hide_complements([figure(then), figure(growth, people=abs(growth))])
    now_figure = figure(now)
    if now_figure.hidden:
        growth_figure = Figure(growth, hidden=True)

    rows = [Row(_("Registered citizens living in the municipality"), now_figure, then_figure)]
    if municipality is None:
        population, counted = _national_population(last, compared)
    else:
        population = municipality.population_over_14
        counted = {"now": now, "then": then}
    if population:
        rows.append(
            Row(
                _("Share of the citizens over 14 (%)"),
                figure(100 * counted["now"] / population, people=now, decimals=1),
                Figure(100 * counted["then"] / population, hidden=then_figure.hidden, decimals=1),
            )
        )
    else:
        rows.append(Row(_("Share of the citizens over 14 (%)"), None, note=_("No population figure entered yet.")))
    rows.append(Row(_("Growth since the comparison date"), growth_figure))
    return rows


def _national_population(last, compared) -> tuple[int, dict]:
    """Denmark's citizens over 14 in the municipalities that entered a figure, and the registered citizens of
    those municipalities (so that the share compares like with like). One query."""
    entered = Municipality.objects.filter(population_over_14__isnull=False)
    population = sum(entered.values_list("population_over_14", flat=True))
    counted = (
        citizens(None)
        .filter(municipality__population_over_14__isnull=False)
        .aggregate(
            now=Count("pk", filter=Q(date_joined__lt=day_end(last))),
            then=Count("pk", filter=Q(date_joined__lt=day_end(compared))),
        )
    )
    return population, counted


# Reads that two sections share (the birth dates: mean age and age bands), kept for one ``status_report`` call.
_REPORT_READS: ContextVar[dict | None] = ContextVar("report_reads", default=None)


def _birth_dates(municipality, last, compared) -> list[tuple[datetime.date, int, int]]:
    """(date of birth, citizens registered at the end of the period, at the comparison date): one query, once per
    report."""
    reads = _REPORT_READS.get()
    key = ("births", getattr(municipality, "pk", None), last, compared)
    if reads is not None and key in reads:
        return reads[key]
    births = list(
        citizens(municipality)
        .filter(date_of_birth__isnull=False, date_joined__lt=day_end(max(last, compared)))
        .values_list("date_of_birth")
        .annotate(
            now=Count("pk", filter=Q(date_joined__lt=day_end(last))),
            then=Count("pk", filter=Q(date_joined__lt=day_end(compared))),
        )
        .order_by()
    )
    if reads is not None:
        reads[key] = births
    return births


def _mean_age(births, index: int, day: datetime.date) -> Figure:
    people = sum(row[index] for row in births)
    total = sum(_age_on(row[0], day) * row[index] for row in births)
    return figure(total / people if people else 0, people=people, decimals=1)


def use_rows(municipality, first, last, compared) -> list[Row]:
    """Mean age of the registered citizens (from the birth dates they gave), and the share of the citizens who
    looked at bubbles in the period that also looked at bubbles from other municipalities (bubbles.services
    records a yes or no per person and month, nothing else). Two queries."""
    births = _birth_dates(municipality, last, compared)
    compared_first, _compared_last = comparison_window(first, last, compared)
    viewings = CrossMunicipalityViewing.objects.all()
    if municipality is not None:
        viewings = viewings.filter(municipality=municipality)
    counts = {}
    for name, lower, upper in (("now", first, last), ("then", compared_first, compared)):
        months = Q(month__gte=lower.replace(day=1), month__lte=upper)
        counts[f"{name}_viewers"] = Count("user", distinct=True, filter=months)
        counts[f"{name}_other"] = Count("user", distinct=True, filter=months & Q(viewed_other=True))
    looked = viewings.aggregate(**counts)

    def share(name):
        viewers = looked[f"{name}_viewers"]
        return figure(100 * looked[f"{name}_other"] / viewers if viewers else 0, people=viewers, decimals=1)

    return [
        Row(_("Mean age of registered citizens"), _mean_age(births, 1, last), _mean_age(births, 2, compared)),
        Row(_("Share of users who look at bubbles in other municipalities (%)"), share("now"), share("then")),
    ]


def age_band_rows(municipality, first, last, compared) -> list[Row]:
    """The registered citizens with a birth date in the target groups' age bands, at the end of the period and at
    the comparison date; a column's hidden cells are complemented (the total is shown). The birth dates of the
    mean age (``use_rows``), and one query for the target groups."""
    births = _birth_dates(municipality, last, compared)
    columns = []
    for index, day in ((1, last), (2, compared)):
        counts = [0] * len(AGE_BANDS)
        for row in births:
            age = _age_on(row[0], day)
            for band, (_label, youngest, oldest) in enumerate(AGE_BANDS):
                if age >= youngest and (oldest is None or age <= oldest):
                    counts[band] += row[index]
        columns.append(hide_complements([figure(count) for count in counts]))
    rows = [Row(label, now, then) for (label, *_bounds), now, then in zip(AGE_BANDS, *columns, strict=True)]
    total = [sum(cell.value for cell in column) for column in columns]
    rows.append(Row(_("All with a date of birth"), figure(total[0]), figure(total[1])))
    return rows + target_group_rows(municipality, last)


# The voluntary answers in the profile (sammen.accounts.target_groups): the label of each group's row.
TARGET_GROUPS = [
    ("other_ethnic_background", _("Of them: another ethnic background than Danish")),
    ("psychologically_vulnerable", _("Of them: psychologically vulnerable")),
    ("outside_education_or_work", _("Of them: outside education and the labour market")),
]


def target_group_rows(municipality, last) -> list[Row]:
    """The registered citizens (at the end of the period) who answered the voluntary questions about target groups
    by then, and how many said yes to each. A person can change or remove their answers, and no history is kept, so
    the answers are counted as they stand today and there is no comparison. A yes is hidden where the answered
    total would give away a small number who did not say yes. One query."""
    counts = TargetGroupAnswers.objects.filter(
        user__in=citizens(municipality).filter(date_joined__lt=day_end(last)).values("pk"),
        consented_at__lt=day_end(last),
    ).aggregate(answered=Count("pk"), **{name: Count("pk", filter=Q(**{name: True})) for name, _label in TARGET_GROUPS})
    answered = figure(counts["answered"])
    rows = [Row(_("Citizens who answered the voluntary questions about target groups"), answered)]
    for name, label in TARGET_GROUPS:
        said_yes, _others = hide_complements([figure(counts[name]), figure(counts["answered"] - counts[name])])
        rows.append(Row(label, said_yes))
    return rows


def search_term_rows(municipality, first, last, compared) -> list[Row]:
    """The most searched terms in the period, each searched at least 5 times (``search.queries``: the counts keep
    no trace of who searched). One query."""
    terms = top_search_terms(municipality=municipality, since=first, until=last, limit=TOP_TERMS, minimum=FEWEST_PEOPLE)
    return [Row(term, Figure(count)) for term, count in terms]


def register_general_sections() -> None:
    register("citizens", title=_("Citizens on Sammen"), order=10, rows=citizen_rows)
    register("use", title=_("How citizens use Sammen"), order=30, rows=use_rows)
    register("age_bands", title=_("Age of registered citizens"), order=35, rows=age_band_rows)
    register("search_terms", title=_("Top 5 search terms"), order=40, rows=search_term_rows)


# --- Growth by month and the comparison of municipalities ------------------------------------------------------


@dataclass(frozen=True)
class MonthRow:
    month: datetime.date
    joined: Figure


@dataclass(frozen=True)
class MunicipalityRow:
    municipality: Municipality
    citizens: Figure
    share_over_14: Figure | None
    bubbles: Figure
    response_rate: Figure


@dataclass
class SectionFigures:
    key: str
    title: str
    rows: list[Row]


@dataclass
class Report:
    municipality: Municipality | None
    first: datetime.date
    last: datetime.date
    compared: datetime.date
    compared_first: datetime.date
    sections: list[SectionFigures]
    months: list[MonthRow]
    joined_in_period: Figure
    comparison: list[MunicipalityRow] = field(default_factory=list)

    def section(self, key: str) -> SectionFigures | None:
        return next((section for section in self.sections if section.key == key), None)


def _months(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def growth_by_month(municipality, first, last) -> tuple[list[MonthRow], Figure]:
    """New registered citizens in each month of the period, and in all; a month from 1 to 4 people is hidden,
    and one more where needed so that the total does not give it back. One query."""
    joined = {
        (row["month"].date() if isinstance(row["month"], datetime.datetime) else row["month"]): row["n"]
        for row in citizens(municipality)
        .filter(date_joined__gte=day_start(first), date_joined__lt=day_end(last))
        .annotate(month=TruncMonth("date_joined", tzinfo=COPENHAGEN, output_field=DateField()))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    }
    months = _months(first, last)
    cells = hide_complements([figure(joined.get(month, 0)) for month in months])
    total = sum(joined.values())
    return [MonthRow(month, cell) for month, cell in zip(months, cells, strict=True)], figure(total)


def compare_municipalities(first, last) -> list[MunicipalityRow]:
    """The participating municipalities' totals side by side: registered citizens and their share of the citizens
    over 14, bubbles created in the period and their response rate. Totals only, never people. Three queries."""
    (start, end), _comparison = windows(first, last, last)
    municipalities = list(Municipality.objects.participating(last).order_by("name"))
    ids = [municipality.pk for municipality in municipalities]
    registered = dict(
        citizens(None)
        .filter(municipality__in=ids, date_joined__lt=end)
        .values_list("municipality")
        .annotate(n=Count("pk"))
        .order_by()
    )
    bubbles = {
        row["municipality"]: row
        for row in Bubble.objects.filter(municipality__in=ids, created_at__gte=start, created_at__lt=end)
        .values("municipality")
        .annotate(
            n=Count("pk"),
            authors=Count("author", distinct=True),
            answered=Count("pk", filter=Q(answered_at__isnull=False)),
        )
        .order_by()
    }
    rows = []
    for municipality in municipalities:
        people = registered.get(municipality.pk, 0)
        made = bubbles.get(municipality.pk, {"n": 0, "authors": 0, "answered": 0})
        population = municipality.population_over_14
        rows.append(
            MunicipalityRow(
                municipality=municipality,
                citizens=figure(people),
                share_over_14=figure(100 * people / population, people=people, decimals=1) if population else None,
                bubbles=figure(made["n"], people=made["authors"]),
                response_rate=figure(
                    100 * made["answered"] / made["n"] if made["n"] else 0, people=made["authors"], decimals=1
                ),
            )
        )
    return rows


def status_report(
    municipality: Municipality | None, *, first: datetime.date, last: datetime.date, compared: datetime.date
) -> Report:
    """The whole report for a municipality (or Denmark, for ``None``): every registered section in its order,
    growth by month and the comparison of the participating municipalities."""
    token = _REPORT_READS.set({})
    try:
        return _status_report(municipality, first, last, compared)
    finally:
        _REPORT_READS.reset(token)


def _status_report(municipality, first, last, compared) -> Report:
    months, joined = growth_by_month(municipality, first, last)
    return Report(
        municipality=municipality,
        first=first,
        last=last,
        compared=compared,
        compared_first=comparison_window(first, last, compared)[0],
        sections=[
            SectionFigures(section.key, str(section.title), section.rows(municipality, first, last, compared))
            for section in sections()
        ],
        months=months,
        joined_in_period=joined,
        comparison=compare_municipalities(first, last),
    )
