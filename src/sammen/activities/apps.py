from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "sammen.activities"
    verbose_name = _("Activities")

    def ready(self) -> None:
        from sammen.activities.models import Activity
        from sammen.search.registry import register

        register(Activity, fields=("title", "description"))
