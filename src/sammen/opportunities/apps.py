from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpportunitiesConfig(AppConfig):
    name = "sammen.opportunities"
    verbose_name = _("Opportunities")

    def ready(self) -> None:
        from sammen.opportunities import personal_data, report  # noqa: F401 - sections of "Hent mine data", report
