"""A citizen's requests for a visiting friend and their pairs, for "Hent mine data" (see
``sammen.core.personal_data``)."""

from django.utils.translation import gettext_lazy as _

from sammen.core.personal_data import record, register
from sammen.visits.models import Pair, VisitRequest


def export_requests(user) -> list:
    requests = VisitRequest.objects.filter(citizen=user).select_related("municipality").order_by("created_at")
    rows = [
        record(
            request,
            "municipality",
            "way",
            "frequency",
            "languages",
            "gender_wish",
            "mobility",
            "availability",
            "about",
            "postal_code",
            "phone",
            "consent_on",
            "created_at",
            extra={_("Status"): request.get_status_display()},
        )
        for request in requests
    ]
    pairs = Pair.objects.filter(request__citizen=user).select_related("volunteer__user").order_by("proposed_at")
    rows += [
        {
            _("Visiting friend"): pair.volunteer.user.display_name,
            _("Status"): pair.get_status_display(),
            _("Started"): pair.started_at,
            _("Ended"): pair.ended_at,
        }
        for pair in pairs
    ]
    return rows


register(
    "visits.requests",
    title=_("Visiting friend"),
    order=61,
    export=export_requests,
    on_deletion=_("Your requests for a visiting friend, and your friendships with their meetings, are deleted."),
)
