"""The booked talks' figures for the status report (``sammen.core.report``): talks held per programme with the
municipality's citizens (where the citizen lived when they booked), as ``talks.figures`` counts them."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from sammen.core.figures import figure
from sammen.core.report import Row, register, windows
from sammen.talks.figures import HELD
from sammen.talks.models import Booking
from sammen.volunteering.models import Programme, ProgrammeKind


def talk_rows(municipality, first, last, compared) -> list[Row]:
    """One row per talks programme that serves the municipality (national ones, its own and its associations',
    and any its citizens booked): talks held, hidden when they come from fewer than 5 citizens. Two queries."""
    (start, end), (compared_start, compared_end) = windows(first, last, compared)
    in_period = Q(starts_at__gte=start, starts_at__lt=end)
    in_comparison = Q(starts_at__gte=compared_start, starts_at__lt=compared_end)
    bookings = Booking.objects.filter(HELD).filter(in_period | in_comparison)
    programmes = Programme.objects.filter(kind=ProgrammeKind.TALKS)
    if municipality is not None:
        bookings = bookings.filter(citizen_municipality=municipality)
        programmes = programmes.filter(
            Q(municipality__isnull=True, association__isnull=True)
            | Q(municipality=municipality)
            | Q(association__municipality=municipality)
            | Q(pk__in=bookings.values("programme"))
        )
    counts = {
        row["programme_id"]: row
        for row in bookings.values("programme_id")
        .annotate(
            now=Count("pk", filter=in_period),
            now_citizens=Count("citizen", distinct=True, filter=in_period),
            then=Count("pk", filter=in_comparison),
            then_citizens=Count("citizen", distinct=True, filter=in_comparison),
        )
        .order_by()
    }
    rows = []
    for programme in programmes.order_by("name", "pk"):
        row = counts.get(programme.pk, {"now": 0, "now_citizens": 0, "then": 0, "then_citizens": 0})
        rows.append(
            Row(
                _("%(programme)s: talks held") % {"programme": programme.name},
                figure(row["now"], people=row["now_citizens"]),
                figure(row["then"], people=row["then_citizens"]),
            )
        )
    return rows


register("talks", title=_("Booked talks"), order=50, rows=talk_rows)
