"""The opportunities' figures for the status report (``sammen.core.report``): the citizens a job consultant has
worked with, and where they stand today in the words of the Kolding AKTIV report (seed 004). A course keeps no
history of its states by date, so where they stand is today's, with no comparison. Hidden under 5, and more groups
hidden where the total would give a small one away."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from sammen.core.figures import figure, hide_complements
from sammen.core.report import Row, comparison_window, register
from sammen.opportunities.models import Course
from sammen.opportunities.queries import FIGURE_GROUPS

TODAY = _("as they stand today")


def course_rows(municipality, first, last, compared) -> list[Row]:
    """Courses started in the period (and in the comparison), and those started by its last day by their state
    today. One query."""
    compared_first, compared_last = comparison_window(first, last, compared)
    courses = Course.objects.filter(started_on__lte=max(last, compared_last))
    if municipality is not None:
        courses = courses.filter(municipality=municipality)
    counts = {
        "now": Count("pk", filter=Q(started_on__gte=first, started_on__lte=last)),
        "then": Count("pk", filter=Q(started_on__gte=compared_first, started_on__lte=compared_last)),
        "by_last": Count("pk", filter=Q(started_on__lte=last)),
    }
    for index, (_label, statuses) in enumerate(FIGURE_GROUPS):
        counts[f"group_{index}"] = Count("pk", filter=Q(started_on__lte=last, status__in=statuses))
    totals = courses.aggregate(**counts)
    groups = [figure(totals[f"group_{index}"]) for index in range(len(FIGURE_GROUPS))]
    total = figure(totals["by_last"])
    groups = hide_complements(groups) if total.shown else groups
    return [
        Row(_("Citizens who began a course with a job consultant"), figure(totals["now"]), figure(totals["then"])),
        Row(_("Citizens in contact, all in all"), total, None, note=TODAY),
        *(Row(label, cell, None, note=TODAY) for (label, _statuses), cell in zip(FIGURE_GROUPS, groups, strict=True)),
    ]


register("opportunities", title=_("Opportunities for citizens outside the labour market"), order=85, rows=course_rows)
