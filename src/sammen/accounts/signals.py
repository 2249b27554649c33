from allauth.socialaccount.models import SocialAccount
from django.db.models.signals import pre_save
from django.dispatch import receiver

# The only claims from an external identity provider that Sammen keeps.
KEPT_PROVIDER_CLAIMS = frozenset({"sub", "iss", "email", "email_verified"})


@receiver(pre_save, sender=SocialAccount)
def keep_only_minimal_claims(sender, instance: SocialAccount, **kwargs):
    data = instance.extra_data or {}
    if isinstance(data, dict):
        instance.extra_data = {key: value for key, value in data.items() if key in KEPT_PROVIDER_CLAIMS}
