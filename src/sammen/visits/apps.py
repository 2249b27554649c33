from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "sammen.visits"
    verbose_name = _("Visiting friends")

    def ready(self) -> None:
        from sammen.visits import receivers, report  # noqa: F401 - signal receivers; the status report's section
