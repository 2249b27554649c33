from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpportunitiesConfig(AppConfig):
    name = "sammen.opportunities"
    verbose_name = _("Opportunities")
