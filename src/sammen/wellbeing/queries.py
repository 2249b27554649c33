"""What other apps' staff pages ask of the effect measurement."""

import datetime

from django.utils import timezone

from sammen.wellbeing.models import Invitation
from sammen.wellbeing.services import may_assist


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


def invitation_to_assist(user, municipality, citizen, *, programme: str) -> Invitation | None:
    """For a programme's staff page about a citizen: the point a staff member who may help (``may_assist``) can
    answer with the citizen today, or None. The page shows it with ``wellbeing/_assist.html``."""
    if citizen is None or not may_assist(user, municipality):
        return None
    return open_invitation(citizen, programme=programme, today=timezone.localdate())
