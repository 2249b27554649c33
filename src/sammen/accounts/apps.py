from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "sammen.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from sammen.accounts import personal_data, signals  # noqa: F401 - personal_data registers "Hent mine data"
