"""``sammen bench <area>``: p50/p95 times on the configured database, with bench data made in bulk and removed
afterwards (unless --keep).

- ``pages``: the foundation's pages as the number of citizens grows, in-process through Django's test client, so
  it measures Sammen's own work (queries, templates), not a web server.
- ``search``: bubble search and browsing at 200,000 bubbles, or 1,000,000 over the 98 municipalities with
  ``--national`` (see ``sammen.devtools.bench_bubbles``).
- ``activities``: the activity list, calendar, search and feeds at 200,000 dates over the 98 municipalities
  (see ``sammen.devtools.bench_activities``).
- ``talks``: the free-slot search, booking and the lists of talks at 500,000 slots of 50,000 volunteers (see
  ``sammen.devtools.bench_talks``).
- ``referrals``: the referrers' dashboard, the overdue list, a referral's page and a receiver contact's pages at
  500,000 referrals over the 98 municipalities (see ``sammen.devtools.bench_referrals``).
- ``insights``: the status report (and its PDF, where there is one) for the biggest municipality and for Denmark at
  1,000,000 citizens and 1,000,000 bubbles with programme data (see ``sammen.devtools.bench_insights``).
- ``matching``: the matching engine on synthetic people over Denmark, in memory: visiting friends, a national and
  a municipality-size Christmas campaign, beside greedy matching and the bound (see
  ``sammen.devtools.bench_matching``).
"""

import functools
import statistics
import time

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sammen.accounts.models import User
from sammen.devtools import bench_activities as activity_bench
from sammen.devtools import bench_bubbles as bubble_bench
from sammen.devtools import bench_insights as insights_bench
from sammen.devtools import bench_matching as matching_bench
from sammen.devtools import bench_referrals as referral_bench
from sammen.devtools import bench_talks as talk_bench
from sammen.municipalities.models import Municipality, StaffMembership, StaffRole

BENCH_DOMAIN = "bench.sammen.invalid"
BENCH_PASSWORD = "bench-only"
BENCH_TOTP_SECRET = "JBSWY3DPEHPK3PXP"


