from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BubblesConfig(AppConfig):
    name = "sammen.bubbles"
    verbose_name = _("Bubbles")

    def ready(self) -> None:
        from sammen.bubbles import personal_data, report  # noqa: F401 - sections of "Hent mine data" and the report
        from sammen.bubbles.models import Bubble
        from sammen.search.registry import register

        register(Bubble, fields=("title", "body"))
