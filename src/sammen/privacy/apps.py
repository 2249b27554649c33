from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "sammen.privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        from sammen.privacy import personal_data  # noqa: F401 - registers the access log's section
