from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    name = "sammen.offers"
    verbose_name = _("Offers")

    def ready(self) -> None:
        from sammen.offers import report  # noqa: F401 - registers its section of the status report
        from sammen.offers.models import Offer
        from sammen.search.registry import register

        register(Offer, fields=("title", "description", "when"))
