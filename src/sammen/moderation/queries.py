from django.contrib.auth import get_user_model
from django.db.models import Q

from sammen.access.models import Block
from sammen.bubbles.models import Bubble
from sammen.messaging.models import Conversation
from sammen.moderation.models import Report, ReportStatus
from sammen.talks.models import Booking


def person_known_to(user, pk: int):
    """The person with this id if the user has met them on Sammen (a conversation, a visible bubble, a booked talk
    between them, or a block the user made), else None: report and block pages must not let anyone look up display
    names by id."""
    met = (
        Conversation.objects.filter(Q(author=user, responder_id=pk) | Q(author_id=pk, responder=user)).exists()
        or Bubble.objects.visible().filter(author_id=pk).exists()
        or Block.objects.filter(blocker=user, blocked_id=pk).exists()
        or Booking.objects.filter(
            Q(citizen=user, volunteer_user_id=pk) | Q(citizen_id=pk, volunteer_user=user)
        ).exists()
    )
    if not met or pk == user.pk:
        return None
    return get_user_model().objects.filter(pk=pk, is_active=True).first()


def open_reports(municipality):
    return (
        Report.objects.filter(municipality=municipality, status=ReportStatus.OPEN)
        .select_related("reporter", "reported_user", "bubble", "message")
        .order_by("created_at", "id")
    )
