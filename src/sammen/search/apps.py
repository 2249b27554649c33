from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "sammen.search"

    def ready(self):
        # Bubbles are searchable from the start. This belongs in BubblesConfig.ready() (each app registers its
        # own models); it is here only until that line is added there, and registering twice does no harm.
        from sammen.bubbles.models import Bubble
        from sammen.search.registry import register

        register(Bubble, fields=("title", "body"))
