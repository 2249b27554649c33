"""The Christmas friends' figures for the status report (``sammen.core.report``): families registered and
matched, counted where the families live."""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from sammen.christmas.models import Proposal, ProposalStatus, Registration
from sammen.core.figures import figure
from sammen.core.report import Row, register, windows


def christmas_rows(municipality, first, last, compared) -> list[Row]:
    """Families (hosts and guest parties, whoever registered) who registered in the period and are still
    registered, and those of them in a match both accepted. Hidden under 5 families. One query."""
    (start, end), (compared_start, compared_end) = windows(first, last, compared)
    accepted = Proposal.objects.filter(status=ProposalStatus.ACCEPTED).filter(
        Q(host=OuterRef("pk")) | Q(guest=OuterRef("pk"))
    )
    registrations = Registration.objects.exclude(status="withdrawn").annotate(matched=Exists(accepted))
    if municipality is not None:
        registrations = registrations.filter(user__municipality=municipality)
    counts = {}
    for name, lower, upper in (("now", start, end), ("then", compared_start, compared_end)):
        registered = Q(created_at__gte=lower, created_at__lt=upper)
        counts[f"{name}_families"] = Count("user", distinct=True, filter=registered)
        counts[f"{name}_matched"] = Count("user", distinct=True, filter=registered & Q(matched=True))
    totals = registrations.filter(
        Q(created_at__gte=start, created_at__lt=end) | Q(created_at__gte=compared_start, created_at__lt=compared_end)
    ).aggregate(**counts)
    return [
        Row(_("Families registered"), figure(totals["now_families"]), figure(totals["then_families"])),
        Row(_("Families matched"), figure(totals["now_matched"]), figure(totals["then_matched"])),
    ]


register("christmas", title=_("Christmas friends"), order=60, rows=christmas_rows)
