"""``sammen bench activities``: a national calendar (200,000 dates by default over the 98 municipalities), and
p50/p95 and SQL query counts of the pages and feeds people and municipalities' web sites use to find them.

Activities are series of 4–16 dates (weekly, every other week, monthly) from a month ago to a year ahead, with
titles and descriptions from the bubble bench's Danish word lists (so that search meets common and rare words),
categories, target groups, accessibility features, some associations, some sign-ups and a few cancelled dates
and hidden activities. The pages are requested through Django's test client, so the figures are Sammen's own
work (queries, templates), not a web server's.
"""

import datetime
import random
import statistics
import time

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, reset_queries, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from sammen.accounts.models import User
from sammen.activities.models import Activity, Occurrence, SignUp, SignUpStatus
from sammen.associations.models import Association
from sammen.core.calendar import Recurrence
from sammen.devtools.bench_bubbles import PLACES, RARE, TOPICS
from sammen.municipalities.models import Municipality
from sammen.search import services as search
from sammen.taxonomy.models import Category, Term
from sammen.taxonomy.vocabularies import Vocabulary

BENCH_DOMAIN = "activity-bench.sammen.invalid"
BATCH_SIZE = 2000  # activities per batch, each with its dates, tags, sign-ups and search documents
STEPS = {
    Recurrence.WEEKLY: datetime.timedelta(days=7),
    Recurrence.BIWEEKLY: datetime.timedelta(days=14),
    Recurrence.MONTHLY: datetime.timedelta(days=28),
}
SIGNUP_SHARE = 0.15  # of dates with a sign-up list that somebody has signed up for
TITLES = ["{T} i {place}", "{T} for alle", "{T} hver {day}", "{T} og {t2}", "Kom til {t} i {place}"]
DAYS = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
COMMON_WORDS = ["gåtur", "kaffe", "strikning", "kortspil", "cykeltur"]


