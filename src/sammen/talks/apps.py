from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalksConfig(AppConfig):
    name = "sammen.talks"
    verbose_name = _("Booked talks")

    def ready(self) -> None:
        from sammen.talks import personal_data, receivers, report  # noqa: F401 - receivers; registered sections
        from sammen.wellbeing.programmes import register_programme

        register_programme("talks", self.verbose_name, order=20)
