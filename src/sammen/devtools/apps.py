from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    name = "sammen.devtools"
    verbose_name = "Development tools"
