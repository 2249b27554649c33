"""``sammen bench search``: a national-size set of bubbles, and p50/p95 of the queries the bubble pages run.

Bubbles are generated in bulk from a Danish word list with inflections, compounds and rare words, so that
stemming, compound fragments and selectivity all matter as they would with real text; some bubbles get
conversations. Each measurement is a function that returns the query to time, so the inbox and conversation
measurements sit beside the search ones.
"""

import datetime
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.db import connection, reset_queries, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sammen.accounts.models import User
from sammen.bubbles.models import Bubble, BubbleStatus
from sammen.bubbles.queries import bubble_list
from sammen.messaging import queries as messaging
from sammen.messaging.models import Conversation, Message
from sammen.municipalities.models import Municipality
from sammen.search import services as search
from sammen.taxonomy.models import Category

BENCH_DOMAIN = "bubble-bench.sammen.invalid"
PAGE_SIZE = 20
# A list can say "more than 1,000" instead of counting every match; this measures what that costs.
CAPPED_COUNT = 1000
CONVERSATION_SHARE = 0.15  # of bubbles that someone answers
BATCH_SIZE = 5000
DEMO_MUNICIPALITIES = ["Herning", "Holstebro", "Skanderborg", "Kolding", "Ikast-Brande"]

# Per category: words, each with the inflections and compounds that real bubbles use. Earlier words are
# commoner (a Zipf distribution), so that there are common words, rare words and everything between.
TOPICS = {
    "gaature": [
        ("gåtur", "gåture", "gåturen", "gåturene", "gåturs"),
        ("vandretur", "vandreture", "vandreturen"),
        ("naturvandring", "naturvandringer"),
        ("hundeluftning", "hundeluftningen"),
        ("stavgang",),
    ],
    "ensomhed-og-venskab": [
        ("ven", "venner", "vennerne", "veninde", "veninder"),
        ("venskab", "venskaber", "venskabet"),
        ("besøgsven", "besøgsvenner", "besøgsvennen"),
        ("selskab", "selskabet"),
        ("snak", "snakke", "snakken"),
    ],
    "kreativitet": [
        ("strikkeklub", "strikkeklubben", "strikkeklubber"),
        ("strikning", "strikke", "strikker"),
        ("maleri", "malerier", "maleriet"),
        ("keramik", "keramikværksted"),
        ("hækling", "hækle"),
    ],
    "mad-og-faellesspisning": [
        ("kaffe", "kaffen", "eftermiddagskaffe"),
        ("fællesspisning", "fællesspisningen"),
        ("kage", "kager", "kagen"),
        ("madklub", "madklubben", "madklubber"),
        ("aftensmad", "aftensmaden"),
    ],
    "spil": [
        ("kortspil", "kortspillet", "kortspillene"),
        ("skak", "skakspil", "skakklub"),
        ("brætspil", "brætspillet", "brætspillene"),
        ("bridge", "bridgeklub"),
        ("whist",),
    ],
    "natur": [
        ("have", "haven", "haver", "havearbejde"),
        ("skov", "skoven", "skovtur", "skovture"),
        ("fuglekigning", "fugle", "fuglene"),
        ("fiskeri", "fisketur", "fisketure"),
    ],
    "traening-og-motion": [
        ("cykeltur", "cykelture", "cykling", "cykelklub"),
        ("løb", "løbetur", "løbeture", "løbeklub"),
        ("svømning", "svømmehallen"),
        ("yoga", "yogahold"),
        ("fitness", "fitnesscenter"),
    ],
    "kultur": [
        ("koncert", "koncerter", "koncerten"),
        ("museum", "museet", "museer"),
        ("læseklub", "læseklubben", "bøger", "bogen"),
        ("teater", "teatret", "teaterforestilling"),
        ("kor", "koret", "korsang"),
    ],
    "sprog": [("sprogcafé", "sprogcaféen"), ("dansk", "danskundervisning"), ("engelsk",)],
    "foraeldre-og-boern": [
        ("legeplads", "legepladsen"),
        ("mødregruppe", "mødregruppen"),
        ("barsel", "barselsgruppe"),
        ("fædregruppe",),
    ],
    "seniorliv": [("pensionist", "pensionister"), ("seniordans", "seniordansen"), ("petanque",)],
    "ung": [("gaming", "gamere"), ("studiegruppe", "studiegrupper"), ("festival", "festivaler")],
    "ny-i-byen": [("tilflytter", "tilflyttere"), ("byvandring", "byvandringen"), ("netværk", "netværket")],
    "psykisk-saarbarhed": [("samtalegruppe", "samtalegrupper"), ("angst",), ("stress", "stressramt")],
    "frivillig-og-borger-til-borger-hjaelp": [
        ("frivillig", "frivillige"),
        ("indkøbshjælp", "indkøb"),
        ("lektiehjælp", "lektier"),
    ],
}
TITLES = [
    "{T} i {place}",
    "{T} hver {day}",
    "Hvem vil med til {t}?",
    "{T} søger nye medlemmer",
    "{T} for {people}",
    "Savner {t} – {people} i {place}",
    "{T} og {t2}",
]
SENTENCES = [
    "Jeg er {age} år og {bio}.",
    "Vi mødes {day} ved {place} til {t}.",
    "Har du lyst til {t} eller {t2}, så skriv til mig.",
    "Det behøver ikke være noget stort – bare {t} og en god snak.",
    "Jeg har tidligere været med i {t}, men savner {t2}.",
    "Alle er velkomne, også hvis du er ny i {place}.",
    "Vi er {people}, der godt kan lide {t}.",
]
BIOS = ["bor alene", "lige flyttet hertil", "gået på pension", "studerende", "nybagt mor", "enkemand", "lidt genert"]
PEOPLE = ["seniorer", "unge", "nye i byen", "pensionister", "forældre", "studerende", "voksne", "tilflyttere"]
DAYS = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag", "weekend", "formiddag", "aften"]
# 240 made-up local places and 2,500 rare hobby compounds: each is in few bubbles, like most real words.
PLACES = [
    prefix + suffix
    for prefix in [
        "Ravns",
        "Eg",
        "Lind",
        "Birke",
        "Hammer",
        "Gulle",
        "Tjør",
        "Sønder",
        "Nørre",
        "Vester",
        "Øster",
        "Fjelde",
        "Kibæk",
        "Vild",
        "Hede",
        "Mølle",
        "Bøge",
        "Ask",
        "Elle",
        "Rosen",
    ]
    for suffix in ["bjerg", "strup", "holt", "ved", "rup", "lund", "borg", "høj", "dal", "skov", "ring", "toft"]
]
RARE = [
    first + second
    for first in [
        "fugle",
        "frimærke",
        "mønt",
        "svampe",
        "model",
        "sten",
        "planet",
        "bi",
        "kajak",
        "træ",
        "glas",
        "sølv",
        "lyng",
        "rav",
        "sejl",
        "kniv",
        "bue",
        "hør",
        "uld",
        "papir",
        "tegne",
        "brød",
        "øl",
        "vin",
        "ost",
        "urte",
        "stjerne",
        "sommerfugle",
        "veteranbil",
        "motorcykel",
        "radio",
        "ur",
        "dukke",
        "tin",
        "kobber",
        "læder",
        "kurve",
        "perle",
        "lys",
        "sæbe",
        "pile",
        "rose",
        "kaktus",
        "orkidé",
        "akvarie",
        "terrarie",
        "due",
        "høne",
        "ged",
        "hest",
    ]
    for second in [
        "samling",
        "kigning",
        "bygning",
        "jagt",
        "kursus",
        "værksted",
        "hold",
        "laug",
        "forening",
        "tur",
        "aften",
        "dag",
        "netværk",
        "gruppe",
        "snak",
        "cafe",
        "marked",
        "messe",
        "weekend",
        "skole",
        "venner",
        "træf",
        "hjørne",
        "kreds",
        "bord",
        "stue",
        "lejr",
        "rejse",
        "bog",
        "film",
        "quiz",
        "konkurrence",
        "udstilling",
        "foredrag",
        "sang",
        "dans",
        "musik",
        "leg",
        "spil",
        "projekt",
        "hygge",
        "time",
        "runde",
        "pause",
        "kaffe",
        "middag",
        "frokost",
        "morgen",
        "eftermiddag",
        "søndag",
    ]
]


