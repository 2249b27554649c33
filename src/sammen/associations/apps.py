from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssociationsConfig(AppConfig):
    name = "sammen.associations"
    verbose_name = _("Associations")

    def ready(self) -> None:
        from sammen.associations import report  # noqa: F401 - registers its section of the status report
        from sammen.associations.models import Association
        from sammen.search.registry import register

        register(Association, fields=("name", "description"))
