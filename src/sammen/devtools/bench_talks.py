"""``sammen bench talks``: the national programmes "Snak sammen" and "Sprogven" with 50,000 volunteers' slots over
the next eight weeks (500,000 by default, a fifth of them booked), and p50/p95 and SQL query counts of what
citizens and volunteers wait for: the free-slot search with each filter, booking a slot, and the two sides' lists
of talks.

Every volunteer talks in "Snak sammen" and two in five in "Sprogven" too, mostly at weekly times and mostly in the
evening, in Danish and often one more language. The functions are the ones the pages call (``talks.queries``,
``talks.services.book``); each booking is rolled back, so every sample books a slot that is free.
"""

import datetime
import random
import time

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.db import connection, reset_queries, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sammen.accounts.models import User
from sammen.core.calendar import COPENHAGEN
from sammen.devtools.bench_activities import _percentile
from sammen.municipalities.models import Municipality, ParticipationPeriod
from sammen.talks import figures, queries, services
from sammen.talks.models import Booking, BookingStatus, Slot, SlotStatus, TimeOfDay
from sammen.volunteering.models import (
    AGREEMENT_VERSION,
    Programme,
    TalkChannel,
    Volunteer,
    VolunteerProfile,
    VolunteerStatus,
)

BENCH_DOMAIN = "talk-bench.sammen.invalid"
BATCH_SIZE = 5000
BOOKED_SHARE = 0.2
WITHDRAWN_SHARE = 0.03
SPROGVEN_SHARE = 0.4
# On a database where no municipality takes part, Herning takes part for the bench with a period that ends on
# this day, which no real period does: the clean-up finds it by that (also after runs with --keep).
BENCH_PERIOD_END = datetime.date(9999, 12, 31)
BOOKERS = 500  # citizens without bookings of their own, who book in the booking samples
# Local start hours and how often volunteers choose them: evenings most, mornings least.
HOURS = list(range(8, 22))
HOUR_WEIGHTS = [1, 2, 2, 2, 1, 1, 2, 2, 2, 3, 5, 6, 6, 4]
# Besides Danish, the languages volunteers speak, common ones first.
LANGUAGES = ["en", "de", "ar", "uk", "pl", "tr", "fa", "so", "ti"]
LANGUAGE_WEIGHTS = [30, 8, 5, 5, 4, 3, 2, 1, 1]
CHANNELS = [[TalkChannel.VIDEO, TalkChannel.PHONE], [TalkChannel.VIDEO], [TalkChannel.PHONE]]


