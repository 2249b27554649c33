from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WellbeingConfig(AppConfig):
    name = "sammen.wellbeing"
    verbose_name = _("Wellbeing")

    def ready(self) -> None:
        from sammen.wellbeing import personal_data, report  # noqa: F401 - registered sections
