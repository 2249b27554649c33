from celery import shared_task

from sammen.audit import services


@shared_task
def purge_expired_audit_entries() -> int:
    return services.purge_expired()
