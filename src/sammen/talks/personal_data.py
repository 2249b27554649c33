"""A citizen's booked talks, for "Hent mine data" (see ``sammen.core.personal_data``)."""

from django.utils.translation import gettext_lazy as _

from sammen.core.personal_data import record, register
from sammen.talks.models import Booking


def export_bookings(user) -> list:
    bookings = Booking.objects.filter(citizen=user).select_related("volunteer_user").order_by("starts_at")
    return [
        record(
            booking,
            "starts_at",
            "ends_at",
            "channel",
            "note",
            "cancel_reason",
            extra={_("With"): booking.volunteer_user.display_name, _("Status"): booking.get_status_display()},
        )
        for booking in bookings
    ]


register(
    "talks.bookings",
    title=_("Your talks"),
    order=62,
    export=export_bookings,
    on_deletion=_("Your booked talks are deleted."),
)
