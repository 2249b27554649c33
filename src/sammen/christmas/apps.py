from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChristmasConfig(AppConfig):
    name = "sammen.christmas"
    verbose_name = _("Christmas friends")

    def ready(self) -> None:
        from sammen.christmas import personal_data, report  # noqa: F401 - sections of "Hent mine data" and the report
