from celery import shared_task

from sammen.activities import services


@shared_task
def remind_participants() -> int:
    return services.send_reminders()
