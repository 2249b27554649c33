from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Searchable models register themselves from their own app's ready() (see registry.register)."""

    name = "sammen.search"
