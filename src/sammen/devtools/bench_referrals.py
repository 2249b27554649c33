"""``sammen bench referrals``: 500,000 referrals (by default) over the 98 municipalities, shared by their citizens
over 14, received over the last two years, with their consent and first event; and p50/p95 with the SQL query count
of the pages referrers and receivers wait for, in the biggest municipality: the dashboard (open referrals, the
default), the overdue list (the dashboard's filter ``?status=overdue``), a referral's page, and a receiver contact's
list and referral page.

The pages are requested in-process through Django's test client, logged in the way people log in (a referrer with
the password and the second factor, as ``sammen bench pages`` does), so this measures Sammen's own work: queries,
the figures, templates and the access-log rows each page writes. Older referrals mostly have ended (completed,
declined, dropped out), recent ones are mostly open, and a few have passed their deadline without a first contact.
The access-log rows the pages write stay, as every access-log row does, until the retention purge.
"""

import datetime
import os
import random
import time

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.db import connection, reset_queries, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sammen.accounts.models import User
from sammen.devtools.bench_activities import _percentile
from sammen.municipalities.models import Municipality, MunicipalUnit, StaffMembership, StaffRole
from sammen.referrals.models import (
    OPEN_STATUSES,
    ConsentWay,
    EndReason,
    EventKind,
    Receiver,
    ReceiverContact,
    ReceiverKind,
    Referral,
    ReferralConsent,
    ReferralEvent,
    ReferralStatus,
    Sender,
    Source,
)

BENCH_DOMAIN = "referral-bench.sammen.invalid"
BENCH_PREFIX = "Bench-henvisning"  # the names of the bench's units, receivers and senders start with it
BATCH_SIZE = 5000
RECEIVERS_PER_MUNICIPALITY = 8
FOLLOW_UP_DAYS = [7, 14, 14, 21]
HISTORY_DAYS = 730
EXTERNAL_SHARE = 0.2
SENDERS = 20
# Where a referral's course has got to: while its deadline runs, and after it.
WITHIN_DEADLINE = [(ReferralStatus.SENT, 60), (ReferralStatus.CONTACTED, 30), (ReferralStatus.STARTED, 10)]
AFTER_DEADLINE = [
    (ReferralStatus.SENT, 3),  # overdue: no first contact yet
    (ReferralStatus.CONTACTED, 7),
    (ReferralStatus.STARTED, 15),
    (ReferralStatus.COMPLETED, 45),
    (ReferralStatus.DECLINED, 12),
    (ReferralStatus.DROPPED_OUT, 15),
    (ReferralStatus.WITHDRAWN, 3),
]
# Citizens over 14 where the database does not know them (about, 2024): the four big cities, and the average of the
# others, so that the biggest municipality gets its real share (about a ninth) of the referrals.
POPULATION_OVER_14 = {"101": 560_000, "751": 310_000, "851": 190_000, "461": 175_000}
AVERAGE_POPULATION_OVER_14 = 40_000
DETAIL_SAMPLES = 20
# The dashboard's figures are cached until a referral changes (``referrals.queries.cached_dashboard_figures``): this
# line empties the cache before each request (a tenth as many), so it shows what the first visit after a change costs.
COLD = "dashboard, figures not cached"  # referral pages are requested in turn, not the same one each time


