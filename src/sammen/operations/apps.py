from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "sammen.operations"
    verbose_name = "Operations"
