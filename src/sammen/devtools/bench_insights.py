"""``sammen bench insights``: the status report at national scale: 1,000,000 citizens (by default) over the 98
municipalities with birth dates and join dates over three years, 1,000,000 bubbles of which a realistic share got
a response, a yes or no a month for the citizens who look at bubbles, search terms per day, and programme data
(activities with sign-ups and referrals from their own benches, at a tenth of their national size); then p50/p95
and the SQL query count of the report for the biggest municipality and for Denmark: ``status_report`` and its
tables, as the page, the CSV and the XLSX build them, and the committee's PDF.

Rows are written with PostgreSQL's COPY (bulk_create elsewhere), so the national set is made in minutes. Every
bench row is marked (its people's e-mail domain, the programme benches' own marks) and removed afterwards unless
--keep. Run it against a database of its own (``DATABASE_URL=…/sammen_bench``): the report counts all the rows
there, and the clean-up removes every count of the bench's search terms.
"""

import datetime
import os
import random
import time

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, reset_queries, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sammen.accounts.models import User
from sammen.bubbles.models import Bubble, BubbleStatus, CrossMunicipalityViewing
from sammen.core.report import sections
from sammen.devtools import bench_activities, bench_referrals
from sammen.devtools.bench_activities import _percentile
from sammen.insights import figures
from sammen.insights.forms import default_period
from sammen.insights.tables import tables
from sammen.insights.views import pdf_document
from sammen.municipalities.models import Municipality
from sammen.search.models import SearchTermCount
from sammen.taxonomy.models import Category

BENCH_DOMAIN = "insights-bench.sammen.invalid"
BATCH_SIZE = 50_000
HISTORY_DAYS = 3 * 365
BIRTH_DATE_SHARE = 0.9  # of citizens who gave one
INACTIVE_SHARE = 0.02
ANSWERED_SHARE = 0.55  # of bubbles that got a response
VIEWER_SHARE = 0.3  # of citizens who look at bubbles at all; each in a few months
OTHER_SHARE = 0.35  # of a viewer's months in which they also looked at other municipalities' bubbles
TERMS_PER_DAY = 12  # distinct search terms a day in a municipality
# Citizens over 14 as the referral bench knows them (the database knows none): the biggest municipalities get
# their real share.
POPULATION_OVER_14 = bench_referrals.POPULATION_OVER_14
AVERAGE_POPULATION_OVER_14 = bench_referrals.AVERAGE_POPULATION_OVER_14
SEARCH_WORDS = [
    "gåtur", "strikning", "kaffe", "skak", "kor", "cykling", "fællesspisning", "yoga", "bridge", "have", "læseklub",
    "svømning", "sprogcafé", "løb", "maleri", "kortspil", "museum", "koncert", "petanque", "hundeluftning",
    "besøgsven", "mødregruppe", "fiskeri", "keramik", "brætspil", "seniordans", "lektiehjælp", "netværk", "teater",
    "fuglekigning", "stavgang", "madklub", "gaming", "festival", "tilflytter", "samtalegruppe", "indkøbshjælp",
]  # fmt: skip


