"""Demo volunteer tasks: short, concrete tasks of the demo associations and of Herning's "Sundhed og Ældre" unit in
the coming weeks, volunteers' offers (some accepted, one of them full), and two tasks held last month with the
hours the organiser confirmed, so that a volunteer's statement has something to show.

Upcoming tasks, offers and acceptances go through the real services; the past tasks are written as rows, since
the services rightly refuse a task in the past, and their hours are then confirmed through the service.
Idempotent like the rest of the demo: each task is looked up by its title first.
"""

import datetime

from django.utils import timezone

from sammen.accounts.models import User
from sammen.associations.models import Association
from sammen.core.calendar import local_datetime
from sammen.devtools.demo_names import demo_email
from sammen.municipalities.models import MunicipalUnit
from sammen.search.services import index_object
from sammen.taskbank import services
from sammen.taskbank.models import OfferStatus, Task, TaskOffer, TaskStatus
from sammen.taxonomy.models import Category

HERNING_COORDINATOR = "koordinator.herning"
# (organiser: ("association" | "unit", name), title, description, category, days from today, from, to (None for a
#  window), last day offset (window) or None, volunteers needed, skills, online, volunteers who offer, accepted)
UPCOMING = [
    (
        ("association", "Gullestrup Gå-sammen"),
        "Gå med på tirsdagsturen med rollatorbrugere",
        "Vi får flere deltagere med rollator og vil gerne have et par ekstra hænder på turen, så alle kan følge med. "
        "Turen er 3 km i roligt tempo, og der er kaffe bagefter.",
        "gaature",
        8,
        (datetime.time(10), datetime.time(12)),
        None,
        3,
        "tålmodighed, godt til fods",
        False,
        ["frivillig9.herning", "frivillig10.herning", "borger5.herning"],
        ["frivillig9.herning", "frivillig10.herning"],
    ),
    (
        ("association", "Kolding Fællesspisning"),
        "Hjælp i køkkenet til julefællesspisningen",
        "Vi laver risalamande og flæskesteg til 80 gæster. Du hjælper med at skrælle, røre og rydde op. "
        "Forklæde får du af os.",
        "mad-og-faellesspisning",
        12,
        (datetime.time(14), datetime.time(20)),
        None,
        2,
        "madlavning",
        False,
        ["frivillig9.kolding", "frivillig10.kolding", "borger3.kolding"],
        ["frivillig9.kolding", "frivillig10.kolding"],
    ),
    (
        ("unit", "Sundhed og Ældre"),
        "Pak julekurve til ældre, der bor alene",
        "Kom forbi Sundhedshuset, når det passer dig i løbet af ugen, og pak en eller flere julekurve. "
        "Kurvene bringes ud af hjemmeplejen.",
        "ensomhed-og-venskab",
        5,
        None,
        6,
        6,
        "",
        False,
        ["frivillig9.herning"],
        [],
    ),
    (
        ("association", "Strikkeklubben Maskeløs"),
        "Ring til nye medlemmer og byd dem velkommen",
        "Vi har fået 12 nye medlemmer. Ring til nogle af dem en aften, fortæl om klubben og spørg, om de vil have "
        "følgeskab første gang. Du får en liste og et par gode spørgsmål.",
        "kreativitet",
        10,
        (datetime.time(18), datetime.time(20)),
        None,
        2,
        "god til at lytte",
        True,
        [],
        [],
    ),
]
# (organiser, title, description, category, days ago, from, to, volunteers and the hours each gave)
PAST = [
    (
        ("association", "Gullestrup Gå-sammen"),
        "Ryd blade på stien ved Gullestrup Kirke",
        "Stien skal være fri for blade, så ingen glider på turen. Vi har river og sække.",
        "gaature",
        24,
        (datetime.time(9), datetime.time(12)),
        [("frivillig9.herning", "3"), ("frivillig10.herning", "2.5")],
    ),
    (
        ("association", "Kolding Fællesspisning"),
        "Sæt borde og stole op til høstfesten",
        "100 stole og 15 borde skal op i salen og ned igen bagefter.",
        "mad-og-faellesspisning",
        31,
        (datetime.time(15), datetime.time(18)),
        [("frivillig9.kolding", "3")],
    ),
]


