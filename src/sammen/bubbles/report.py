"""The bubbles' figures for the status report (``sammen.core.report``): bubbles created and their response rate."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from sammen.bubbles.models import Bubble
from sammen.core.figures import figure
from sammen.core.report import Row, register, windows


def bubble_rows(municipality, first, last, compared) -> list[Row]:
    """Bubbles created in the period, and the share that got a response from someone other than the author
    (``answered_at``); both hidden when the bubbles come from fewer than 5 authors. One query."""
    (start, end), (compared_start, compared_end) = windows(first, last, compared)
    bubbles = Bubble.objects.all() if municipality is None else Bubble.objects.filter(municipality=municipality)
    counts = {}
    for name, lower, upper in (("now", start, end), ("then", compared_start, compared_end)):
        created = Q(created_at__gte=lower, created_at__lt=upper)
        counts[f"{name}_bubbles"] = Count("pk", filter=created)
        counts[f"{name}_authors"] = Count("author", distinct=True, filter=created)
        counts[f"{name}_answered"] = Count("pk", filter=created & Q(answered_at__isnull=False))
    totals = bubbles.filter(
        Q(created_at__gte=start, created_at__lt=end) | Q(created_at__gte=compared_start, created_at__lt=compared_end)
    ).aggregate(**counts)

    def created(name):
        return figure(totals[f"{name}_bubbles"], people=totals[f"{name}_authors"])

    def response_rate(name):
        bubbles_made = totals[f"{name}_bubbles"]
        share = 100 * totals[f"{name}_answered"] / bubbles_made if bubbles_made else 0
        return figure(share, people=totals[f"{name}_authors"], decimals=1)

    return [
        Row(_("Bubbles created"), created("now"), created("then")),
        Row(_("Response rate (%)"), response_rate("now"), response_rate("then")),
    ]


register("bubbles", title=_("Bubbles"), order=20, rows=bubble_rows)