@dataclass(frozen=True)
class Measurement:
    """One line of the report: ``query()`` gives a fresh queryset for each run; its page and count are timed."""

    label: str
    query: Callable[[], object]
    page_size: int = PAGE_SIZE


def run(*, stdout, bubbles: int, national: bool, queries: int, keep: bool) -> None:
    if settings.DEBUG:
        stdout.write("DEBUG is on, so Django keeps every query's SQL, which slows the bench down: run with DEBUG=0.")
    municipalities = _municipalities(national)
    try:
        started = time.perf_counter()
        created = _generate(municipalities, bubbles)
        if created:
            stdout.write(f"generated {created:,} bubbles in {time.perf_counter() - started:.0f} s")
        total = Bubble.objects.filter(author__email__endswith="@" + BENCH_DOMAIN).count()
        visible = Bubble.objects.visible().count()
        stdout.write(
            f"{connection.vendor}, {total:,} bench bubbles ({visible:,} visible) in {len(municipalities)} "
            f"municipalities, {queries} runs per query, {PAGE_SIZE} per page"
        )
        columns = ["rows p50", "rows p95", "count p50", "count p95", f"≤{CAPPED_COUNT} p50", f"≤{CAPPED_COUNT} p95"]
        stdout.write(f"{'query (ms)':40}" + "".join(f"{column:>11}" for column in columns) + "    matches queries")
        for measurement in measurements(municipalities):
            line = _measure(measurement, queries)
            figures = [line[f"{name}_{p}"] for name in ("rows", "count", "capped") for p in ("p50", "p95")]
            stdout.write(
                f"{measurement.label:40}"
                + "".join(f"{figure:11.1f}" for figure in figures)
                + f"{line['matches']:11,}{line['queries']:8d}"
            )
    finally:
        if not keep:
            removed = clean_up()
            stdout.write(f"removed {removed:,} bench bubbles")


