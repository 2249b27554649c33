from celery import shared_task

from sammen.wellbeing import services


@shared_task
def send_wellbeing_reminders() -> int:
    """Daily: the first and second message about each open point, and closing what has run out."""
    return services.send_reminders()
