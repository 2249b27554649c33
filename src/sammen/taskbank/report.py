"""The task bank's figures for the status report (``sammen.core.report``): tasks, their volunteers and the hours
the organisers confirmed."""

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from sammen.core.figures import Figure, figure
from sammen.core.report import Row, comparison_window, register
from sammen.taskbank.models import OfferStatus, Task, TaskStatus


def task_rows(municipality, first, last, compared) -> list[Row]:
    """Published tasks that start in the period (public, shown as they are), the volunteers accepted for them and
    the hours confirmed (both hidden under 5 volunteers). One query."""
    compared_first, compared_last = comparison_window(first, last, compared)
    tasks = Task.objects.filter(status=TaskStatus.PUBLISHED)
    if municipality is not None:
        tasks = tasks.filter(municipality=municipality)
    accepted = Q(offers__status=OfferStatus.ACCEPTED)
    confirmed = Q(offers__hours__isnull=False)
    counts = {}
    for name, lower, upper in (("now", first, last), ("then", compared_first, compared_last)):
        starts = Q(starts_on__gte=lower, starts_on__lte=upper)
        counts[f"{name}_tasks"] = Count("pk", distinct=True, filter=starts)
        counts[f"{name}_volunteers"] = Count("offers__volunteer", distinct=True, filter=starts & accepted)
        counts[f"{name}_hours"] = Sum("offers__hours", filter=starts & confirmed)
        counts[f"{name}_confirmed"] = Count("offers__volunteer", distinct=True, filter=starts & confirmed)
    totals = tasks.filter(
        Q(starts_on__gte=first, starts_on__lte=last) | Q(starts_on__gte=compared_first, starts_on__lte=compared_last)
    ).aggregate(**counts)

    def hours(name):
        return figure(float(totals[f"{name}_hours"] or 0), people=totals[f"{name}_confirmed"], decimals=1)

    return [
        Row(_("Tasks"), Figure(totals["now_tasks"]), Figure(totals["then_tasks"])),
        Row(_("Volunteers"), figure(totals["now_volunteers"]), figure(totals["then_volunteers"])),
        Row(_("Hours confirmed"), hours("now"), hours("then")),
    ]


register("taskbank", title=_("Volunteer task bank"), order=90, rows=task_rows)
