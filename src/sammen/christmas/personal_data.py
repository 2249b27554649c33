"""A person's registrations for Christmas and New Year's Eve, for "Hent mine data" (see
``sammen.core.personal_data``)."""

from django.utils.translation import gettext_lazy as _

from sammen.christmas.models import Registration
from sammen.core.personal_data import record, register


def export_registrations(user) -> list:
    registrations = Registration.objects.filter(user=user).select_related("campaign").order_by("created_at")
    return [
        record(
            registration,
            "campaign",
            "role",
            "people",
            "description",
            "postal_code",
            "address",
            "created_at",
            extra={_("Status"): registration.get_status_display()},
        )
        for registration in registrations
    ]


register(
    "christmas.registrations",
    title=_("Christmas and New Year's Eve"),
    order=65,
    export=export_registrations,
    on_deletion=_("Your registrations for Christmas and New Year's Eve are deleted."),
)
