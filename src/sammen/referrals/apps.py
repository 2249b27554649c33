from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "sammen.referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        from sammen.referrals import personal_data, receivers, report  # noqa: F401 - forgets deleted accounts; sections
        from sammen.wellbeing.programmes import register_programme

        register_programme("referrals", self.verbose_name, order=30)
