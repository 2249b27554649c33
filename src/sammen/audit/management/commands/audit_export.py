import json

from django.core.management.base import BaseCommand

from sammen.audit import services


class Command(BaseCommand):
    help = "Print, as JSON, every audit row about one person (for a citizen's request for their data)."

    def add_arguments(self, parser):
        parser.add_argument("user_id", type=int)

    def handle(self, *args, user_id: int, **options):
        rows = services.export_rows(services.entries_about_person(user_id))
        self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
