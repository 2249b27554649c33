"""The bubbles a person has posted, for "Hent mine data" (see ``sammen.core.personal_data``)."""

from django.utils.translation import gettext_lazy as _

from sammen.bubbles.models import Bubble
from sammen.core.personal_data import record, register


def export_bubbles(user) -> list:
    bubbles = Bubble.objects.filter(author=user).select_related("category", "municipality").order_by("created_at")
    return [
        record(
            bubble,
            "title",
            "body",
            "category",
            "municipality",
            "postal_code",
            "online_ok",
            "created_at",
            "expires_at",
            extra={_("State"): bubble.get_status_display()},
        )
        for bubble in bubbles
    ]


register(
    "bubbles.bubbles",
    title=_("Your bubbles"),
    order=20,
    export=export_bubbles,
    on_deletion=_(
        "Your bubbles are deleted at once. Conversations about them stay with the other person, without the bubble."
    ),
)
