"""The referrals' figures for the status report (``sammen.core.report``): referrals received, followed up within
their deadline, completed, and declined or dropped out. Each referral is one citizen's, so every count is hidden
under 5, and so is the share followed up in time where fewer than 5 referrals were due."""

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from sammen.core.figures import figure
from sammen.core.report import Row, comparison_window, register, windows
from sammen.referrals.models import Referral, ReferralStatus


def referral_rows(municipality, first, last, compared) -> list[Row]:
    """Received in the period (by the day of receipt); of those due in the period (their deadline in it), the
    share first contacted by the deadline. One query."""
    (start, end), (compared_start, compared_end) = windows(first, last, compared)
    compared_first, compared_last = comparison_window(first, last, compared)
    referrals = Referral.objects.all()
    if municipality is not None:
        referrals = referrals.filter(municipality=municipality)
    in_time = Q(first_contact_at__isnull=False, first_contact_at__date__lte=F("deadline_on"))
    counts = {}
    for name, lower, upper, due_first, due_last in (
        ("now", start, end, first, last),
        ("then", compared_start, compared_end, compared_first, compared_last),
    ):
        received = Q(received_at__gte=lower, received_at__lt=upper)
        due = Q(deadline_on__gte=due_first, deadline_on__lte=due_last)
        counts[f"{name}_received"] = Count("pk", filter=received)
        counts[f"{name}_completed"] = Count("pk", filter=received & Q(status=ReferralStatus.COMPLETED))
        counts[f"{name}_ended"] = Count(
            "pk", filter=received & Q(status__in=[ReferralStatus.DECLINED, ReferralStatus.DROPPED_OUT])
        )
        counts[f"{name}_due"] = Count("pk", filter=due)
        counts[f"{name}_in_time"] = Count("pk", filter=due & in_time)
    totals = referrals.aggregate(**counts)

    def share(name):
        due = totals[f"{name}_due"]
        return figure(round(100 * totals[f"{name}_in_time"] / due) if due else 0, people=due)

    return [
        Row(_("Referrals received"), figure(totals["now_received"]), figure(totals["then_received"])),
        Row(_("Share followed up within the deadline (%)"), share("now"), share("then")),
        Row(_("Referrals completed"), figure(totals["now_completed"]), figure(totals["then_completed"])),
        Row(_("Declined or dropped out"), figure(totals["now_ended"]), figure(totals["then_ended"])),
    ]


register("referrals", title=_("Referrals"), order=75, rows=referral_rows)
