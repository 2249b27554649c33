from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteeringConfig(AppConfig):
    name = "sammen.volunteering"
    verbose_name = _("Volunteering")

    def ready(self) -> None:
        from sammen.volunteering import personal_data  # noqa: F401 - registers its section of "Hent mine data"
