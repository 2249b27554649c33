"""The offers' figures for the status report (``sammen.core.report``): published offers and new ones."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from sammen.core.figures import Figure
from sammen.core.report import Row, register, windows
from sammen.offers.models import Offer


def offer_rows(municipality, first, last, compared) -> list[Row]:
    """Offers published today, and offers created in the period that are published now. Offers are public, so the
    counts are shown as they are. One query."""
    (start, end), (compared_start, compared_end) = windows(first, last, compared)
    offers = Offer.objects.published()
    if municipality is not None:
        offers = offers.filter(municipality=municipality)
    totals = offers.aggregate(
        published=Count("pk"),
        now=Count("pk", filter=Q(created_at__gte=start, created_at__lt=end)),
        then=Count("pk", filter=Q(created_at__gte=compared_start, created_at__lt=compared_end)),
    )
    return [
        Row(_("Offers published (today)"), Figure(totals["published"])),
        Row(_("New offers"), Figure(totals["now"]), Figure(totals["then"])),
    ]


register("offers", title=_("Offers"), order=100, rows=offer_rows)
