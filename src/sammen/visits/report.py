"""The visiting friends' figures for the status report (``sammen.core.report``): pairs, and the hours a month the
visiting friends offer against the hours the citizens ask for (``visits.queries.supply_and_demand``)."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from sammen.core.figures import figure
from sammen.core.report import Row, day_end, register
from sammen.visits import queries
from sammen.visits.models import Pair, PairStatus


def visit_rows(municipality, first, last, compared) -> list[Row]:
    """Pairs that were meeting at the end of the last day and of the comparison date (hidden under 5 pairs), and,
    for a municipality, today's hours a month offered and asked for (four queries)."""
    pairs = Pair.objects.filter(status__in=[PairStatus.ACTIVE, PairStatus.ENDED], started_at__isnull=False)
    if municipality is not None:
        pairs = pairs.filter(request__municipality=municipality)
    counts = {}
    for name, moment in (("now", day_end(last)), ("then", day_end(compared))):
        counts[name] = Count(
            "pk", filter=Q(started_at__lt=moment) & (Q(ended_at__isnull=True) | Q(ended_at__gte=moment))
        )
    totals = pairs.aggregate(**counts)
    rows = [Row(_("Active visiting-friend pairs"), figure(totals["now"]), figure(totals["then"]))]
    if municipality is not None:
        hours = queries.supply_and_demand(municipality)
        rows += [
            Row(_("Hours a month offered by visiting friends (today)"), hours.offered),
            Row(_("Hours a month asked for by citizens (today)"), hours.asked),
        ]
    return rows


register("visits", title=_("Visiting friends"), order=80, rows=visit_rows)
