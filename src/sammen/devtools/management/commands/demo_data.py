from django.core.management.base import BaseCommand

from sammen.devtools import demo


class Command(BaseCommand):
    help = "Load the demo data (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        result = demo.load_demo_data()
        self.stdout.write(f"Demo data ready ({result['created']} new people).\n")
        self.stdout.write(f"All demo logins use the password: {demo.DEMO_PASSWORD}\n")
        for email, who in demo.demo_logins():
            self.stdout.write(f"  {email:45} {who}")
        self.stdout.write(
            "\nStaff log in with two factors. Print the current six-digit code with:\n"
            "  .venv/bin/sammen demo_totp moderator.herning@demo.sammen.dk\n"
            "E-mails (such as sign-up verification links) are printed in this terminal.\n"
        )