def load_demo_taskbank() -> dict:
    upcoming = sum(_upcoming(*row) for row in UPCOMING)
    past = sum(_past(*row) for row in PAST)
    return {"tasks": upcoming + past}


def _user(local: str) -> User:
    return User.objects.get(email=demo_email(local))


def _organiser(kind_and_name):
    """(the person who acts, the association or unit they act for)"""
    kind, name = kind_and_name
    if kind == "association":
        association = Association.objects.get(name=name)
        return association.representatives.order_by("pk").first().user, association
    return _user(HERNING_COORDINATOR), MunicipalUnit.objects.get(name=name, municipality__code="657")


def _fields(organiser, by, title, description, category, day, times, last_day, needed, skills, online) -> dict:
    municipality = organiser.municipality
    place = {"address": "", "postal_code": "", "online": True} if online else _address(organiser)
    return {
        "title": title,
        "description": description,
        "category": Category.objects.get(slug=category),
        "skills": skills,
        "volunteers_needed": needed,
        "minimum_age": 18,
        "starts_on": day,
        "start_time": times[0] if times else None,
        "end_time": times[1] if times else None,
        "ends_on": last_day,
        "municipality": municipality,
        **place,
        "contact_name": by.display_name,
        "contact_email": organiser.contact_email or "",
        "contact_phone": "" if organiser.contact_email else "97123456",
    }


def _address(organiser) -> dict:
    addresses = {
        "Gullestrup Gå-sammen": ("Gullestrup Kirke, Gullestrupvej 10", "7400"),
        "Kolding Fællesspisning": ("Nicolai Kulturcenter, Skolegade 2", "6000"),
        "Strikkeklubben Maskeløs": ("Herning Bibliotek, Brændgårdvej 1", "7400"),
        "Sundhed og Ældre": ("Sundhedshuset, Nørregade 2", "7400"),
    }
    address, postal_code = addresses[organiser.name]
    return {"address": address, "postal_code": postal_code, "online": False}


def _upcoming(kind_and_name, title, description, category, days, times, last, needed, skills, online, offer, take):
    if Task.objects.filter(title=title).exists():
        return 0
    by, organiser = _organiser(kind_and_name)
    day = timezone.localdate() + datetime.timedelta(days=days)
    last_day = day + datetime.timedelta(days=last) if last is not None else None
    fields = _fields(organiser, by, title, description, category, day, times, last_day, needed, skills, online)
    task = services.create_task(by=by, acting_for=organiser, fields=fields)
    task = services.publish_task(by=by, task=task)
    made = {
        local: services.offer(volunteer=_user(local), task=task, message="Jeg vil gerne hjælpe.") for local in offer
    }
    for local in take:
        services.accept(by=by, offer=made[local])
    return 1


def _past(kind_and_name, title, description, category, days_ago, times, helpers):
    if Task.objects.filter(title=title).exists():
        return 0
    by, organiser = _organiser(kind_and_name)
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    fields = _fields(organiser, by, title, description, category, day, times, None, len(helpers), "", False)
    fields["ends_on"] = day
    moment = local_datetime(day, times[0]) - datetime.timedelta(days=7)
    task = Task.objects.create(
        **fields,
        association=organiser if isinstance(organiser, Association) else None,
        unit=organiser if isinstance(organiser, MunicipalUnit) else None,
        starts_at=local_datetime(day, times[0]),
        ends_at=local_datetime(day, times[1]),
        status=TaskStatus.PUBLISHED,
        created_by=by,
        created_at=moment,
        published_at=moment,
    )
    index_object(task)
    for local, hours in helpers:
        accepted = TaskOffer.objects.create(
            task=task, volunteer=_user(local), status=OfferStatus.ACCEPTED, created_at=moment, changed_at=moment
        )
        services.confirm_hours(by=by, offer=accepted, hours=hours)
    return 1
