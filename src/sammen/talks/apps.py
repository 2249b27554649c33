from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalksConfig(AppConfig):
    name = "sammen.talks"
    verbose_name = _("Booked talks")

    def ready(self) -> None:
        from sammen.talks import receivers, report  # noqa: F401 - signal receivers; the status report's section
