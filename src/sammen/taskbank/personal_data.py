"""A volunteer's offers to help with tasks, for "Hent mine data" (see ``sammen.core.personal_data``)."""

from django.utils.translation import gettext_lazy as _

from sammen.core.personal_data import register
from sammen.taskbank.models import TaskOffer


def export_offers(user) -> list:
    offers = TaskOffer.objects.filter(volunteer=user).select_related("task").order_by("created_at")
    return [
        {
            _("Task"): str(offer.task),
            _("Your message"): offer.message,
            _("Status"): offer.get_status_display(),
            _("Offered"): offer.created_at,
        }
        for offer in offers
    ]


register(
    "taskbank.offers",
    title=_("Your offers to help with tasks"),
    order=66,
    export=export_offers,
    on_deletion=_("Your offers to help with tasks are deleted."),
)
