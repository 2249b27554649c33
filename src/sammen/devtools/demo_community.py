"""Demo associations, municipal units, activities with sign-ups and offers, made through the real services.

Idempotent like the rest of the demo: each thing is looked up by name before it is created.
"""

import datetime

from django.utils import timezone

from sammen.accounts.models import User
from sammen.activities import services as activity_services
from sammen.activities.models import Activity
from sammen.associations import services as association_services
from sammen.associations.models import Association
from sammen.core.text import danish_slugify
from sammen.devtools.demo_names import DEMO_DOMAIN, PLATFORM_ADMIN, demo_email
from sammen.municipalities.models import Municipality, MunicipalUnit
from sammen.offers import services as offer_services
from sammen.offers.models import Offer
from sammen.staff import services as staff_services
from sammen.taxonomy.models import Category, Term
from sammen.taxonomy.vocabularies import Vocabulary

# (representative, name, CVR or "", municipality code, category slugs, description, verified by the municipality)
DEMO_ASSOCIATIONS = [
    (
        "borger2.herning",
        "Gullestrup Gå-sammen",
        "",
        "657",
        ["gaature", "seniorliv"],
        "Vi går en rolig tur hver tirsdag formiddag fra Gullestrup Kirke og drikker kaffe bagefter. "
        "Tempoet passer til alle, også med rollator.",
        True,
    ),
    (
        "borger4.herning",
        "Strikkeklubben Maskeløs",
        "",
        "657",
        ["kreativitet", "ensomhed-og-venskab"],
        "Strik, hækling og hyggeligt samvær på Herning Bibliotek. Begyndere er meget velkomne – vi har garn og pinde.",
        False,
    ),
    (
        "borger2.kolding",
        "Kolding Fællesspisning",
        "",
        "621",
        ["mad-og-faellesspisning"],
        "Vi laver mad sammen og spiser sammen i Nicolai Kulturcenter. Maden koster 40 kr.",
        True,
    ),
]

# (municipality code, unit name, description, contact e-mail)
DEMO_UNITS = [
    (
        "657",
        "Sundhed og Ældre",
        "Kommunens aktiviteter for ældre borgere og pårørende: motion, demenscafé og fællesspisning.",
        "sundhed-og-aeldre@herning.demo.sammen.dk",
    ),
    (
        "621",
        "Ung i Kolding",
        "Fællesskaber og aktiviteter for unge mellem 16 og 29 år.",
        "ung@kolding.demo.sammen.dk",
    ),
]

# (organiser: ("association", name) | ("unit", name) | ("citizen", login), title, description, category,
#  target groups, accessibility, weekday (0 = Monday), start, end, recurrence, weeks ahead the series runs,
#  seats or None, sign-up needed, price, languages, address, postal code, online link, sign-ups on the first date)
DEMO_ACTIVITIES = [
    (
        ("association", "Gullestrup Gå-sammen"),
        "Bevæg dig for livet – gåtur",
        "En rolig gåtur på ca. 3 km fra Gullestrup Kirke. Vi går i samlet flok og drikker kaffe bagefter. "
        "Rollatorer er velkomne.",
        "gaature",
        ["alle", "seniorer-85"],
        ["niveaufri-adgang", "siddepladser", "parkering-taet-paa"],
        1,
        (10, 0),
        (11, 30),
        "weekly",
        12,
        10,
        True,
        0,
        ["da"],
        "Gullestrup Kirke, Sønderager 1",
        "7400",
        "",
        6,
    ),
    (
        ("association", "Strikkeklubben Maskeløs"),
        "Strikkecafé på biblioteket",
        "Tag dit strikketøj med, eller lån garn og pinde hos os. Vi hjælper gerne begyndere i gang.",
        "kreativitet",
        ["alle"],
        ["niveaufri-adgang", "handicaptoilet"],
        3,
        (14, 0),
        (16, 0),
        "biweekly",
        16,
        None,
        False,
        0,
        ["da"],
        "Herning Bibliotek, Brændgårdvej 1",
        "7400",
        "",
        0,
    ),
    (
        ("unit", "Sundhed og Ældre"),
        "Demenscafé",
        "Et hyggeligt mødested for mennesker med demens og deres pårørende. Personale fra kommunen er til stede.",
        "seniorliv",
        ["demens-og-paaroerende", "paaroerende"],
        ["niveaufri-adgang", "teleslynge", "stille-rum", "handicaptoilet"],
        2,
        (13, 0),
        (15, 0),
        "monthly",
        26,
        20,
        True,
        0,
        ["da"],
        "Aktivitetscentret Fredhøj, Fredhøjvej 2",
        "7400",
        "",
        3,
    ),
    (
        ("citizen", "borger3.herning"),
        "Sprogcafé online – øv din danske",
        "Vi taler dansk sammen i en time over video. Du behøver ikke at tale godt dansk – vi taler langsomt.",
        "sprog",
        ["nytilflyttede", "alle"],
        ["let-dansk"],
        0,
        (19, 0),
        (20, 0),
        "weekly",
        8,
        8,
        True,
        0,
        ["da", "en", "uk"],
        "",
        "",
        "https://meet.demo.sammen.dk/sprogcafe",
        2,
    ),
    (
        ("association", "Kolding Fællesspisning"),
        "Fællesspisning i Nicolai",
        "Vi laver mad sammen fra kl. 17 og spiser kl. 18. Maden koster 40 kr. Tilmelding senest to dage før.",
        "mad-og-faellesspisning",
        ["alle"],
        ["niveaufri-adgang", "handicaptoilet"],
        4,
        (17, 0),
        (19, 30),
        "monthly",
        26,
        30,
        True,
        40,
        ["da"],
        "Nicolai Kulturcenter, Skolegade 2",
        "6000",
        "",
        4,
    ),
    (
        ("unit", "Ung i Kolding"),
        "Brætspilsaften for unge",
        "Kom og spil brætspil med andre unge. Vi har masser af spil, og der er sodavand og chips.",
        "ung",
        ["unge-16-29"],
        ["stille-rum"],
        2,
        (18, 0),
        (21, 0),
        "weekly",
        10,
        24,
        True,
        0,
        ["da", "en"],
        "Ungdomshuset, Kolding Åpark 5",
        "6000",
        "",
        2,
    ),
    (
        ("citizen", "borger1.holstebro"),
        "Søndagstur langs Storåen",
        "Vi går en times tid langs åen og slutter på en bænk med termokaffe.",
        "gaature",
        ["alle"],
        [],
        6,
        (10, 0),
        (11, 0),
        "weekly",
        6,
        None,
        False,
        0,
        ["da"],
        "P-pladsen ved Storåbroen",
        "7500",
        "",
        0,
    ),
]

