"""What other apps' staff pages ask of the effect measurement."""

import datetime

from sammen.wellbeing.models import Invitation


def open_invitation(citizen, *, programme: str, today: datetime.date) -> Invitation | None:
    """The point the citizen can answer today in the programme's open measurement and has not answered yet (the
    start, or a follow-up in its window), for a staff member to answer it with them; None where there is none."""
    return (
        Invitation.objects.filter(
            measurement__citizen=citizen,
            measurement__programme=programme,
            measurement__closed_at__isnull=True,
            opens_on__lte=today,
            closes_on__gte=today,
            answer__isnull=True,
        )
        .order_by("opens_on")
        .first()
    )
