"""Reads: the public list of tasks, a task's page, an organiser's tasks and offers, a volunteer's tasks and hours."""

import datetime
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from sammen.access.organisers import managed_units, may_manage
from sammen.associations import queries as association_queries
from sammen.core.calendar import local_datetime
from sammen.municipalities.models import Municipality
from sammen.search.queries import filter_by_text
from sammen.taskbank.models import LIVE_OFFER, OfferStatus, Task, TaskOffer, TaskStatus
from sammen.taxonomy.models import Category


def _with_accepted(tasks: QuerySet) -> QuerySet:
    """The cards show the organiser, the place, the category and the places left: one query for any page size."""
    return tasks.select_related("association", "unit", "municipality", "category").annotate(
        accepted=Count("offers", filter=Q(offers__status=OfferStatus.ACCEPTED))
    )


def upcoming(
    *,
    query: str = "",
    municipality: Municipality | None = None,
    day: datetime.date | None = None,
    skills: str = "",
    category: Category | None = None,
) -> QuerySet[Task]:
    """Published tasks not yet over that match every given filter, soonest first. ``day`` keeps the tasks that
    take place on that date (a window that includes it, too)."""
    tasks = Task.objects.published().filter(ends_at__gt=timezone.now())
    if municipality is not None:
        tasks = tasks.filter(municipality=municipality)
    if category is not None:
        tasks = tasks.filter(category=category)
    if day is not None:
        midnight = datetime.time(0)
        tasks = tasks.filter(
            starts_at__lt=local_datetime(day + datetime.timedelta(days=1), midnight),
            ends_at__gt=local_datetime(day, midnight),
        )
    for word in skills.split():
        tasks = tasks.filter(skills__icontains=word)
    return _with_accepted(filter_by_text(tasks, query)).order_by("starts_at", "id")


def task_for_page(pk: int) -> Task:
    return get_object_or_404(_with_accepted(Task.objects.all()), pk=pk)


def visible_to(user, task: Task) -> bool:
    """Published and cancelled tasks of a present organiser are public; a draft only for its organiser."""
    provider_present = (task.association is None or task.association.hidden_at is None) and (
        task.unit is None or task.unit.active
    )
    if task.status != TaskStatus.DRAFT and provider_present:
        return True
    return may_manage(user, task)


def places_left(task: Task) -> int:
    accepted = getattr(task, "accepted", None)
    if accepted is None:
        accepted = task.offers.filter(status=OfferStatus.ACCEPTED).count()
    return max(task.volunteers_needed - accepted, 0)


def live_offer_of(user, task: Task) -> TaskOffer | None:
    if not user.is_authenticated:
        return None
    return task.offers.filter(LIVE_OFFER, volunteer=user).first()


def tasks_of_organiser(user) -> QuerySet[Task]:
    """The tasks of the associations the person represents and of the units they manage, soonest first."""
    if not user.is_authenticated:
        return Task.objects.none()
    tasks = Task.objects.filter(
        Q(association__in=association_queries.represented_by(user)) | Q(unit__in=managed_units(user))
    )
    return (
        _with_accepted(tasks)
        .annotate(waiting=Count("offers", filter=Q(offers__status=OfferStatus.OFFERED)))
        .order_by("-starts_at", "-id")
    )


def offers_for_task(task: Task) -> QuerySet[TaskOffer]:
    return task.offers.select_related("volunteer").order_by("status", "created_at", "id")


def offers_of_volunteer(user) -> QuerySet[TaskOffer]:
    """All the person's offers, latest task first, with what the page shows of each task."""
    return (
        TaskOffer.objects.filter(volunteer=user)
        .select_related("task__association", "task__unit", "task__municipality")
        .order_by("-task__starts_at", "-id")
    )


def confirmed_hours_of(user) -> tuple[list[TaskOffer], Decimal]:
    """The person's tasks with confirmed hours, oldest first, and the total: the statement of their volunteering."""
    rows = list(offers_of_volunteer(user).filter(hours__isnull=False).order_by("task__starts_at", "id"))
    total = TaskOffer.objects.filter(volunteer=user, hours__isnull=False).aggregate(total=Sum("hours"))["total"]
    return rows, total or Decimal(0)