def measurements(municipalities: list[Municipality]) -> list[Measurement]:
    rng = random.Random(7)
    anyone = AnonymousUser()
    biggest = max(municipalities, key=lambda m: m.population_over_14 or 0)
    categories = list(Category.objects.all())

    def searching(words: list[str], **options) -> Callable[[], object]:
        return lambda: bubble_list(viewer=anyone, query=rng.choice(words), **options)

    common = ["gåture", "venner", "kaffen", "haven", "cykelture"]
    rare = [rng.choice(RARE) for _ in range(20)]
    fragments = ["ven", "klub", "strik", "spil", "samling"]
    return [
        Measurement("search, common word", searching(common)),
        Measurement("search, common word, by relevance", searching(common, order="relevance")),
        Measurement("search, rare word", searching(rare)),
        Measurement("search, compound fragment", searching(fragments)),
        Measurement(
            "search, common word, one municipality",
            searching(common, municipality_ids=[biggest.pk]),
        ),
        Measurement("browse newest, all of Denmark", lambda: bubble_list(viewer=anyone)),
        Measurement(
            "browse one municipality and category",
            lambda: bubble_list(viewer=anyone, municipality_ids=[biggest.pk], category=rng.choice(categories)),
        ),
        *_messaging_measurements(),
    ]


