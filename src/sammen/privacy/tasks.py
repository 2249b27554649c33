from celery import shared_task

from sammen.privacy import services


@shared_task
def run_privacy_retention() -> dict:
    return services.run_retention()
