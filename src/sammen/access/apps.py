from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "sammen.access"
    verbose_name = "Access"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from sammen.access import signals  # noqa: F401  (connects the staff-security receivers)
