"""Demo data: several municipalities, citizens of all ages with Danish names, volunteers and staff in each role.

Idempotent: every person is found by e-mail before anything is created, so running it twice changes nothing.
Staff get TOTP two-factor login with a secret derived from their e-mail, so ``sammen demo_totp`` can print
the current code.
"""

import base64
import datetime
import hashlib
import random

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.db import transaction
from django.utils import timezone
from faker import Faker

from sammen.accounts.models import User
from sammen.accounts.services import record_consents
from sammen.bubbles.models import Bubble
from sammen.bubbles.services import create_bubble
from sammen.devtools.demo_christmas import load_demo_christmas
from sammen.devtools.demo_community import load_demo_community
from sammen.devtools.demo_names import DEMO_DOMAIN, DEMO_PASSWORD, PLATFORM_ADMIN, demo_email
from sammen.devtools.demo_opportunities import load_demo_opportunities
from sammen.devtools.demo_referrals import load_demo_referrals
from sammen.devtools.demo_talks import load_demo_talks
from sammen.devtools.demo_target_groups import load_demo_target_groups
from sammen.devtools.demo_taskbank import load_demo_taskbank
from sammen.devtools.demo_visits import load_demo_visits
from sammen.devtools.demo_wellbeing import load_demo_wellbeing
from sammen.messaging.services import respond_to_bubble, send_message
from sammen.municipalities.models import Municipality, ParticipationPeriod, StaffMembership, StaffRole
from sammen.search.services import index_object
from sammen.taxonomy.models import Category

__all__ = ["DEMO_DOMAIN", "DEMO_PASSWORD", "PLATFORM_ADMIN", "demo_email", "load_demo_data", "demo_logins"]


# code: (population over 14, participates since, participation ended on)
MUNICIPALITIES = {
    "657": (73800, datetime.date(2019, 3, 1), None),  # Herning
    "661": (49100, datetime.date(2021, 1, 1), None),  # Holstebro
    "746": (52400, datetime.date(2022, 6, 1), None),  # Skanderborg
    "621": (81900, datetime.date(2020, 9, 1), None),  # Kolding
    "756": (34600, datetime.date(2020, 1, 1), datetime.date(2025, 12, 31)),  # Ikast-Brande, stopped
}
POSTAL_CODES = {
    "657": ["7400"],
    "661": ["7500"],
    "746": ["8660", "8680"],
    "621": ["6000", "6070"],
    "756": ["7430", "7330"],
}
STAFF = [
    ("koordinator.herning", "657", StaffRole.COORDINATOR),
    ("moderator.herning", "657", StaffRole.MODERATOR),
    ("analytiker.herning", "657", StaffRole.ANALYST),
    ("administrator.herning", "657", StaffRole.ADMINISTRATOR),
    ("moderator.kolding", "621", StaffRole.MODERATOR),
    ("jobkonsulent.kolding", "621", StaffRole.JOB_CONSULTANT),
    # Holstebro runs the demo's visiting friends; its outreach worker enrols citizens who cannot do it alone.
    ("koordinator.holstebro", "661", StaffRole.COORDINATOR),
    ("opsoegende.holstebro", "661", StaffRole.OUTREACH),
]
CITIZENS_PER_MUNICIPALITY = 8
VOLUNTEERS_PER_MUNICIPALITY = 2


def demo_totp_secret(email: str) -> str:
    digest = hashlib.sha256(f"sammen-demo-totp:{email}".encode()).digest()[:20]
    return base64.b32encode(digest).decode("ascii")


def current_demo_totp_code(email: str) -> str:
    counter = int(timezone.now().timestamp()) // 30
    return format_hotp_value(hotp_value(demo_totp_secret(email), counter))


def _person(email: str, **fields) -> tuple[User, bool]:
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user, False
    user = User.objects.create_user(email=email, password=DEMO_PASSWORD, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    record_consents(user=user)
    return user, True


def _birth_date(rng: random.Random, age: int) -> datetime.date:
    today = timezone.localdate()
    return today - datetime.timedelta(days=age * 365 + rng.randint(10, 350))


@transaction.atomic
def load_demo_data() -> dict:
    created = 0
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=MUNICIPALITIES)}
    for code, (population, since, until) in MUNICIPALITIES.items():
        municipality = municipalities[code]
        municipality.population_over_14 = population
        municipality.population_year = 2025
        municipality.contact_email = f"sammen@{municipality.slug}.{DEMO_DOMAIN}"
        municipality.accessibility_statement_url = f"https://was.digst.dk/{municipality.slug}-sammen"
        municipality.save()
        ParticipationPeriod.objects.get_or_create(
            municipality=municipality, starts_on=since, defaults={"ends_on": until}
        )

    categories = list(Category.objects.all())
    fake = Faker("da_DK")
    fake.seed_instance(2026)
    rng = random.Random(2026)
    ages = [16, 19, 23, 27, 34, 45, 58, 67, 74, 81, 86, 91]
    for code, municipality in municipalities.items():
        for index in range(CITIZENS_PER_MUNICIPALITY + VOLUNTEERS_PER_MUNICIPALITY):
            volunteer = index >= CITIZENS_PER_MUNICIPALITY
            first, last = fake.first_name(), fake.last_name()
            age = ages[(index + int(code)) % len(ages)]
            user, is_new = _person(
                demo_email(f"{'frivillig' if volunteer else 'borger'}{index + 1}.{municipality.slug}"),
                display_name=first if index % 3 else f"{first} {last[0]}.",
                date_of_birth=_birth_date(rng, age),
                municipality=municipality,
                postal_code=rng.choice(POSTAL_CODES[code]),
                is_volunteer=volunteer,
                avatar_symbol=rng.choice(["sun", "flower", "tree", "bird", "heart", "coffee", "book", "bicycle"]),
            )
            if is_new:
                created += 1
                user.interests.set(rng.sample(categories, 3))

    for local, code, role in STAFF:
        municipality = municipalities[code]
        user, is_new = _person(
            demo_email(local),
            display_name=f"{fake.first_name()} ({role.label})",
            date_of_birth=_birth_date(rng, 45),
            municipality=municipality,
            postal_code="7400",
        )
        StaffMembership.objects.get_or_create(user=user, municipality=municipality, role=role)
        _ensure_totp(user)
        created += int(is_new)

    admin, is_new = _person(
        demo_email(PLATFORM_ADMIN),
        display_name="Platformadministrator",
        date_of_birth=_birth_date(rng, 50),
        is_staff=True,
        is_superuser=True,
    )
    _ensure_totp(admin)
    created += int(is_new)

    return {
        "created": created,
        "bubbles": _load_demo_bubbles(),
        **load_demo_community(),
        **load_demo_talks(),
        **load_demo_taskbank(),
        **load_demo_referrals(),
        **load_demo_opportunities(),
        **load_demo_christmas(),
        **load_demo_visits(),
        **load_demo_wellbeing(),
        **load_demo_target_groups(),
    }


