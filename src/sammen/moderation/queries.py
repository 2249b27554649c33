from django.db.models import Q
from django.utils import timezone

from sammen.moderation.models import Block, Report, ReportStatus, Suspension


def is_suspended(user):
    """The end of the user's current suspension, or None."""
    current = Suspension.objects.filter(user=user, until__gt=timezone.now()).order_by("-until").first()
    return current.until if current else None


def blocked_either_way(first, second) -> bool:
    return Block.objects.filter(Q(blocker=first, blocked=second) | Q(blocker=second, blocked=first)).exists()


def person_known_to(user, pk: int):
    """The person with this id if the user has met them on Sammen (a conversation, a visible bubble, or a block
    the user made), else None: report and block pages must not let anyone look up display names by id."""
    from django.contrib.auth import get_user_model

    from sammen.bubbles.models import Bubble
    from sammen.messaging.models import Conversation

    met = (
        Conversation.objects.filter(Q(author=user, responder_id=pk) | Q(author_id=pk, responder=user)).exists()
        or Bubble.objects.visible().filter(author_id=pk).exists()
        or Block.objects.filter(blocker=user, blocked_id=pk).exists()
    )
    if not met or pk == user.pk:
        return None
    return get_user_model().objects.filter(pk=pk, is_active=True).first()


def exclude_blocked(queryset, user, *, field: str = "author_id"):
    """Leave out what people write who blocked the user or whom the user blocked.

    Both ways, so that a blocked person is not shown the blocker's posts (and does not learn of the block by
    meeting a refusal).
    """
    return queryset.exclude(**{f"{field}__in": Block.objects.filter(blocker=user).values("blocked_id")}).exclude(
        **{f"{field}__in": Block.objects.filter(blocked=user).values("blocker_id")}
    )


def open_reports(municipality):
    return (
        Report.objects.filter(municipality=municipality, status=ReportStatus.OPEN)
        .select_related("reporter", "reported_user", "bubble", "message")
        .order_by("created_at", "id")
    )