def run(*, stdout, citizens: int, bubbles: int, repetitions: int, keep: bool) -> None:
    if settings.DEBUG:
        stdout.write("DEBUG is on, so Django keeps every query's SQL, which slows the bench down: run with DEBUG=0.")
    try:
        started = time.perf_counter()
        made = generate(citizens=citizens, bubbles=bubbles)
        if made:
            stdout.write(f"generated the data set ({made}) in {time.perf_counter() - started:.0f} s")
        first, last, compared = default_period()
        biggest = max(Municipality.objects.all(), key=_population)
        stdout.write(
            f"{connection.vendor}, {User.objects.count():,} people, {Bubble.objects.count():,} bubbles, "
            f"{CrossMunicipalityViewing.objects.count():,} viewing rows, {SearchTermCount.objects.count():,} search "
            f"term rows; period {first} – {last} compared with {compared}; {repetitions} runs each; "
            f"load average {' '.join(f'{n:.2f}' for n in os.getloadavg())}"
        )
        stdout.write(f"{'report':40} {'p50 ms':>9} {'p95 ms':>9} {'queries':>8}")
        for place, municipality in ((biggest.name, biggest), ("Denmark", None)):
            measure = _report_call(municipality, first, last, compared)
            p50, p95, count = _measure(measure, repetitions)
            stdout.write(f"{'report and tables, ' + place:40} {p50:9.1f} {p95:9.1f} {count:8d}")
            p50, p95, count = _measure(lambda m=municipality: _pdf(m, first, last, compared), repetitions)
            stdout.write(f"{'PDF, ' + place:40} {p50:9.1f} {p95:9.1f} {count:8d}")
            for label, call in _parts(municipality, first, last, compared):
                p50, p95, count = _measure(call, max(1, repetitions // 2))
                stdout.write(f"{'  ' + label:40} {p50:9.1f} {p95:9.1f} {count:8d}")
        stdout.write(f"load average {' '.join(f'{n:.2f}' for n in os.getloadavg())}")
    finally:
        if not keep:
            stdout.write(f"removed {clean_up():,} bench citizens")


def _report_call(municipality, first, last, compared):
    def call():
        report = figures.status_report(municipality, first=first, last=last, compared=compared)
        return tables(report)

    return call


def _parts(municipality, first, last, compared):
    """Each section, growth by month and the comparison of municipalities on their own, to see what costs what."""
    parts = [(section.key, lambda s=section: s.rows(municipality, first, last, compared)) for section in sections()]
    parts.append(("growth by month", lambda: figures.growth_by_month(municipality, first, last)))
    parts.append(("comparison of municipalities", lambda: figures.compare_municipalities(first, last)))
    return parts


def _pdf(municipality, first, last, compared) -> bytes:
    report = figures.status_report(municipality, first=first, last=last, compared=compared)
    return pdf_document(municipality, report)


def _measure(call, repetitions: int) -> tuple[float, float, int]:
    call()  # warm the caches; not counted
    timings = []
    for _ in range(repetitions):
        start = time.perf_counter()
        call()
        timings.append((time.perf_counter() - start) * 1000)
    reset_queries()
    with CaptureQueriesContext(connection) as context:
        call()
    return _percentile(timings, 50), _percentile(timings, 95), len(context.captured_queries)


def _population(municipality) -> int:
    return municipality.population_over_14 or POPULATION_OVER_14.get(municipality.code, AVERAGE_POPULATION_OVER_14)


# --- Generating ------------------------------------------------------------------------------------------------


def generate(*, citizens: int, bubbles: int) -> str:
    """Make the data set (a kept one is reused: returns "" then), and say what was made."""
    if User.objects.filter(email__endswith="@" + BENCH_DOMAIN).exists():
        return ""
    rng = random.Random(2026)
    now = timezone.now()
    municipalities = list(Municipality.objects.order_by("code"))
    weights = [_population(municipality) for municipality in municipalities]
    people = _citizens(rng, citizens, municipalities, weights, now)
    made_bubbles = _bubbles(rng, bubbles, people, now)
    viewings = _viewings(rng, people, now)
    # Search terms for as many days as fit the scale (three years at the national one), the programme benches at a
    # tenth of the citizens: a small run (the test's) stays small.
    terms = _search_terms(rng, municipalities, weights, now, days=min(HISTORY_DAYS, max(7, citizens // 900)))
    occurrences = bench_activities._generate(max(100, citizens // 10))
    referrals = bench_referrals._generate(
        max(100, citizens // 10), password=make_password("bench-only"), totp_secret="JBSWY3DPEHPK3PXP"
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return (
        f"{len(people):,} citizens, {made_bubbles:,} bubbles, {viewings:,} viewing rows, {terms:,} search term rows, "
        f"{occurrences:,} activity dates, {referrals:,} referrals"
    )


def _citizens(rng, count, municipalities, weights, now) -> list[tuple[int, int, datetime.datetime]]:
    """``count`` citizens, joined evenly over the last three years, aged 15 to 95 with more in the middle;
    returns (pk, municipality, joined) of each."""
    password = make_password("bench-only")
    homes = rng.choices([m.pk for m in municipalities], weights=weights, k=count)
    today = timezone.localdate(now)
    for start in range(0, count, BATCH_SIZE):
        batch = []
        for n in range(start, min(count, start + BATCH_SIZE)):
            joined = now - datetime.timedelta(seconds=rng.randrange(HISTORY_DAYS * 86400))
            born = None
            if rng.random() < BIRTH_DATE_SHARE:
                age_days = int(min(95, max(15, rng.gauss(50, 20))) * 365.25) + rng.randrange(365)
                born = today - datetime.timedelta(days=age_days)
            batch.append(
                User(
                    email=f"c{n}@{BENCH_DOMAIN}",
                    display_name=f"Bench {n}",
                    municipality_id=homes[n],
                    password=password,
                    date_of_birth=born,
                    date_joined=joined,
                    is_active=rng.random() >= INACTIVE_SHARE,
                )
            )
        _write(User, batch)
    return list(
        User.objects.filter(email__endswith="@" + BENCH_DOMAIN)
        .order_by("pk")
        .values_list("pk", "municipality_id", "date_joined")
    )


def _bubbles(rng, count, people, now) -> int:
    """``count`` bubbles by a fifth of the citizens (some write many), each made after its author joined; most of
    those older than a few days got a response."""
    categories = list(Category.objects.values_list("pk", flat=True))
    authors = rng.sample(people, max(1, len(people) // 5))
    made = 0
    while made < count:
        batch = []
        for _ in range(min(BATCH_SIZE, count - made)):
            if rng.random() < 0.8:
                pk, municipality, joined = rng.choice(authors)
            else:  # the few who write many
                pk, municipality, joined = authors[min(len(authors), int(rng.paretovariate(1.2))) - 1]
            created_at = joined + (now - joined) * rng.random()
            answered_at = None
            if rng.random() < ANSWERED_SHARE:
                answered_at = min(now, created_at + datetime.timedelta(minutes=rng.randint(5, 6000)))
            age = (now - created_at).days
            batch.append(
                Bubble(
                    author_id=pk,
                    title="Nogen der vil med?",
                    body="En boble til målinger.",
                    category_id=rng.choice(categories),
                    municipality_id=municipality,
                    age_min=18,
                    age_max=120,
                    status=BubbleStatus.OPEN if age < 90 else BubbleStatus.EXPIRED,
                    answered_at=answered_at,
                    created_at=created_at,
                    expires_at=created_at + datetime.timedelta(days=90),
                )
            )
        _write(Bubble, batch)
        made += len(batch)
    return made


def _viewings(rng, people, now) -> int:
    """A yes or no (looked at other municipalities' bubbles too) for the months in which a viewer looked."""
    this_month = timezone.localdate(now).replace(day=1)
    batch, made = [], 0
    for pk, municipality, joined in people:
        if rng.random() >= VIEWER_SHARE:
            continue
        month = timezone.localdate(joined).replace(day=1)
        months = []
        while month <= this_month:
            months.append(month)
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        for month in rng.sample(months, min(len(months), rng.randint(1, 8))):
            batch.append(
                CrossMunicipalityViewing(
                    user_id=pk, municipality_id=municipality, month=month, viewed_other=rng.random() < OTHER_SHARE
                )
            )
        if len(batch) >= BATCH_SIZE:
            made += _write(CrossMunicipalityViewing, batch)
            batch = []
    return made + _write(CrossMunicipalityViewing, batch)


def _search_terms(rng, municipalities, weights, now, *, days: int) -> int:
    """Counts of a dozen terms a day in each municipality (more in the big ones), for the last ``days`` days."""
    today = timezone.localdate(now)
    biggest = max(weights)
    batch, made = [], 0
    for day_number in range(days):
        day = today - datetime.timedelta(days=day_number)
        for municipality, weight in zip(municipalities, weights, strict=True):
            for term in rng.sample(SEARCH_WORDS, TERMS_PER_DAY):
                count = max(1, int(rng.paretovariate(1.5) * 20 * weight / biggest))
                batch.append(SearchTermCount(day=day, municipality_id=municipality.pk, term=term, count=count))
        if len(batch) >= BATCH_SIZE:
            made += _write(SearchTermCount, batch)
            batch = []
    return made + _write(SearchTermCount, batch)


def _write(model, objects: list) -> int:
    """Insert ``objects`` (without their pk): COPY on PostgreSQL, bulk_create elsewhere."""
    if not objects:
        return 0
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=5000)
        return len(objects)
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
            for obj in objects:
                copy.write_row([field.get_db_prep_save(field.pre_save(obj, add=True), connection) for field in fields])
    return len(objects)


def clean_up() -> int:
    """Delete the bench's rows: the programme benches' own, then the citizens with their bubbles, viewing rows and
    the search terms of the bench's days (in one statement per table: the cascade one by one would take hours)."""
    bench_activities.clean_up()
    bench_referrals.clean_up()
    people = User.objects.filter(email__endswith="@" + BENCH_DOMAIN)
    count = people.count()
    users, bubbles, viewings = (model._meta.db_table for model in (User, Bubble, CrossMunicipalityViewing))
    pattern = ["%@" + BENCH_DOMAIN]
    with transaction.atomic(), connection.cursor() as cursor:
        mine = f"SELECT id FROM {users} WHERE email LIKE %s"  # noqa: S608 - names are ours
        cursor.execute(f"DELETE FROM {bubbles} WHERE author_id IN ({mine})", pattern)  # noqa: S608 - names are ours
        cursor.execute(f"DELETE FROM {viewings} WHERE user_id IN ({mine})", pattern)  # noqa: S608 - names are ours
        SearchTermCount.objects.filter(term__in=SEARCH_WORDS).delete()
        # Nothing else refers to the bench citizens, so they go in one statement too.
        cursor.execute(f"DELETE FROM {users} WHERE email LIKE %s", pattern)  # noqa: S608 - names are ours
    return count