def run(*, stdout, occurrences: int, requests: int, keep: bool) -> None:
    if settings.DEBUG:
        stdout.write("DEBUG is on, so Django keeps every query's SQL, which slows the bench down: run with DEBUG=0.")
    try:
        started = time.perf_counter()
        made = _generate(occurrences)
        if made:
            stdout.write(f"generated {made:,} dates in {time.perf_counter() - started:.0f} s")
        total = Occurrence.objects.filter(activity__created_by__email__endswith="@" + BENCH_DOMAIN).count()
        activities = Activity.objects.filter(created_by__email__endswith="@" + BENCH_DOMAIN).count()
        stdout.write(
            f"{connection.vendor}, {total:,} bench dates of {activities:,} activities in "
            f"{Municipality.objects.count()} municipalities, {requests} requests per page"
        )
        stdout.write(f"{'page':52} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
        measured = pages()
        # The feeds are measured as they are made, not as the cache hands them out (one line shows that).
        with override_settings(SAMMEN_FEED_CACHE_SECONDS=0):
            for label, paths in measured:
                p50, p95, queries = _measure(paths, requests)
                stdout.write(f"{label:52} {p50:8.1f} {p95:8.1f} {queries:8d}")
        label, paths = measured[-1]
        p50, p95, queries = _measure(paths, requests)
        stdout.write(f"{label + ', cached':52} {p50:8.1f} {p95:8.1f} {queries:8d}")
    finally:
        if not keep:
            stdout.write(f"removed {clean_up():,} bench activities")


def pages() -> list[tuple[str, list[str]]]:
    """What is measured; several paths for one line are requested in turn (e.g. different search words)."""
    rng = random.Random(11)
    busiest = Occurrence.objects.values("municipality").annotate(dates=Count("pk")).order_by("-dates").first()
    biggest = Municipality.objects.get(pk=busiest["municipality"])
    middle = Municipality.objects.filter(slug="herning").first() or biggest
    month = timezone.localdate() + datetime.timedelta(days=31)
    rare = [f"/aktiviteter/?q={rng.choice(RARE)}" for _ in range(20)]
    return [
        ("list, all of Denmark", ["/aktiviteter/"]),
        (f"list, {biggest.name}", [f"/aktiviteter/?kommune={biggest.slug}"]),
        (f"list, {middle.name}", [f"/aktiviteter/?kommune={middle.slug}"]),
        ("list, category + target group", ["/aktiviteter/?kategori=gaature&maalgruppe=seniorer-85"]),
        (
            f"list, {middle.name} + category + target group + access",
            [f"/aktiviteter/?kommune={middle.slug}&kategori=gaature&maalgruppe=alle&tilgaengelighed=teleslynge"],
        ),
        (f"calendar month, {biggest.name}", [f"/aktiviteter/kalender/?kommune={biggest.slug}&maaned={month:%Y-%m}"]),
        (f"calendar month, {middle.name}", [f"/aktiviteter/kalender/?kommune={middle.slug}&maaned={month:%Y-%m}"]),
        ("search, common word", [f"/aktiviteter/?q={word}" for word in COMMON_WORDS]),
        ("search, rare word", rare),
        (f"search, common word, {middle.name}", [f"/aktiviteter/?q={w}&kommune={middle.slug}" for w in COMMON_WORDS]),
        (f"JSON feed, {middle.name} (100 dates)", [f"/aktiviteter/kommune/{middle.slug}.json"]),
        (f"embedded list, {middle.name}", [f"/aktiviteter/indlejr/{middle.slug}/"]),
        (f"iCal feed, {middle.name} (a year, ≤1000 dates)", [f"/aktiviteter/kommune/{middle.slug}.ics"]),
    ]


def _measure(paths: list[str], requests: int) -> tuple[float, float, int]:
    client = Client()
    for path in paths:  # warm the caches; not counted
        client.get(path)
    timings = []
    for n in range(requests):
        path = paths[n % len(paths)]
        start = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
    reset_queries()  # a full query log (DEBUG) would make the capture count nothing
    with CaptureQueriesContext(connection) as context:
        client.get(paths[0])
    return _percentile(timings, 50), _percentile(timings, 95), len(context.captured_queries)


def _percentile(timings: list[float], percent: int) -> float:
    if len(timings) == 1:
        return timings[0]
    return statistics.quantiles(timings, n=100, method="inclusive")[percent - 1]


# --- Generating ------------------------------------------------------------------------------------------------


def _generate(wanted: int) -> int:
    """Top up the bench dates to about ``wanted`` (a kept set is reused); returns how many were made."""
    existing = Occurrence.objects.filter(activity__created_by__email__endswith="@" + BENCH_DOMAIN).count()
    if existing >= wanted:
        return 0
    municipalities = list(Municipality.objects.all())
    weights = [m.population_over_14 or 40_000 for m in municipalities]
    people = _people(municipalities, weights, max(200, wanted // 100))
    associations = _associations(municipalities, weights, max(20, wanted // 400))
    categories = {category.slug: category for category in Category.objects.all()}
    topics = [(categories[slug], words) for slug, words in TOPICS.items() if slug in categories]
    target_groups = list(Term.objects.of(Vocabulary.TARGET_GROUP))
    features = list(Term.objects.of(Vocabulary.ACCESSIBILITY))
    rng = random.Random(existing)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    made = 0
    while made < wanted - existing:
        batch = []
        # A series has 10 dates on average, so this many activities make about the dates still wanted.
        for _ in range(min(BATCH_SIZE, max(1, (wanted - existing - made) // 10))):
            category, words = rng.choice(topics)
            place = rng.choices(municipalities, weights=weights)[0]
            batch.append(_activity(rng, category, words, place, people, associations, now))
        with transaction.atomic():
            Activity.objects.bulk_create(batch)
            dates = []
            for activity in batch:
                dates.extend(_dates(rng, activity, now))
            Occurrence.objects.bulk_create(dates, batch_size=5000)
            _tag(rng, batch, target_groups, features)
            _sign_up(rng, dates, people)
            search.index_objects(batch)
        made += len(dates)
    search.optimize_index()
    # What autovacuum (PostgreSQL) or PRAGMA optimize (SQLite) does after so many new rows.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return made


def _word(rng, words) -> str:
    forms = rng.choices(words, weights=[1 / (rank + 1) for rank in range(len(words))])[0]
    return rng.choice(forms)


def _activity(rng, category, words, place, people, associations, now) -> Activity:
    slots = {"place": rng.choice(PLACES), "day": rng.choice(DAYS)}
    title = rng.choice(TITLES).format(
        T=_word(rng, words).capitalize(), t=_word(rng, words), t2=_word(rng, words), **slots
    )
    description = " ".join(
        [
            f"Vi mødes {slots['day']} ved {slots['place']} til {_word(rng, words)}.",
            f"Alle er velkomne – også hvis du aldrig har prøvet {_word(rng, words)} før.",
            *([f"Bagefter er der {rng.choice(RARE)}."] if rng.random() < 0.1 else []),
        ]
    )
    organiser = rng.choice(people)
    association = rng.choice(associations) if rng.random() < 0.4 else None
    capacity = rng.choice([8, 10, 12, 15, 20, 30]) if rng.random() < 0.6 else None
    online = rng.random() < 0.05
    return Activity(
        title=title[:120],
        description=description,
        category=category,
        created_by=organiser,
        association=association,
        municipality=place,
        address="" if online else f"{rng.choice(PLACES)}vej {rng.randint(1, 120)}",
        postal_code="" if online else f"{rng.randint(1000, 9990)}",
        online_url="https://møde.example.dk/bench" if online else "",
        signup_required=capacity is not None or rng.random() < 0.5,
        capacity=capacity,
        recurrence=rng.choice(list(STEPS)),
        hidden_at=now if rng.random() < 0.005 else None,
        cancelled_at=now if rng.random() < 0.01 else None,
        created_at=now - datetime.timedelta(days=rng.randint(30, 400)),
    )


def _dates(rng, activity: Activity, now) -> list[Occurrence]:
    step = STEPS[activity.recurrence]
    first = now + datetime.timedelta(days=rng.randint(-30, 330), hours=rng.randint(-6, 10))
    length = datetime.timedelta(minutes=rng.choice([60, 90, 120, 180]))
    return [
        Occurrence(
            activity=activity,
            municipality_id=activity.municipality_id,
            starts_at=first + step * n,
            ends_at=first + step * n + length,
            capacity=activity.capacity,
            cancelled_at=now if rng.random() < 0.02 else None,
        )
        for n in range(rng.randint(4, 16))
    ]


def _tag(rng, activities, target_groups, features) -> None:
    groups = Activity.target_groups.through
    access = Activity.accessibility.through
    everyone = next(term for term in target_groups if term.slug == "alle")
    group_rows, access_rows = [], []
    for activity in activities:
        chosen = {everyone} if rng.random() < 0.5 else set(rng.sample(target_groups, rng.randint(1, 2)))
        group_rows += [groups(activity_id=activity.pk, term_id=term.pk) for term in chosen]
        access_rows += [access(activity_id=activity.pk, term_id=t.pk) for t in rng.sample(features, rng.randint(0, 3))]
    groups.objects.bulk_create(group_rows, batch_size=5000)
    access.objects.bulk_create(access_rows, batch_size=5000)


def _sign_up(rng, dates: list[Occurrence], people: list[User]) -> None:
    rows = []
    for occurrence in dates:
        if occurrence.capacity is None or rng.random() >= SIGNUP_SHARE:
            continue
        # Up to three more than the seats: the rest wait, as after a popular date fills.
        for position, person in enumerate(rng.sample(people, rng.randint(1, occurrence.capacity + 3))):
            status = SignUpStatus.CONFIRMED if position < occurrence.capacity else SignUpStatus.WAITLISTED
            rows.append(SignUp(occurrence=occurrence, user=person, status=status))
    SignUp.objects.bulk_create(rows, batch_size=5000)


def _people(municipalities, weights, count: int) -> list[User]:
    existing = list(User.objects.filter(email__endswith="@" + BENCH_DOMAIN).only("pk", "municipality_id"))
    if len(existing) >= count:
        return existing
    password = make_password("bench-only")
    rng = random.Random(len(existing))
    homes = rng.choices(municipalities, weights=weights, k=count - len(existing))
    User.objects.bulk_create(
        [
            User(
                email=f"organiser{len(existing) + n}@{BENCH_DOMAIN}",
                display_name=f"Bench {len(existing) + n}",
                municipality=home,
                password=password,
            )
            for n, home in enumerate(homes)
        ],
        batch_size=5000,
    )
    return list(User.objects.filter(email__endswith="@" + BENCH_DOMAIN).only("pk", "municipality_id"))


def _associations(municipalities, weights, count: int) -> list[Association]:
    mine = Association.objects.filter(contact_email__endswith="@" + BENCH_DOMAIN)
    existing = mine.count()
    if existing < count:
        rng = random.Random(existing)
        homes = rng.choices(municipalities, weights=weights, k=count - existing)
        Association.objects.bulk_create(
            Association(
                name=f"Benchforeningen {existing + n}",
                slug=f"benchforeningen-{existing + n}",
                description="En forening til målinger.",
                municipality=home,
                contact_email=f"forening{existing + n}@{BENCH_DOMAIN}",
            )
            for n, home in enumerate(homes)
        )
    return list(mine.only("pk", "name"))


def clean_up() -> int:
    """Delete the bench activities (with dates, sign-ups and search documents) in chunks, then the rest."""
    removed = 0
    mine = Activity.objects.filter(created_by__email__endswith="@" + BENCH_DOMAIN)
    while chunk := list(mine.values_list("pk", flat=True)[:BATCH_SIZE]):
        with transaction.atomic():
            SignUp.objects.filter(occurrence__activity_id__in=chunk).delete()
            Occurrence.objects.filter(activity_id__in=chunk).delete()
            Activity.objects.filter(pk__in=chunk).delete()
        removed += len(chunk)
    Association.objects.filter(contact_email__endswith="@" + BENCH_DOMAIN).delete()
    User.objects.filter(email__endswith="@" + BENCH_DOMAIN).delete()
    return removed