# (provider: ("association", name) | ("unit", name), title, description, problem areas, target groups, age groups,
#  when, weekday or None, municipality code, address, postal code, online link, contact name, contact e-mail,
#  receives citizens from rehabilitation, end state: "published" | "submitted")
DEMO_OFFERS = [
    (
        ("unit", "Sundhed og Ældre"),
        "Sorggruppe for efterladte",
        "En lille fast gruppe for dig, der har mistet en ægtefælle eller samlever. Vi mødes otte gange med en "
        "uddannet frivillig. Du bestemmer selv, hvor meget du siger.",
        ["sorg", "ensomhed"],
        ["alle"],
        ["voksne-30-64", "seniorer-65"],
        "Tirsdage kl. 17–19, otte gange, nye grupper starter i februar og september",
        1,
        "657",
        "Sundhedshuset, Bethaniagade 12",
        "7400",
        "",
        "Inge Madsen",
        "sorg@herning.demo.sammen.dk",
        True,
        "published",
    ),
    (
        ("association", "Kolding Fællesspisning"),
        "Spis sammen – for dig der ofte spiser alene",
        "Vi reserverer pladser ved fællesspisningen til dig, der sjældent spiser sammen med andre. En frivillig "
        "tager imod dig ved døren.",
        ["ensomhed"],
        ["alle", "uden-for-arbejdsmarkedet"],
        ["voksne-30-64", "seniorer-65"],
        "Første fredag i måneden kl. 17–19.30",
        4,
        "621",
        "Nicolai Kulturcenter, Skolegade 2",
        "6000",
        "",
        "",
        "",
        False,
        "published",
    ),
    (
        ("unit", "Sundhed og Ældre"),
        "Samtalegruppe for pårørende til psykisk sårbare",
        "Mød andre pårørende og få redskaber til at passe på dig selv. Gruppen ledes af en psykolog.",
        ["paaroerende", "angst-og-depression", "stress"],
        ["paaroerende"],
        ["unge-voksne-18-29", "voksne-30-64", "seniorer-65"],
        "Hver anden onsdag kl. 19–21",
        2,
        "657",
        "",
        "",
        "https://meet.demo.sammen.dk/paaroerende",
        "Sundhed og Ældre",
        "sundhed-og-aeldre@herning.demo.sammen.dk",
        True,
        "submitted",
    ),
]


def load_demo_community() -> dict:
    """Create the demo associations, units, activities (with sign-ups) and offers, each once."""
    associations = _load_associations()
    units = _load_units()
    return {
        "associations": len(associations),
        "units": len(units),
        "activities": _load_activities(associations, units),
        "offers": _load_offers(associations, units),
    }


def _user(local: str):
    return User.objects.get(email=demo_email(local))


def _coordinator(municipality):
    """Herning has a demo coordinator; elsewhere the platform administrator acts for the municipality."""
    return _user("koordinator.herning") if municipality.code == "657" else _user(PLATFORM_ADMIN)


