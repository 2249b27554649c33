from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "sammen.referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        from sammen.referrals import receivers, report  # noqa: F401 - forgets deleted accounts; the report's section
