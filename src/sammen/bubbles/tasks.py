from celery import shared_task

from sammen.bubbles import services


@shared_task
def expire_bubbles() -> int:
    return services.expire_due_bubbles()


@shared_task
def remind_bubble_authors() -> int:
    return services.send_expiry_reminders()
