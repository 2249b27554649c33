from celery import shared_task

from sammen.referrals import services


@shared_task
def warn_referral_deadlines() -> dict:
    return services.warn_deadlines()


@shared_task
def purge_closed_referrals() -> int:
    return services.purge_closed_referrals()