# (author, title, text, category slug, from age, to age, online is fine)
DEMO_BUBBLES = [
    (
        "borger1.herning",
        "Gåtur i Gullestrup",
        "Jeg går gerne en tur om formiddagen og vil meget gerne have selskab. Bagefter kan vi drikke en kop kaffe.",
        "gaature",
        60,
        95,
        False,
    ),
    (
        "borger2.herning",
        "Strikkeklub søger flere",
        "Vi er fire, der strikker hver tirsdag på biblioteket. Alle er velkomne, også begyndere.",
        "kreativitet",
        15,
        120,
        False,
    ),
    (
        "borger3.herning",
        "Ny i Herning – hvem vil vise mig byen?",
        "Jeg er lige flyttet hertil for at studere og kender ingen endnu. Jeg kan lide brætspil og fodbold.",
        "ny-i-byen",
        18,
        35,
        True,
    ),
    (
        "borger1.kolding",
        "Venskaber over en kop kaffe",
        "Jeg savner nogen at snakke med om bøger og havearbejde.",
        "ensomhed-og-venskab",
        55,
        90,
        True,
    ),
    ("borger2.kolding", "Whist eller kortspil om torsdagen", "Vi mangler en fjerde til whist.", "spil", 40, 120, False),
    ("borger1.holstebro", "Gåture langs Storåen", "Rolige gåture i weekenden, ca. en time.", "gaature", 30, 80, False),
    (
        "borger1.skanderborg",
        "Fællesspisning i Stilling",
        "Vi laver mad sammen en gang om måneden.",
        "mad-og-faellesspisning",
        15,
        120,
        False,
    ),
    ("borger1.ikast-brande", "Cykelture i Ikast", "Korte cykelture for seniorer.", "traening-og-motion", 60, 90, False),
]


def _load_demo_bubbles() -> int:

    created = 0
    categories = {c.slug: c for c in Category.objects.all()}
    for local, title, body, slug, low, high, online in DEMO_BUBBLES:
        author = User.objects.get(email=demo_email(local))
        if Bubble.objects.filter(author=author, title=title).exists():
            continue
        fields = {
            "title": title,
            "body": body,
            "category": categories[slug],
            "age_min": low,
            "age_max": high,
            "municipality": author.municipality,
            "postal_code": author.postal_code,
            "online_ok": online,
        }
        if author.municipality.participates_on():
            create_bubble(author=author, fields=fields)
        else:
            # Written while Ikast-Brande still took part: it stays visible, but nobody can respond.
            bubble = Bubble.objects.create(
                author=author, expires_at=timezone.now() + datetime.timedelta(days=60), **fields
            )
            index_object(bubble)
        created += 1
    walk = Bubble.objects.get(author__email=demo_email("borger1.herning"), title="Gåtur i Gullestrup")
    responder = User.objects.get(email=demo_email("borger1.kolding"))
    conversation = respond_to_bubble(bubble=walk, responder=responder)
    if not conversation.messages.exists():
        send_message(
            conversation=conversation,
            sender=responder,
            body="Hej! Jeg kommer tit til Herning og går gerne med. Passer tirsdag?",
        )
        send_message(
            conversation=conversation, sender=walk.author, body="Tirsdag passer fint. Vi mødes ved kirken kl. 10."
        )
    return created


def _ensure_totp(user: User) -> None:
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, demo_totp_secret(user.email))


def demo_logins() -> list[tuple[str, str]]:
    rows = [
        (demo_email("borger1.herning"), "borger i Herning, 8 naboer i hver demokommune"),
        (demo_email("borger1.kolding"), "borger i Kolding"),
        (demo_email("borger1.ikast-brande"), "borger i Ikast-Brande (kommunen deltager ikke længere)"),
        (demo_email("frivillig9.herning"), "frivillig i Herning"),
    ]
    rows += [(demo_email(local), f"{role.label} – to-faktor-login") for local, _, role in STAFF]
    rows.append((demo_email(PLATFORM_ADMIN), "platformadministrator – to-faktor-login"))
    return rows
