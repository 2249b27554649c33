"""A citizen's referrals, for "Hent mine data" (see ``sammen.core.personal_data``). Deletion is handled by the
receiver in ``receivers.py``; closed referrals are purged by their own scheduled job (``purge_closed_referrals``)."""

from django.utils.translation import gettext_lazy as _

from sammen.core.personal_data import record, register
from sammen.referrals.models import Referral


def export_referrals(user) -> list:
    referrals = Referral.objects.filter(citizen=user).select_related("receiver", "municipality").order_by("received_at")
    return [
        record(
            referral,
            "receiver",
            "municipality",
            "received_at",
            "deadline_on",
            "needs",
            "first_contact_at",
            "end_reason",
            "outcome_notes",
            extra={_("Status"): referral.get_status_display()},
        )
        for referral in referrals
    ]


register(
    "referrals.referrals",
    title=_("Your referrals"),
    order=60,
    export=export_referrals,
    on_deletion=_("Your referrals are treated as withdrawn, and what you shared in them is removed."),
)
