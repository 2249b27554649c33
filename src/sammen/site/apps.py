from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "sammen.site"
    label = "sammen_site"  # "site" would clash with django.contrib.sites' conventions
    verbose_name = "Site pages"
