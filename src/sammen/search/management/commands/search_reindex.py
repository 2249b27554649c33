"""``sammen search_reindex``: rebuild the search index of every searchable model (or of the ones named)."""

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from sammen.search import registry, services


class Command(BaseCommand):
    help = "Index every searchable object again, drop documents of deleted objects, refresh the statistics."

    def add_arguments(self, parser):
        parser.add_argument("models", nargs="*", metavar="app_label.Model", help="default: every searchable model")

    def handle(self, *args, models: list[str], **options):
        try:
            chosen = [registry.searchable(apps.get_model(label)).model for label in models]
        except (LookupError, ValueError, ImproperlyConfigured) as error:
            raise CommandError(str(error)) from error
        for model in chosen or registry.searchable_models():
            count = services.reindex(model)
            self.stdout.write(f"{model._meta.label}: {count:,} indexed")
