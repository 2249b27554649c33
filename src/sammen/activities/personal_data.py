"""A person's sign-ups for activities, for "Hent mine data" (see ``sammen.core.personal_data``)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.activities import services
from sammen.activities.models import Activity, SignUp, SignUpStatus
from sammen.core.personal_data import register


def export_signups(user) -> list:
    signups = SignUp.objects.filter(user=user).select_related("occurrence__activity").order_by("created_at", "pk")
    return [
        {
            _("Activity"): signup.occurrence.activity.title,
            _("Starts"): signup.occurrence.starts_at,
            _("Status"): signup.get_status_display(),
            _("Signed up"): signup.created_at,
        }
        for signup in signups
    ]


def free_the_seats(user) -> None:
    """Cancel the coming sign-ups the way the person would, so that the first on each waiting list moves up."""
    coming = SignUp.objects.filter(user=user, occurrence__starts_at__gt=timezone.now()).exclude(
        status=SignUpStatus.CANCELLED
    )
    for signup in coming.select_related("occurrence"):
        services.cancel_signup(occurrence=signup.occurrence, user=user)


def organiser_refusal(user):
    if Activity.objects.filter(created_by=user).exists():
        return _(
            "You are the organiser of activities on Sammen. Ask your association or the municipality to take them "
            "over before you delete your account."
        )
    return None


register(
    "activities.signups",
    title=_("Your sign-ups for activities"),
    order=40,
    export=export_signups,
    on_deletion=_("Your sign-ups are removed, and your seats are free for others."),
    erase=free_the_seats,
    refusal=organiser_refusal,
)
