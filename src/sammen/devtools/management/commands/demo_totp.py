from django.core.management.base import BaseCommand, CommandError

from sammen.devtools import demo


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo staff user (demo accounts only)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email: str, **options):
        if not email.lower().endswith("@" + demo.DEMO_DOMAIN):
            raise CommandError("Only demo accounts have a known two-factor secret.")
        self.stdout.write(demo.current_demo_totp_code(email.lower()))
