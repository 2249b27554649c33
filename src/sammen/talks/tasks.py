"""The scheduled jobs of booked talks (Celery beat runs them; see ``sammen.celery``). Both are idempotent."""

from celery import shared_task

from sammen.talks import services


@shared_task
def send_talk_reminders() -> int:
    return services.send_reminders()


@shared_task
def settle_overdue_talks() -> int:
    return services.settle_overdue()
