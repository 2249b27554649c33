from celery import shared_task

from sammen.messaging import services


@shared_task
def email_new_messages() -> int:
    return services.send_new_message_emails()
