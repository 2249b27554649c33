from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "sammen.insights"
    verbose_name = _("Status report")

    def ready(self) -> None:
        from sammen.insights.figures import register_general_sections

        register_general_sections()
