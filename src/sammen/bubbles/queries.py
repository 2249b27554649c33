"""Reading bubbles: the list with its filters, and one bubble's page."""

import datetime

from django.utils import timezone

from sammen.access.restrictions import blocked_either_way, exclude_blocked
from sammen.bubbles.models import Bubble
from sammen.search.queries import filter_by_text

RECENCY_DAYS = {"week": 7, "month": 31, "quarter": 92}


def bubble_list(
    *,
    viewer,
    query: str = "",
    municipality_ids=None,
    category=None,
    age: int | None = None,
    recency: str = "",
    order: str = "newest",
):
    bubbles = Bubble.objects.visible().for_list()
    if municipality_ids:
        bubbles = bubbles.filter(municipality_id__in=municipality_ids)
    if category is not None:
        bubbles = bubbles.filter(category=category)
    if age is not None:
        bubbles = bubbles.filter(age_min__lte=age, age_max__gte=age)
    if recency in RECENCY_DAYS:
        bubbles = bubbles.filter(created_at__gte=timezone.now() - datetime.timedelta(days=RECENCY_DAYS[recency]))
    if viewer.is_authenticated:
        bubbles = exclude_blocked(bubbles, viewer)
    if query:
        return filter_by_text(bubbles, query, order_by_relevance=(order == "relevance"))
    return bubbles.order_by("-created_at", "-id")


def bubble_for_page(pk: int):
    """A bubble anyone may open: visible ones, plus closed/expired ones (shown as such). Hidden: not found."""
    return (
        Bubble.objects.for_list().select_related("author__municipality").filter(pk=pk, hidden_at__isnull=True).first()
    )


def responses_to(bubble):
    return bubble.conversations.select_related("responder").order_by("-last_message_at")


def visible_to(user, bubble) -> bool:
    if bubble is None:
        return False
    if user.is_authenticated and bubble.author_id != user.pk:
        return not blocked_either_way(user.pk, bubble.author_id)
    return True
