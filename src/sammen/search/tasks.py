from celery import shared_task

from sammen.search import services


@shared_task
def optimize_search_index() -> None:
    """Daily: keep the planner's statistics fresh, so that a rare word starts from the text index (idempotent)."""
    services.optimize_index()
