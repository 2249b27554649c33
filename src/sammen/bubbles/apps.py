from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BubblesConfig(AppConfig):
    name = "sammen.bubbles"
    verbose_name = _("Bubbles")
