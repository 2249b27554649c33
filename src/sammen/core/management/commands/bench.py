"""``sammen bench pages``: p50/p95 time and SQL queries of the foundation's pages as the number of citizens grows.

Runs in-process through Django's test client against the configured database, so it measures Sammen's own
work (queries, templates), not a web server. Bench people are created in bulk and removed afterwards.
"""

import statistics
import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sammen.accounts.models import User
from sammen.municipalities.models import Municipality, StaffMembership, StaffRole

BENCH_DOMAIN = "bench.sammen.invalid"


class Command(BaseCommand):
    help = "Measure page times (p50/p95) and query counts. Areas: pages."

    def add_arguments(self, parser):
        parser.add_argument("area", choices=["pages"])
        parser.add_argument("--citizens", type=int, default=20_000)
        parser.add_argument("--requests", type=int, default=100)
        parser.add_argument("--keep", action="store_true", help="keep the bench people afterwards")

    def handle(self, *args, area: str, citizens: int, requests: int, keep: bool, **options):
        if citizens < 1 or requests < 1:
            raise CommandError("--citizens and --requests must be positive.")
        herning = Municipality.objects.get(code="657")
        try:
            staff, citizen = self._people(herning, citizens)
            pages = [
                ("front page (citizen)", citizen, "/"),
                ("profile (citizen)", citizen, "/konto/profil/"),
                ("citizen list (coordinator)", staff, "/personale/kommune/657/borgere/"),
                ("citizen search (coordinator)", staff, "/personale/kommune/657/borgere/?q=Bench+12"),
                ("citizen page (coordinator)", staff, f"/personale/kommune/657/borgere/{citizen.pk}/"),
            ]
            self.stdout.write(f"{connection.vendor}, {citizens:,} citizens in Herning, {requests} requests per page")
            self.stdout.write(f"{'page':32} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
            for label, user, path in pages:
                p50, p95, queries = self._measure(user, path, requests)
                self.stdout.write(f"{label:32} {p50:8.1f} {p95:8.1f} {queries:8d}")
        finally:
            if not keep:
                User.objects.filter(email__endswith="@" + BENCH_DOMAIN).delete()

    def _people(self, municipality, count: int):
        password = make_password("bench-only")
        existing = User.objects.filter(email__endswith="@" + BENCH_DOMAIN).count()
        batch = [
            User(
                email=f"bench{n}@{BENCH_DOMAIN}",
                display_name=f"Bench {n}",
                municipality=municipality,
                postal_code="7400",
                password=password,
            )
            for n in range(existing, count + 1)
        ]
        User.objects.bulk_create(batch, batch_size=5000)
        staff = User.objects.get(email=f"bench0@{BENCH_DOMAIN}")
        StaffMembership.objects.get_or_create(user=staff, municipality=municipality, role=StaffRole.COORDINATOR)
        # The two-factor gate is part of what every staff request pays, so it stays on: the bench coordinator
        # has an authenticator like real staff.
        if not Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(staff, "JBSWY3DPEHPK3PXP")
        citizen = User.objects.get(email=f"bench1@{BENCH_DOMAIN}")
        return staff, citizen

    def _measure(self, user, path: str, requests: int):
        client = Client()
        client.force_login(user)
        client.get(path)
        timings = []
        for _ in range(requests):
            start = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise CommandError(f"{path} answered {response.status_code}")
        reset_queries()
        with CaptureQueriesContext(connection) as context:
            client.get(path)
        timings.sort()
        return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], len(context.captured_queries)
