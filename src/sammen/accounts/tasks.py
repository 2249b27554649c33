from celery import shared_task

from sammen.accounts import phone


@shared_task
def purge_old_phone_codes() -> int:
    return phone.purge_old_codes()
