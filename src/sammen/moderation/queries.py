from django.db.models import Q
from django.utils import timezone

from sammen.moderation.models import Block, Report, ReportStatus, Suspension


def is_suspended(user):
    """The end of the user's current suspension, or None."""
    current = Suspension.objects.filter(user=user, until__gt=timezone.now()).order_by("-until").first()
    return current.until if current else None


def blocked_either_way(first, second) -> bool:
    return Block.objects.filter(Q(blocker=first, blocked=second) | Q(blocker=second, blocked=first)).exists()


def blocked_user_ids(user):
    """Ids the user has blocked, as a subquery (for hiding their bubbles)."""
    return Block.objects.filter(blocker=user).values("blocked_id")


def open_reports(municipality):
    return (
        Report.objects.filter(municipality=municipality, status=ReportStatus.OPEN)
        .select_related("reporter", "reported_user", "bubble", "message")
        .order_by("created_at", "id")
    )
