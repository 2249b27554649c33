"""Referrals listen to the deletion of an account: what the citizen shared goes with it (``services.forget_citizen``),
before the referral's link to the account is cleared."""

from django.contrib.auth import get_user_model
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from sammen.referrals import services


@receiver(pre_delete, sender=get_user_model(), dispatch_uid="referrals.forget_citizen")
def forget_a_deleted_citizen(sender, instance, **kwargs) -> None:
    services.forget_citizen(instance.pk)
