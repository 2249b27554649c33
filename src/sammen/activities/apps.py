from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "sammen.activities"
    verbose_name = _("Activities")

    def ready(self) -> None:
        from sammen.activities import personal_data, queries, report  # noqa: F401 - report, personal_data register
        from sammen.activities.models import Activity
        from sammen.associations.profile import register_profile_section
        from sammen.search.registry import register

        register(Activity, fields=("title", "description"))
        register_profile_section(lambda association: {"dates": queries.upcoming_dates_of_association(association)})