def _messaging_measurements() -> list[Measurement]:
    """The inbox of the bench citizen with the most conversations, and the longest conversation's thread."""
    bench_conversations = Conversation.objects.filter(bubble__author__email__endswith="@" + BENCH_DOMAIN)
    busiest = (
        bench_conversations.values("author").annotate(conversations=Count("pk")).order_by("-conversations").first()
    )
    longest = bench_conversations.annotate(length=Count("messages")).order_by("-length").first()
    if busiest is None or longest is None:
        return []
    citizen = User.objects.get(pk=busiest["author"])
    return [
        Measurement(
            "inbox, busiest bench citizen",
            lambda: messaging.inbox(citizen),
            page_size=messaging.INBOX_PAGE_SIZE,
        ),
        Measurement(
            "conversation, longest thread",
            lambda: messaging.messages_in(messaging.conversation_for_party(longest.author, longest.pk)),
            page_size=longest.length,
        ),
    ]


def _measure(measurement: Measurement, runs: int) -> dict:
    """Times the first page, the exact count a paginator makes, and a count that stops at CAPPED_COUNT."""
    timings = {"rows": [], "count": [], "capped": []}
    matches = 0
    for _ in range(runs + 1):  # the first run warms the caches and is not counted
        start = time.perf_counter()
        queryset = measurement.query()  # included: on SQLite, search asks the text index first
        list(queryset[: measurement.page_size])
        timings["rows"].append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        matches = queryset.count()
        timings["count"].append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        queryset[:CAPPED_COUNT].count()
        timings["capped"].append((time.perf_counter() - start) * 1000)
    reset_queries()  # a full query log (DEBUG) would make the capture count nothing
    with CaptureQueriesContext(connection) as context:
        paginator = Paginator(measurement.query(), measurement.page_size)
        list(paginator.page(1).object_list)
    line = {"matches": matches, "queries": len(context.captured_queries)}
    for name, values in timings.items():
        line[f"{name}_p50"] = _percentile(values[1:], 50)
        line[f"{name}_p95"] = _percentile(values[1:], 95)
    return line


def _percentile(timings: list[float], percent: int) -> float:
    if len(timings) == 1:
        return timings[0]
    return statistics.quantiles(timings, n=100, method="inclusive")[percent - 1]


def _municipalities(national: bool) -> list[Municipality]:
    if national:
        return list(Municipality.objects.all())
    return list(Municipality.objects.filter(name__in=DEMO_MUNICIPALITIES))


