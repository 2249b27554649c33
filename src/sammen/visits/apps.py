from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "sammen.visits"
    verbose_name = _("Visiting friends")

    def ready(self) -> None:
        from sammen.visits import personal_data, receivers, report  # noqa: F401 - receivers; registered sections
        from sammen.wellbeing.programmes import register_programme

        register_programme("visits", self.verbose_name, order=10)