def _load_associations() -> dict:
    found = {}
    for local, name, cvr, code, category_slugs, description, verified in DEMO_ASSOCIATIONS:
        association = Association.objects.filter(name=name).first()
        if association is None:
            representative = _user(local)
            municipality = Municipality.objects.get(code=code)
            association = association_services.register_association(
                by=representative,
                fields={
                    "name": name,
                    "cvr": cvr,
                    "description": description,
                    "municipality": municipality,
                    # An address of the association's own, as a real one publishes: never the representative's
                    # login e-mail, which is private.
                    "contact_email": f"kontakt@{danish_slugify(name)}.{DEMO_DOMAIN}",
                    "contact_phone": "",
                    "website": "",
                },
                categories=list(Category.objects.filter(slug__in=category_slugs)),
            )
            if verified:
                association_services.verify_association(association=association, by=_coordinator(municipality))
        found[name] = association
    return found


def _load_units() -> dict:
    found = {}
    for code, name, description, email in DEMO_UNITS:
        municipality = Municipality.objects.get(code=code)
        unit = MunicipalUnit.objects.filter(municipality=municipality, name=name).first()
        if unit is None:
            unit = staff_services.create_unit(
                municipality=municipality,
                by=_coordinator(municipality),
                fields={"name": name, "description": description, "contact_email": email},
            )
        found[name] = unit
    return found


def _organiser(kind_and_name, associations: dict, units: dict):
    """(the person who acts, the association or unit they act for, or None)"""
    kind, name = kind_and_name
    if kind == "association":
        association = associations[name]
        return association.representatives.order_by("pk").first().user, association
    if kind == "unit":
        unit = units[name]
        return _coordinator(unit.municipality), unit
    return _user(name), None


def _next_weekday(weekday: int):

    today = timezone.localdate()
    return today + datetime.timedelta(days=(weekday - today.weekday()) % 7 or 7)


def _load_activities(associations: dict, units: dict) -> int:

    created = 0
    for row in DEMO_ACTIVITIES:
        (organiser, title, description, category, targets, accessibility, weekday, start, end, recurrence, weeks,
         seats, signup, price, languages, address, postal_code, online_url, signups) = row  # fmt: skip
        if Activity.objects.filter(title=title).exists():
            continue
        by, acting_for = _organiser(organiser, associations, units)
        municipality = (
            acting_for.municipality if acting_for is not None else by.municipality
        ) or Municipality.objects.get(code="657")
        first = _next_weekday(weekday)
        activity = activity_services.create_activity(
            by=by,
            acting_for=acting_for,
            fields={
                "title": title,
                "description": description,
                "category": Category.objects.get(slug=category),
                "target_groups": list(Term.objects.of(Vocabulary.TARGET_GROUP).filter(slug__in=targets)),
                "accessibility": list(Term.objects.of(Vocabulary.ACCESSIBILITY).filter(slug__in=accessibility)),
                "municipality": municipality,
                "address": address,
                "postal_code": postal_code,
                "online_url": online_url,
                "price": price,
                "languages": languages,
                "signup_required": signup,
                "capacity": seats,
            },
            first_date=first,
            starts=datetime.time(*start),
            ends=datetime.time(*end),
            recurrence=recurrence,
            repeat_until=first + datetime.timedelta(weeks=weeks) if recurrence else None,
        )
        created += 1
        first_date = activity.occurrences.order_by("starts_at").first()
        people = (
            User.objects.filter(municipality=municipality, email__startswith="borger", is_active=True)
            .exclude(pk=by.pk)
            .order_by("pk")[:signups]
        )
        for person in people:
            activity_services.sign_up(occurrence=first_date, user=person)
    return created


def _load_offers(associations: dict, units: dict) -> int:
    created = 0
    for row in DEMO_OFFERS:
        (provider, title, description, problems, targets, ages, when, weekday, code, address, postal_code,
         online_url, contact_name, contact_email, rehabilitation, state) = row  # fmt: skip
        if Offer.objects.filter(title=title).exists():
            continue
        by, acting_for = _organiser(provider, associations, units)
        municipality = Municipality.objects.get(code=code)
        terms = Term.objects.all()
        offer = offer_services.create_offer(
            by=by,
            association=acting_for if provider[0] == "association" else None,
            unit=acting_for if provider[0] == "unit" else None,
            fields={
                "title": title,
                "description": description,
                "problem_areas": list(terms.of(Vocabulary.PROBLEM_AREA).filter(slug__in=problems)),
                "target_groups": list(terms.of(Vocabulary.TARGET_GROUP).filter(slug__in=targets)),
                "age_groups": list(terms.of(Vocabulary.AGE_GROUP).filter(slug__in=ages)),
                "when": when,
                "schedule_weekday": weekday,
                "schedule_starts": None,
                "schedule_ends": None,
                "schedule_repeats": "",
                "municipality": municipality,
                "address": address,
                "postal_code": postal_code,
                "online_url": online_url,
                "contact_name": contact_name,
                "contact_email": contact_email,
                "contact_phone": "",
                "price": 0,
                "languages": ["da"],
                "receives_rehabilitation": rehabilitation,
            },
        )
        offer = offer_services.submit_offer(
            offer=offer, by=by, non_profit=True, no_referral=True, no_discrimination=True
        )
        if state == "published":
            offer_services.approve_offer(offer=offer, by=_coordinator(municipality))
        created += 1
    return created
