from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "sammen.messaging"
    verbose_name = _("Conversations")

    def ready(self) -> None:
        from sammen.messaging import personal_data  # noqa: F401 - registers its section of "Hent mine data"
