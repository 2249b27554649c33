"""Limits on a person that are not roles: a moderator's suspension, and blocks between two people."""

from django.db.models import Q
from django.utils import timezone

from sammen.access.models import Block, Suspension


def is_suspended(user):
    """The end of the user's current suspension, or None."""
    current = Suspension.objects.filter(user=user, until__gt=timezone.now()).order_by("-until").first()
    return current.until if current else None


def blocked_either_way(first, second) -> bool:
    return Block.objects.filter(Q(blocker=first, blocked=second) | Q(blocker=second, blocked=first)).exists()


def exclude_blocked(queryset, user, *, field: str = "author_id"):
    """Leave out what people write who blocked the user or whom the user blocked.

    Both ways, so that a blocked person is not shown the blocker's posts (and does not learn of the block by
    meeting a refusal).
    """
    return queryset.exclude(**{f"{field}__in": Block.objects.filter(blocker=user).values("blocked_id")}).exclude(
        **{f"{field}__in": Block.objects.filter(blocked=user).values("blocker_id")}
    )