def run(*, stdout, referrals: int, requests: int, keep: bool) -> None:
    # bench.py logs people in; imported here, as bench.py imports this module.
    from sammen.devtools.management.commands.bench import BENCH_PASSWORD, BENCH_TOTP_SECRET, _logged_in

    if settings.DEBUG:
        stdout.write("DEBUG is on, so Django keeps every query's SQL, which slows the bench down: run with DEBUG=0.")
    try:
        started = time.perf_counter()
        made = _generate(referrals, password=make_password(BENCH_PASSWORD), totp_secret=BENCH_TOTP_SECRET)
        if made:
            stdout.write(f"generated {made:,} referrals in {time.perf_counter() - started:.0f} s")
        referrer = User.objects.get(email=f"referrer@{BENCH_DOMAIN}")
        contact = User.objects.get(email=f"contact@{BENCH_DOMAIN}")
        municipality = StaffMembership.objects.get(user=referrer, role=StaffRole.REFERRER).municipality
        mine = Referral.objects.filter(receiver__name__startswith=BENCH_PREFIX)
        here = mine.filter(municipality=municipality)
        today = timezone.localdate()
        stdout.write(
            f"{connection.vendor}, {mine.count():,} bench referrals over "
            f"{mine.values('municipality').distinct().count()} municipalities; {municipality.name}: "
            f"{here.count():,} ({here.filter(status__in=OPEN_STATUSES).count():,} open, "
            f"{here.filter(status=ReferralStatus.SENT, deadline_on__lt=today).count():,} overdue), "
            f"{requests} requests per page, load average {' '.join(f'{n:.2f}' for n in os.getloadavg())}"
        )
        stdout.write(f"{'page':52} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
        for label, user, paths in _pages(municipality, referrer, contact):
            cold = label.startswith(COLD)
            p50, p95, count = _measure(_logged_in(user), paths, requests if not cold else max(1, requests // 10), cold)
            stdout.write(f"{label:52} {p50:8.1f} {p95:8.1f} {count:8d}")
        stdout.write(f"load average {' '.join(f'{n:.2f}' for n in os.getloadavg())}")
    finally:
        if not keep:
            stdout.write(f"removed {clean_up():,} bench referrals")


def _pages(municipality, referrer, contact):
    base = f"/personale/kommune/{municipality.code}/henvisninger/"
    rng = random.Random(12)
    here = list(
        Referral.objects.filter(municipality=municipality, receiver__name__startswith=BENCH_PREFIX)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    receiver_ids = ReceiverContact.objects.filter(user=contact).values_list("receiver_id", flat=True)
    theirs = list(Referral.objects.filter(receiver_id__in=receiver_ids).order_by("pk").values_list("pk", flat=True))
    return [
        (f"dashboard, open referrals ({municipality.name})", referrer, [base]),
        (f"{COLD}, open referrals ({municipality.name})", referrer, [base]),
        (f"overdue list ({municipality.name})", referrer, [f"{base}?status=overdue"]),
        ("dashboard, all referrals, page 3", referrer, [f"{base}?status=&side=3"]),
        (
            "a referral (referrer)",
            referrer,
            [f"{base}{pk}/" for pk in rng.sample(here, min(DETAIL_SAMPLES, len(here)))],
        ),
        ("receiver contact's list", contact, ["/henvisninger/modtaget/"]),
        (
            "a referral (receiver contact)",
            contact,
            [f"/henvisninger/modtaget/{pk}/" for pk in rng.sample(theirs, min(DETAIL_SAMPLES, len(theirs)))],
        ),
    ]


def _measure(client, paths: list[str], requests: int, cold: bool = False) -> tuple[float, float, int]:
    for path in paths:  # warm the caches; not counted
        client.get(path)
    timings = []
    for n in range(requests):
        path = paths[n % len(paths)]
        if cold:
            cache.clear()
        start = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
    reset_queries()  # a full query log (DEBUG) would make the capture count nothing
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as context:
        client.get(paths[0])
    return _percentile(timings, 50), _percentile(timings, 95), len(context.captured_queries)


# --- Generating ------------------------------------------------------------------------------------------------


def _shares(total: int, municipalities: list) -> list[int]:
    """``total`` shared by the municipalities' citizens over 14 (largest remainders, so the counts add up)."""
    weights = [
        m.population_over_14 or POPULATION_OVER_14.get(m.code, AVERAGE_POPULATION_OVER_14) for m in municipalities
    ]
    whole = sum(weights)
    exact = [total * weight / whole for weight in weights]
    counts = [int(value) for value in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: exact[i] - counts[i], reverse=True)
    for index in by_remainder[: total - sum(counts)]:
        counts[index] += 1
    return counts


def _generate(wanted: int, *, password: str, totp_secret: str) -> int:
    """Make the bench's people, receivers and ``wanted`` referrals (a kept set is reused); returns how many
    referrals were made."""
    if Referral.objects.filter(receiver__name__startswith=BENCH_PREFIX).exists():
        return 0
    rng = random.Random(2026)
    municipalities = list(Municipality.objects.order_by("code"))
    counts = _shares(wanted, municipalities)
    biggest = max(zip(counts, municipalities, strict=True), key=lambda pair: pair[0])[1]
    now = timezone.now()
    today = timezone.localdate()
    with transaction.atomic():
        referrer = User.objects.create(
            email=f"referrer@{BENCH_DOMAIN}", display_name="Bench forløbskoordinator", password=password
        )
        contact = User.objects.create(
            email=f"contact@{BENCH_DOMAIN}",
            display_name="Bench kontaktperson",
            municipality=biggest,
            password=password,
        )
        for person in (referrer, contact):
            EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
        StaffMembership.objects.create(user=referrer, municipality=biggest, role=StaffRole.REFERRER)
        if not Authenticator.objects.filter(user=referrer, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(referrer, totp_secret)
        units = MunicipalUnit.objects.bulk_create(
            [
                MunicipalUnit(municipality=municipality, name=f"{BENCH_PREFIX} {n}")
                for municipality in municipalities
                for n in range(RECEIVERS_PER_MUNICIPALITY)
            ]
        )
        receivers = Receiver.objects.bulk_create(
            [
                Receiver(
                    municipality_id=unit.municipality_id,
                    kind=ReceiverKind.SERVICE,
                    unit=unit,
                    name=unit.name,
                    follow_up_days=FOLLOW_UP_DAYS[index % len(FOLLOW_UP_DAYS)],
                    created_by=referrer,
                )
                for index, unit in enumerate(units)
            ]
        )
        by_municipality: dict[int, list] = {}
        for receiver in receivers:
            by_municipality.setdefault(receiver.municipality_id, []).append(receiver)
        # The contact of the biggest municipality's first receiver, a receiver of a fair share of its referrals.
        ReceiverContact.objects.create(receiver=by_municipality[biggest.pk][0], user=contact, added_by=referrer)
        senders = Sender.objects.bulk_create([Sender(name=f"{BENCH_PREFIX} lægepraksis {n}") for n in range(SENDERS)])

    plan = [municipality.pk for municipality, count in zip(municipalities, counts, strict=True) for _ in range(count)]
    made = 0
    for start in range(0, len(plan), BATCH_SIZE):
        batch = [
            _referral(rng, by_municipality[pk], referrer, senders, made + n, now, today)
            for n, pk in enumerate(plan[start : start + BATCH_SIZE])
        ]
        made += len(batch)
        with transaction.atomic():
            Referral.objects.bulk_create(batch, batch_size=BATCH_SIZE)
            ReferralConsent.objects.bulk_create(
                [
                    ReferralConsent(
                        referral=referral,
                        given_how=rng.choice(ConsentWay.values),
                        given_on=timezone.localdate(referral.received_at),
                        recorded_by=referrer,
                        recorded_at=referral.received_at,
                        withdrawn_at=referral.withdrawn_at,
                    )
                    for referral in batch
                ],
                batch_size=BATCH_SIZE,
            )
            ReferralEvent.objects.bulk_create(
                [
                    ReferralEvent(
                        referral=referral,
                        kind=EventKind.SENT if referral.source == Source.INTERNAL else EventKind.RECEIVED,
                        by=referrer,
                        at=referral.received_at,
                    )
                    for referral in batch
                ],
                batch_size=BATCH_SIZE,
            )
    # What autovacuum (PostgreSQL) or PRAGMA optimize (SQLite) does after so many new rows.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return made


def _referral(rng, receivers, referrer, senders, n: int, now, today) -> Referral:
    receiver = rng.choice(receivers)
    received_at = now - datetime.timedelta(seconds=rng.randrange(HISTORY_DAYS * 86400))
    deadline_on = timezone.localdate(received_at) + datetime.timedelta(days=receiver.follow_up_days)
    table = WITHIN_DEADLINE if deadline_on >= today else AFTER_DEADLINE
    status = rng.choices([s for s, _ in table], weights=[w for _, w in table])[0]
    contacted = status in (ReferralStatus.CONTACTED, ReferralStatus.STARTED, ReferralStatus.COMPLETED)
    contacted = contacted or (status == ReferralStatus.DROPPED_OUT) or (status == ReferralStatus.DECLINED and n % 2)
    first_contact_at = None
    if contacted:
        days = rng.uniform(0.2, receiver.follow_up_days * 1.3)
        first_contact_at = min(now, received_at + datetime.timedelta(days=days))
    external = rng.random() < EXTERNAL_SHARE
    withdrawn = status == ReferralStatus.WITHDRAWN
    ended = status in (ReferralStatus.DECLINED, ReferralStatus.DROPPED_OUT)
    return Referral(
        receiver=receiver,
        municipality_id=receiver.municipality_id,
        name="" if withdrawn else f"Borger {n}",
        phone="" if withdrawn else f"{20_000_000 + n % 70_000_000}",
        postal_code="",
        needs="" if withdrawn else "Færdig med genoptræning. Vil gerne i gang med at bevæge sig sammen med andre.",
        referred_by=None if external else referrer,
        source=Source.EXTERNAL if external else Source.INTERNAL,
        sender=rng.choice(senders) if external else None,
        external_id=f"bench-{n}" if external else "",
        received_at=received_at,
        deadline_on=deadline_on,
        status=status,
        end_reason=rng.choice(EndReason.values) if ended else "",
        first_contact_at=first_contact_at,
        first_contact_how="phone" if first_contact_at else "",
        withdrawn_at=received_at + datetime.timedelta(days=3) if withdrawn else None,
        created_at=received_at,
        changed_at=first_contact_at or received_at,
    )


def clean_up() -> int:
    """Delete the bench's referrals (with their consents and events), receivers, units, senders and people."""
    removed = 0
    referrals = Referral.objects.filter(receiver__name__startswith=BENCH_PREFIX)
    while chunk := list(referrals.values_list("pk", flat=True)[:BATCH_SIZE]):
        with transaction.atomic():
            ReferralEvent.objects.filter(referral_id__in=chunk).delete()
            ReferralConsent.objects.filter(referral_id__in=chunk).delete()
            Referral.objects.filter(pk__in=chunk).delete()
        removed += len(chunk)
    with transaction.atomic():
        Receiver.objects.filter(name__startswith=BENCH_PREFIX).delete()
        MunicipalUnit.objects.filter(name__startswith=BENCH_PREFIX).delete()
        Sender.objects.filter(name__startswith=BENCH_PREFIX).delete()
        User.objects.filter(email__endswith="@" + BENCH_DOMAIN).delete()
    return removed
