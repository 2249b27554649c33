from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "sammen.referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        from sammen.referrals import report  # noqa: F401 - registers its section of the status report
