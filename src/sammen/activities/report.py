"""The activities' figures for the status report (``sammen.core.report``): activities held and their sign-ups."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from sammen.activities.models import Occurrence, SignUpStatus
from sammen.core.figures import Figure, figure
from sammen.core.report import Row, register, windows


def activity_rows(municipality, first, last, compared) -> list[Row]:
    """Activities with a date in the period (not cancelled) and the sign-ups to those dates. Activities are
    public, so their count is shown as it is; sign-ups are hidden when they come from fewer than 5 people. One
    query."""
    (start, end), (compared_start, compared_end) = windows(first, last, compared)
    dates = Occurrence.objects.filter(cancelled_at__isnull=True, activity__cancelled_at__isnull=True)
    if municipality is not None:
        dates = dates.filter(municipality=municipality)
    signed_up = Q(signups__status=SignUpStatus.CONFIRMED)
    counts = {}
    for name, lower, upper in (("now", start, end), ("then", compared_start, compared_end)):
        held = Q(starts_at__gte=lower, starts_at__lt=upper)
        counts[f"{name}_activities"] = Count("activity", distinct=True, filter=held)
        counts[f"{name}_signups"] = Count("signups", filter=held & signed_up)
        counts[f"{name}_people"] = Count("signups__user", distinct=True, filter=held & signed_up)
    totals = dates.filter(
        Q(starts_at__gte=start, starts_at__lt=end) | Q(starts_at__gte=compared_start, starts_at__lt=compared_end)
    ).aggregate(**counts)
    return [
        Row(_("Activities held"), Figure(totals["now_activities"]), Figure(totals["then_activities"])),
        Row(
            _("Sign-ups"),
            figure(totals["now_signups"], people=totals["now_people"]),
            figure(totals["then_signups"], people=totals["then_people"]),
        ),
    ]


register("activities", title=_("Activities"), order=70, rows=activity_rows)
