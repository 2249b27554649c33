"""Demo Christmas friends: Herning's campaign for this Christmas (next year's, after 20 December) with Holstebro and
Ikast-Brande as partners, six hosts and ten guest parties from the three municipalities, a first matching run by
Herning's coordinator (proposals waiting to be sent) and one guest's consent to be contacted later.

Everything goes through the real services. Idempotent like the rest of the demo: the campaign is found by its
municipality, kind and year, a person already registered is left as they are, and the matching runs only once.
"""

import datetime

from django.utils import timezone

from sammen.accounts.models import User
from sammen.christmas import services
from sammen.christmas.models import Campaign, CampaignKind, ContactConsent, Proposal, Registration, Role
from sammen.devtools.demo_names import demo_email
from sammen.municipalities.models import Municipality

# (login, seats, step-free, pets, smoking, food)
DEMO_HOSTS = [
    ("borger5.herning", 4, True, False, False, "traditional"),
    ("borger6.herning", 2, False, True, False, "traditional"),
    ("borger7.herning", 6, True, False, False, "vegetarian"),
    ("borger5.holstebro", 3, True, False, True, "traditional"),
    ("borger6.holstebro", 4, False, False, False, "halal"),
    ("borger5.ikast-brande", 5, True, True, False, "traditional"),
]
# (login, people, km, needs step-free, no pets, non-smoking, food wanted)
DEMO_GUESTS = [
    ("borger1.herning", 1, 10, True, False, True, ""),
    ("borger2.herning", 2, 15, False, True, False, "traditional"),
    ("borger3.herning", 3, 20, False, False, True, "vegetarian"),
    ("borger4.herning", 1, 40, True, False, False, ""),
    ("borger1.holstebro", 2, 10, False, False, False, "halal"),
    ("borger2.holstebro", 1, 35, True, True, True, ""),
    ("borger3.holstebro", 8, 30, False, False, False, ""),  # larger than any table: left for the events
    ("borger1.ikast-brande", 2, 15, True, False, True, "traditional"),
    ("borger2.ikast-brande", 1, 25, False, False, False, ""),
    ("borger3.ikast-brande", 4, 20, False, True, False, ""),
]
HOST_TEXT = "Vi er en lille familie, der gerne vil dele juleaften med nogen. Vi synger, spiser og spiller pakkespil."
GUEST_TEXT = "Jeg/vi holder gerne jul i godt selskab og kan lide at synge julesange og snakke."


def _dates() -> dict:
    today = timezone.localdate()
    year = today.year if today <= datetime.date(today.year, 12, 20) else today.year + 1
    return {
        "kind": CampaignKind.CHRISTMAS,
        "year": year,
        "title": f"Julevenner i Herning {year}",
        "registration_opens_on": min(today, datetime.date(year, 10, 1)),
        "registration_closes_on": datetime.date(year, 12, 20),
        "matching_on": datetime.date(year, 12, 21),
        "event_on": datetime.date(year, 12, 24),
    }


def load_demo_christmas() -> dict:
    coordinator = User.objects.get(email=demo_email("koordinator.herning"))
    herning = Municipality.objects.get(code="657")
    fields = _dates()
    campaign = Campaign.objects.filter(municipality=herning, kind=fields["kind"], year=fields["year"]).first()
    if campaign is None:
        partners = list(Municipality.objects.filter(code__in=["661", "756"]))
        campaign = services.create_campaign(
            by=coordinator, municipality=herning, fields=fields | {"partners": partners}
        )
    registered = set(Registration.objects.filter(campaign=campaign).values_list("user__email", flat=True))
    for number, (login, seats, step_free, pets, smoking, food) in enumerate(DEMO_HOSTS, start=1):
        user = User.objects.get(email=demo_email(login))
        if user.email in registered:
            continue
        services.register(
            user=user,
            campaign=campaign,
            role=Role.HOST,
            fields={
                "people": seats,
                "description": HOST_TEXT,
                "postal_code": user.postal_code,
                "address": f"Julevej {number}",
                "step_free_home": step_free,
                "has_pets": pets,
                "smoking": smoking,
                "food_served": food,
            },
        )
    for login, people, km, step_free, no_pets, non_smoking, food in DEMO_GUESTS:
        user = User.objects.get(email=demo_email(login))
        if user.email in registered:
            continue
        services.register(
            user=user,
            campaign=campaign,
            role=Role.GUEST,
            fields={
                "people": people,
                "description": GUEST_TEXT,
                "postal_code": user.postal_code,
                "max_distance_km": km,
                "needs_step_free": step_free,
                "no_pets": no_pets,
                "non_smoking": non_smoking,
                "food_wanted": food,
            },
            contact_consent=login == "borger1.herning",
        )
    if not Proposal.objects.filter(campaign=campaign).exists():
        services.run_matching(by=coordinator, campaign=campaign)
    return {
        "christmas_registrations": Registration.objects.filter(campaign=campaign).count(),
        "christmas_proposals": Proposal.objects.filter(campaign=campaign).count(),
        "christmas_consents": ContactConsent.objects.filter(campaign=campaign).count(),
    }
