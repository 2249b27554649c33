from allauth.socialaccount.models import SocialAccount
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import pre_save
from django.dispatch import receiver

from sammen.accounts import services

# The only claims from an external identity provider that Sammen keeps.
KEPT_PROVIDER_CLAIMS = frozenset({"sub", "iss", "email", "email_verified"})


@receiver(pre_save, sender=SocialAccount)
def keep_only_minimal_claims(sender, instance: SocialAccount, **kwargs):
    data = instance.extra_data or {}
    if isinstance(data, dict):
        instance.extra_data = {key: value for key, value in data.items() if key in KEPT_PROVIDER_CLAIMS}


@receiver(user_login_failed)
def count_failed_login(sender, credentials, request=None, **kwargs):
    services.record_failed_login(email=credentials.get("email") or credentials.get("username") or "")


@receiver(user_logged_in)
def forget_failed_logins(sender, request, user, **kwargs):
    services.clear_failed_logins(user=user)