def run(*, stdout, volunteers: int, slots: int, weeks: int, samples: int, keep: bool) -> None:
    if settings.DEBUG:
        stdout.write("DEBUG is on, so Django keeps every query's SQL, which slows the bench down: run with DEBUG=0.")
    snak = Programme.objects.get(slug="snak-sammen")
    sprogven = Programme.objects.get(slug="sprogven")
    try:
        municipality = _participating_municipality()
        started = time.perf_counter()
        made = _generate(municipality, [snak, sprogven], volunteers=volunteers, slots=slots, weeks=weeks)
        if made:
            stdout.write(f"generated {made:,} slots in {time.perf_counter() - started:.0f} s")
        mine = Slot.objects.filter(volunteer_user__email__endswith="@" + BENCH_DOMAIN)
        booked = Booking.objects.filter(volunteer_user__email__endswith="@" + BENCH_DOMAIN).count()
        stdout.write(
            f"{connection.vendor}, {mine.count():,} bench slots ({booked:,} booked) of "
            f"{Volunteer.objects.filter(user__email__endswith='@' + BENCH_DOMAIN).count():,} volunteerships, "
            f"{samples} samples each"
        )
        stdout.write(f"{'what':52} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
        for label, call in _measurements(snak, sprogven, samples):
            p50, p95, count = _measure(call, samples)
            stdout.write(f"{label:52} {p50:8.1f} {p95:8.1f} {count:8d}")
        # The coordinator's page: the national supply (a year of every programme's slots) comes from the cache
        # but for the first visit in ten minutes; "cold" empties the cache before each visit.
        def cold():
            cache.clear()
            figures.talk_figures(municipality)

        rounds = max(1, min(samples, 10))
        for label, call in (("cold", cold), ("warm", lambda: figures.talk_figures(municipality))):
            p50, p95, count = _measure(call, rounds)
            stdout.write(f"{'coordinator figures, ' + label + ' cache':52} {p50:8.1f} {p95:8.1f} {count:8d}")
    finally:
        if not keep:
            stdout.write(f"removed {clean_up():,} bench slots")


def _participating_municipality() -> Municipality:
    """A municipality that takes part today (citizens of others may not book); on a database without one,
    Herning takes part for the bench (and stops again in the clean-up)."""
    today = timezone.localdate()
    for municipality in Municipality.objects.filter(participation_periods__starts_on__lte=today).distinct():
        if municipality.participates_on():
            return municipality
    herning = Municipality.objects.get(code="657")
    ParticipationPeriod.objects.create(municipality=herning, starts_on=today, ends_on=BENCH_PERIOD_END)
    return herning


# --- Measuring ------------------------------------------------------------------------------------------------


def _measurements(snak, sprogven, samples: int):
    rng = random.Random(7)
    bench = "@" + BENCH_DOMAIN
    bookers = list(User.objects.filter(email__startswith="booker", email__endswith=bench))
    booked = Booking.objects.filter(volunteer_user__email__endswith=bench)
    citizens = list(User.objects.filter(pk__in=booked.values("citizen")[:samples]))
    talkers = list(User.objects.filter(pk__in=booked.values("volunteer_user")[:samples]))
    now = timezone.now()
    in_a_week = timezone.localdate() + datetime.timedelta(days=7)
    free = Slot.objects.filter(
        volunteer_user__email__endswith=bench, status=SlotStatus.FREE, starts_at__gt=now + datetime.timedelta(hours=1)
    )
    # Spread over the weeks: every n-th free slot, not just the earliest.
    total = free.count()
    step = max(1, total // max(1, samples * 4))
    targets = list(free.order_by("pk").values_list("pk", flat=True)[: step * samples * 4 : step])
    rng.shuffle(targets)

    def search(programme, **filters):
        return lambda: queries.free_slots(programme=programme, viewer=rng.choice(bookers), **filters)

    def book():
        slot = Slot.objects.select_related("programme").get(pk=targets.pop())
        citizen = rng.choice(bookers)
        channel = TalkChannel.VIDEO if TalkChannel.VIDEO in slot.channels else TalkChannel.PHONE
        return lambda: _book_and_roll_back(citizen, slot, channel)

    return [
        ("search: Snak sammen, no filter", search(snak)),
        ("search: Snak sammen, weekday", lambda: search(snak, weekday=rng.randrange(7))()),
        ("search: Snak sammen, a day a week from now", search(snak, day=in_a_week)),
        ("search: Snak sammen, morning", search(snak, time_of_day=TimeOfDay.MORNING)),
        ("search: Snak sammen, evening", search(snak, time_of_day=TimeOfDay.EVENING)),
        ("search: Snak sammen, phone", search(snak, channel=TalkChannel.PHONE)),
        ("search: Sprogven, language (English)", search(sprogven, language="en")),
        ("search: Sprogven, language (Tigrinya, rare)", search(sprogven, language="ti")),
        (
            "search: Sprogven, weekday + morning + Somali + phone",
            lambda: search(
                sprogven, weekday=rng.randrange(7), time_of_day=TimeOfDay.MORNING, language="so", channel="phone"
            )(),
        ),
        ("booking (talks.services.book, rolled back)", _Prepared(book)),
        ("volunteer's talks (talks.queries.volunteer_talks)", lambda: queries.volunteer_talks(rng.choice(talkers))),
        ("citizen's talks (talks.queries.citizen_talks)", lambda: queries.citizen_talks(rng.choice(citizens))),
    ]


class _Prepared:
    """A measurement whose setup (finding a free slot and a citizen) is not part of the time."""

    def __init__(self, prepare):
        self.prepare = prepare


def _book_and_roll_back(citizen, slot, channel) -> None:
    with transaction.atomic():
        services.book(citizen=citizen, slot=slot, channel=channel)
        transaction.set_rollback(True)


def _measure(call, samples: int) -> tuple[float, float, int]:
    timings = []
    for n in range(samples + 1):
        action = call.prepare() if isinstance(call, _Prepared) else call
        start = time.perf_counter()
        action()
        if n:  # the first run warms the caches and is not counted
            timings.append((time.perf_counter() - start) * 1000)
    action = call.prepare() if isinstance(call, _Prepared) else call
    reset_queries()  # a full query log (DEBUG) would make the capture count nothing
    with CaptureQueriesContext(connection) as context:
        action()
    return _percentile(timings, 50), _percentile(timings, 95), len(context.captured_queries)


# --- Generating ------------------------------------------------------------------------------------------------


def _generate(municipality, programmes, *, volunteers: int, slots: int, weeks: int) -> int:
    """Top up the bench to about ``slots`` slots of ``volunteers`` volunteers (a kept set is reused); returns how
    many slots were made."""
    bench = "@" + BENCH_DOMAIN
    if Slot.objects.filter(volunteer_user__email__endswith=bench).exists():
        return 0
    rng = random.Random(2026)
    snak, sprogven = programmes
    homes = list(Municipality.objects.all())
    password = make_password("bench-only")
    born = timezone.localdate().replace(year=timezone.localdate().year - 40, day=1)
    people = [
        User(
            email=f"volunteer{n}{bench}",
            display_name=f"Frivillig {n}",
            municipality=rng.choice(homes),
            date_of_birth=born,
            is_volunteer=True,
            password=password,
        )
        for n in range(volunteers)
    ]
    citizens = [
        User(
            email=f"citizen{n}{bench}",
            display_name=f"Borger {n}",
            municipality=municipality,
            date_of_birth=born,
            password=password,
        )
        for n in range(volunteers)
    ]
    bookers = [
        User(
            email=f"booker{n}{bench}",
            display_name=f"Bookende borger {n}",
            municipality=municipality,
            phone_number=f"+45{20_000_000 + n}",  # for the phone-only slots; not confirmed, so no SMS
            date_of_birth=born,
            password=password,
        )
        for n in range(BOOKERS)
    ]
    now = timezone.now()
    with transaction.atomic():
        User.objects.bulk_create(people + citizens + bookers, batch_size=BATCH_SIZE)
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in bookers + citizens],
            batch_size=BATCH_SIZE,
        )
        spoken = {}
        profiles = []
        for user in people:
            extra = rng.choices(LANGUAGES, weights=LANGUAGE_WEIGHTS, k=rng.choice([0, 1, 1, 2]))
            codes = ["da", *dict.fromkeys(extra)]
            spoken[user.pk] = f" {' '.join(codes)} "
            profiles.append(
                VolunteerProfile(
                    user=user,
                    motivation="Jeg kan lide at snakke med folk.",
                    presentation="Glad for haven, bøger og lange gåture.",
                    languages=[{"code": code, "level": "native" if code == "da" else "good"} for code in codes],
                )
            )
        VolunteerProfile.objects.bulk_create(profiles, batch_size=BATCH_SIZE)
        memberships = {}
        rows = []
        for user in people:
            chosen = [snak, sprogven] if rng.random() < SPROGVEN_SHARE else [snak]
            for programme in chosen:
                member = Volunteer(
                    user=user,
                    programme=programme,
                    status=VolunteerStatus.ACTIVE,
                    agreement_version=AGREEMENT_VERSION,
                    agreement_accepted_at=now,
                    course_passed_at=now,
                    approved_at=now,
                )
                memberships.setdefault(user.pk, []).append(member)
                rows.append(member)
        Volunteer.objects.bulk_create(rows, batch_size=BATCH_SIZE)

    first_day = timezone.localdate() + datetime.timedelta(days=1)
    made = 0
    booked = 0
    for start in range(0, volunteers, BATCH_SIZE):
        batch_slots, batch_bookings = [], []
        for index in range(start, min(volunteers, start + BATCH_SIZE)):
            user = people[index]
            # The slots still wanted, shared over the volunteers still to come.
            count = (slots - made) // (volunteers - index)
            for offset, hour, minute in _times(rng, count, weeks):
                member = rng.choice(memberships[user.pk])
                local = datetime.datetime.combine(
                    first_day + datetime.timedelta(days=offset), datetime.time(hour, minute), tzinfo=COPENHAGEN
                )
                starts_at = local.astimezone(datetime.UTC)
                draw = rng.random()
                status = SlotStatus.FREE
                if draw < BOOKED_SHARE:
                    status = SlotStatus.BOOKED
                elif draw < BOOKED_SHARE + WITHDRAWN_SHARE:
                    status = SlotStatus.WITHDRAWN
                slot = Slot(
                    volunteer=member,
                    programme=member.programme,
                    volunteer_user=user,
                    starts_at=starts_at,
                    ends_at=starts_at + datetime.timedelta(minutes=member.programme.talk_minutes),
                    local_weekday=local.weekday(),
                    local_hour=local.hour,
                    channels=rng.choice(CHANNELS),
                    languages=spoken[user.pk],
                    status=status,
                )
                batch_slots.append(slot)
                made += 1
        with transaction.atomic():
            Slot.objects.bulk_create(batch_slots, batch_size=BATCH_SIZE)
            for slot in batch_slots:
                if slot.status != SlotStatus.BOOKED:
                    continue
                citizen = citizens[booked % len(citizens)]
                booked += 1
                batch_bookings.append(
                    Booking(
                        slot=slot,
                        citizen=citizen,
                        volunteer_user=slot.volunteer_user,
                        programme=slot.programme,
                        citizen_municipality=municipality,
                        starts_at=slot.starts_at,
                        ends_at=slot.ends_at,
                        channel=slot.channels[0],
                        status=BookingStatus.BOOKED,
                    )
                )
            Booking.objects.bulk_create(batch_bookings, batch_size=BATCH_SIZE)
    # What autovacuum (PostgreSQL) or PRAGMA optimize (SQLite) does after so many new rows.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return made


