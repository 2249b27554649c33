from celery import shared_task

from sammen.notifications import delivery


@shared_task
def deliver_notifications(ids: list[int]) -> int:
    """Send the rows a change has just queued."""
    return delivery.deliver_due(ids=ids)


@shared_task
def deliver_due_notifications() -> int:
    """The sweep: whatever is due (retries, and rows queued while the broker was down)."""
    return delivery.deliver_due()


@shared_task
def purge_old_notifications() -> int:
    return delivery.purge_old()
