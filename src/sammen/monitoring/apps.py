from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "sammen.monitoring"
    verbose_name = "Monitoring"

    def ready(self):
        from sammen.monitoring import signals  # noqa: F401  (counts failed logins)