def _times(rng, count: int, weeks: int) -> list[tuple[int, int, int]]:
    """``count`` different start times (days from tomorrow, hour, minute) of one volunteer within ``weeks``, mostly
    weekly: an hour apart at least, so that a volunteer's talks never overlap."""
    capacity = weeks * 7 * len(HOURS)
    count = min(count, capacity)
    chosen: dict[tuple[int, int], int] = {}
    while len(chosen) < count:
        day, hour, minute = rng.randrange(7), rng.choices(HOURS, weights=HOUR_WEIGHTS)[0], rng.choice([0, 30])
        if rng.random() < 0.7:  # a weekly time
            for week in range(weeks):
                if len(chosen) < count:
                    chosen.setdefault((week * 7 + day, hour), minute)
        else:
            chosen.setdefault((rng.randrange(weeks) * 7 + day, hour), minute)
    return [(offset, hour, minute) for (offset, hour), minute in chosen.items()]


def clean_up() -> int:
    """Delete the bench's bookings, slots, volunteers and people in chunks."""
    bench = "@" + BENCH_DOMAIN
    removed = 0
    bookings = Booking.objects.filter(volunteer_user__email__endswith=bench)
    while chunk := list(bookings.values_list("pk", flat=True)[:BATCH_SIZE]):
        Booking.objects.filter(pk__in=chunk).delete()
    slots = Slot.objects.filter(volunteer_user__email__endswith=bench)
    while chunk := list(slots.values_list("pk", flat=True)[:BATCH_SIZE]):
        with transaction.atomic():
            Slot.objects.filter(pk__in=chunk).delete()
        removed += len(chunk)
    people = User.objects.filter(email__endswith=bench)
    while chunk := list(people.values_list("pk", flat=True)[:BATCH_SIZE]):
        with transaction.atomic():
            Volunteer.objects.filter(user_id__in=chunk).delete()
            User.objects.filter(pk__in=chunk).delete()
    ParticipationPeriod.objects.filter(ends_on=BENCH_PERIOD_END).delete()
    return removed