class Command(BaseCommand):
    help = (
        "Measure times (p50/p95) and query counts. "
        "Areas: pages, search, activities, talks, matching, referrals, insights."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "area", choices=["pages", "search", "activities", "talks", "matching", "referrals", "insights"]
        )
        parser.add_argument("--keep", action="store_true", help="keep the bench data afterwards (and reuse it)")
        pages = parser.add_argument_group("pages")
        pages.add_argument("--citizens", type=int, help="default 20,000 (pages), 1,000,000 (insights)")
        pages.add_argument(
            "--requests",
            type=int,
            help="requests of each page (pages, activities, referrals: 100; insights: 20 reports) or to match"
            " (matching)",
        )
        bubbles = parser.add_argument_group("search")
        bubbles.add_argument("--bubbles", type=int, help="how many bubbles (default 200,000; 1,000,000 national)")
        bubbles.add_argument("--national", action="store_true", help="spread the bubbles over all 98 municipalities")
        bubbles.add_argument("--queries", type=int, default=50, help="runs of each query")
        activities = parser.add_argument_group("activities")
        activities.add_argument("--occurrences", type=int, default=200_000, help="how many activity dates")
        talks = parser.add_argument_group("talks")
        talks.add_argument("--volunteers", type=int, help="default 50,000 (talks), 20,000 (matching)")
        talks.add_argument("--slots", type=int, default=500_000, help="how many slots over the coming weeks")
        talks.add_argument("--weeks", type=int, default=8, help="weeks ahead the slots run")
        talks.add_argument("--samples", type=int, default=100, help="runs of each measurement")
        referrals = parser.add_argument_group("referrals (also --requests)")
        referrals.add_argument("--referrals", type=int, default=500_000, help="how many referrals")
        matching = parser.add_argument_group("matching (also --requests, default 100,000, --volunteers, 20,000)")
        matching.add_argument("--candidates", type=int, default=25, help="candidates kept per request")
        matching.add_argument("--hosts", type=int, default=5_000, help="Christmas hosts (national)")
        matching.add_argument("--parties", type=int, default=8_000, help="Christmas guest parties (national)")
        matching.add_argument("--small", type=int, default=300, help="parties of the municipality-size campaign")

    def handle(self, *args, area: str, keep: bool, **options):
        # --requests and --volunteers mean the same in each area, but an area's default fits its own scale.
        if options["requests"] is None:
            options["requests"] = {"matching": 100_000, "insights": 20}.get(area, 100)
        if options["volunteers"] is None:
            options["volunteers"] = 20_000 if area == "matching" else 50_000
        if options["citizens"] is None:
            options["citizens"] = 1_000_000 if area == "insights" else 20_000
        if area == "search":
            self._search(keep=keep, **options)
        elif area == "activities":
            if options["occurrences"] < 1 or options["requests"] < 1:
                raise CommandError("--occurrences and --requests must be positive.")
            activity_bench.run(
                stdout=self.stdout, occurrences=options["occurrences"], requests=options["requests"], keep=keep
            )
        elif area == "talks":
            self._talks(keep=keep, **options)
        elif area == "matching":
            self._matching(**options)
        elif area == "referrals":
            if options["referrals"] < 1 or options["requests"] < 1:
                raise CommandError("--referrals and --requests must be positive.")
            referral_bench.run(
                stdout=self.stdout, referrals=options["referrals"], requests=options["requests"], keep=keep
            )
        elif area == "insights":
            self._insights(keep=keep, **options)
        else:
            self._pages(keep=keep, citizens=options["citizens"], requests=options["requests"])

    def _search(self, *, keep: bool, bubbles: int | None, national: bool, queries: int, **options):
        if bubbles is None:
            bubbles = 1_000_000 if national else 200_000
        if bubbles < 1 or queries < 1:
            raise CommandError("--bubbles and --queries must be positive.")
        bubble_bench.run(stdout=self.stdout, bubbles=bubbles, national=national, queries=queries, keep=keep)

    def _insights(self, *, keep: bool, citizens: int, bubbles: int | None, requests: int, **options):
        bubbles = 1_000_000 if bubbles is None else bubbles
        if min(citizens, bubbles, requests) < 1:
            raise CommandError("--citizens, --bubbles and --requests must be positive.")
        insights_bench.run(stdout=self.stdout, citizens=citizens, bubbles=bubbles, repetitions=requests, keep=keep)

    def _talks(self, *, keep: bool, volunteers: int, slots: int, weeks: int, samples: int, **options):
        if min(volunteers, slots, weeks, samples) < 1:
            raise CommandError("--volunteers, --slots, --weeks and --samples must be positive.")
        talk_bench.run(stdout=self.stdout, volunteers=volunteers, slots=slots, weeks=weeks, samples=samples, keep=keep)

    def _matching(
        self, *, requests: int, volunteers: int, candidates: int, hosts: int, parties: int, small: int, **options
    ):
        if min(requests, volunteers, candidates, hosts, parties, small) < 1:
            raise CommandError(
                "--requests, --volunteers, --candidates, --hosts, --parties and --small must be positive."
            )
        matching_bench.run(
            stdout=self.stdout,
            requests=requests,
            volunteers=volunteers,
            candidates_per_request=candidates,
            hosts=hosts,
            parties=parties,
            small=small,
        )

    def _pages(self, *, citizens: int, requests: int, keep: bool):
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
        password = make_password(BENCH_PASSWORD)
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
            TOTP.activate(staff, BENCH_TOTP_SECRET)
        citizen = User.objects.get(email=f"bench1@{BENCH_DOMAIN}")
        for person in (staff, citizen):  # the two who log in: with a verified address, as allauth requires
            EmailAddress.objects.get_or_create(
                user=person, email=person.email, defaults={"verified": True, "primary": True}
            )
        return staff, citizen

    def _measure(self, user, path: str, requests: int):
        client = _logged_in(user)
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


@functools.cache
def _logged_in(user) -> Client:
    """One client per person (a two-factor code counts once), logged in the way people log in: the password,
    and for staff the two-factor code too (a staff page needs a session that passed it)."""
    client = Client()
    response = client.post("/konto/login/", {"login": user.email, "password": BENCH_PASSWORD})
    if response.status_code == 302 and response["Location"].startswith("/konto/2fa/authenticate/"):
        code = format_hotp_value(hotp_value(BENCH_TOTP_SECRET, int(time.time()) // 30))
        client.post("/konto/2fa/authenticate/", {"code": code})
    return client