def _generate(municipalities: list[Municipality], wanted: int) -> int:
    """Top up the bench bubbles to ``wanted`` (a kept set is reused); returns how many were made."""
    existing = Bubble.objects.filter(author__email__endswith="@" + BENCH_DOMAIN).count()
    if existing >= wanted:
        return 0
    authors = _authors(municipalities, max(100, wanted // 250))
    categories = {category.slug: category for category in Category.objects.all()}
    topics = [(categories[slug], words) for slug, words in TOPICS.items() if slug in categories]
    rng = random.Random(existing)
    now = timezone.now()
    first = now - datetime.timedelta(days=180)
    step = (now - first) / max(wanted - existing, 1)
    made = 0
    while made < wanted - existing:
        size = min(BATCH_SIZE, wanted - existing - made)
        batch = []
        for n in range(made, made + size):
            # Bubbles are written in the order they were made, as on a real site (a top-up of a kept set makes a
            # second such sequence over the same half year).
            created_at = first + step * n
            author = rng.choice(authors)
            category, words = rng.choice(topics)
            batch.append(_bubble(rng, author, category, words, created_at, now))
        with transaction.atomic():
            Bubble.objects.bulk_create(batch)
            search.index_objects(batch)
            _converse(rng, batch, authors)
        made += size
    search.optimize_index()
    # What autovacuum (PostgreSQL) or PRAGMA optimize (SQLite) does after so many new rows: without statistics
    # both planners take an index on status for a selective one and scan every open bubble.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return made


def _bubble(rng, author, category, words, created_at, now) -> Bubble:
    def word() -> str:
        forms = rng.choices(words, weights=[1 / (rank + 1) for rank in range(len(words))])[0]
        return rng.choice(forms)

    slots = {
        "place": rng.choice(PLACES),
        "day": rng.choice(DAYS),
        "people": rng.choice(PEOPLE),
        "age": rng.randint(16, 90),
        "bio": rng.choice(BIOS),
    }
    title = rng.choice(TITLES).format(t=word(), T=word().capitalize(), t2=word(), **slots)
    sentences = [template.format(t=word(), t2=word(), **slots) for template in rng.sample(SENTENCES, 3)]
    if rng.random() < 0.1:
        sentences.append(f"Er der andre, der er til {rng.choice(RARE)}?")
    age = (now - created_at).days
    if age < 90:
        status = BubbleStatus.CLOSED if rng.random() < 0.03 else BubbleStatus.OPEN
    else:
        status = BubbleStatus.CLOSED if rng.random() < 0.1 else BubbleStatus.EXPIRED
    age_min = rng.choice([15, 18, 25, 40, 60])
    return Bubble(
        author=author,
        title=title[:120],
        body=" ".join(sentences),
        category=category,
        municipality_id=author.municipality_id,
        age_min=age_min,
        age_max=rng.choice([age_min + 20, 120]),
        status=status,
        hidden_at=now if rng.random() < 0.003 else None,
        created_at=created_at,
        expires_at=created_at + datetime.timedelta(days=90),
    )


def _converse(rng, bubbles: list[Bubble], authors: list[User]) -> None:
    """Conversations with one to three responders on some bubbles, each a few messages back and forth."""
    conversations, threads = [], []
    for bubble in bubbles:
        if rng.random() >= CONVERSATION_SHARE:
            continue
        for responder in rng.sample(authors, rng.choice([1, 1, 2, 3])):
            if responder.pk == bubble.author_id:
                continue
            when = started = bubble.created_at + datetime.timedelta(minutes=rng.randint(10, 4000))
            thread = []
            for n in range(rng.choice([1, 2, 3, 5, 8, 13, 40])):
                when += datetime.timedelta(minutes=rng.randint(2, 900))
                sender = responder.pk if n % 2 == 0 else bubble.author_id
                thread.append(Message(sender_id=sender, body=rng.choice(SENTENCES), created_at=when))
            read = when if rng.random() < 0.7 else None
            conversations.append(
                Conversation(
                    bubble=bubble,
                    author_id=bubble.author_id,
                    responder=responder,
                    created_at=started,
                    last_message_at=when,
                    author_read_at=read,
                    responder_read_at=when,
                )
            )
            threads.append(thread)
    Conversation.objects.bulk_create(conversations)
    for conversation, thread in zip(conversations, threads, strict=True):
        for message in thread:
            message.conversation = conversation
            message.recipient_notified = True
    Message.objects.bulk_create([message for thread in threads for message in thread], batch_size=BATCH_SIZE)


def _authors(municipalities: list[Municipality], count: int) -> list[User]:
    """Bench citizens spread over the municipalities by population (evenly where it is not known)."""
    existing = list(User.objects.filter(email__endswith="@" + BENCH_DOMAIN).only("pk", "municipality_id"))
    if len(existing) >= count:
        return existing
    password = make_password("bench-only")
    weights = [m.population_over_14 or 40_000 for m in municipalities]
    rng = random.Random(len(existing))
    homes = rng.choices(municipalities, weights=weights, k=count - len(existing))
    User.objects.bulk_create(
        [
            User(
                email=f"author{len(existing) + n}@{BENCH_DOMAIN}",
                display_name=f"Bench {len(existing) + n}",
                municipality=home,
                password=password,
            )
            for n, home in enumerate(homes)
        ],
        batch_size=BATCH_SIZE,
    )
    return list(User.objects.filter(email__endswith="@" + BENCH_DOMAIN).only("pk", "municipality_id"))


def clean_up() -> int:
    """Delete the bench bubbles (with their search documents) in chunks, then their authors."""
    removed = 0
    mine = Bubble.objects.filter(author__email__endswith="@" + BENCH_DOMAIN)
    while chunk := list(mine.values_list("pk", flat=True)[:BATCH_SIZE]):
        with transaction.atomic():
            Bubble.objects.filter(pk__in=chunk).delete()
        removed += len(chunk)
    User.objects.filter(email__endswith="@" + BENCH_DOMAIN).delete()
    return removed
