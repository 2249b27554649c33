from django.apps import AppConfig
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _

from sammen.core.ids import IdConverter


class CoreConfig(AppConfig):
    name = "sammen.core"
    verbose_name = _("Core")

    def ready(self):
        # Before any URLconf is read, so that every app's URLs can use <id:pk>.
        register_converter(IdConverter, "id")
