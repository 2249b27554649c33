from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaskbankConfig(AppConfig):
    name = "sammen.taskbank"
    verbose_name = _("Volunteer task bank")

    def ready(self) -> None:
        from sammen.search.registry import register
        from sammen.taskbank import personal_data, report  # noqa: F401 - sections of "Hent mine data" and the report
        from sammen.taskbank.models import Task

        register(Task, fields=("title", "description", "skills"))
