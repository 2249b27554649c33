"""The associations' figures for the status report (``sammen.core.report``): associations on Sammen."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from sammen.associations.models import Association
from sammen.core.figures import Figure
from sammen.core.report import Row, day_end, register


def association_rows(municipality, first, last, compared) -> list[Row]:
    """Associations with a profile (not taken down) and those verified by staff, at the end of the last day and
    of the comparison date. Associations are public, so the counts are shown as they are. One query."""
    associations = Association.objects.visible()
    if municipality is not None:
        associations = associations.filter(municipality=municipality)
    counts = {}
    for name, moment in (("now", day_end(last)), ("then", day_end(compared))):
        counts[f"{name}_profiles"] = Count("pk", filter=Q(created_at__lt=moment))
        counts[f"{name}_verified"] = Count("pk", filter=Q(verified_at__lt=moment))
    totals = associations.aggregate(**counts)
    return [
        Row(_("Associations with a profile"), Figure(totals["now_profiles"]), Figure(totals["then_profiles"])),
        Row(_("Verified associations"), Figure(totals["now_verified"]), Figure(totals["then_verified"])),
    ]


register("associations", title=_("Associations"), order=110, rows=association_rows)
