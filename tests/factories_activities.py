"""Named things for the organising tests: the create form as a person fills it in, a unit, people signed up."""

import datetime
import itertools

from django.utils import timezone

from sammen.activities import services
from sammen.activities.models import Occurrence
from sammen.municipalities.models import MunicipalUnit
from sammen.taxonomy.models import Category
from sammen.taxonomy.vocabularies import Vocabulary
from tests.factories import citizen, municipality, terms


def in_two_weeks() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=14)


def create_form_data(**overrides) -> dict:
    """What a person types into /aktiviteter/ny/ for a one-off walk in Herning with 10 seats."""
    data = {
        "organiser": "self",
        "title": "Gåtur ved Fuglsang Sø",
        "description": "Vi går en rolig tur rundt om søen og drikker kaffe bagefter.",
        "target_groups": [term.pk for term in terms(Vocabulary.TARGET_GROUP, "alle", "seniorer-85")],
        "category": Category.objects.get(slug="gaature").pk,
        "first_date": in_two_weeks().isoformat(),
        "starts": "10:00",
        "ends": "11:30",
        "recurrence": "",
        "repeat_until": "",
        "municipality": municipality("Herning").pk,
        "address": "Søvej 1",
        "postal_code": "7400",
        "online_url": "",
        "price": "0",
        "languages": ["da"],
        "accessibility": [term.pk for term in terms(Vocabulary.ACCESSIBILITY, "niveaufri-adgang")],
        "signup_required": "on",
        "capacity": "10",
        "deadline_date": "",
        "deadline_time": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def activity_fields(**overrides) -> dict:
    """The same walk, as the form hands it to ``services.create_activity``."""
    fields = {
        "title": "Gåtur ved Fuglsang Sø",
        "description": "Vi går en rolig tur rundt om søen og drikker kaffe bagefter.",
        "target_groups": terms(Vocabulary.TARGET_GROUP, "alle"),
        "accessibility": [],
        "category": Category.objects.get(slug="gaature"),
        "municipality": municipality("Herning"),
        "address": "Søvej 1",
        "postal_code": "7400",
        "online_url": "",
        "price": 0,
        "languages": ["da"],
        "signup_required": True,
        "capacity": 10,
    }
    fields.update(overrides)
    return fields


def unit(name: str = "Sundhed og Ældre", municipality_name: str = "Herning") -> MunicipalUnit:
    return MunicipalUnit.objects.create(municipality=municipality(municipality_name), name=name)


_participant_numbers = itertools.count(1)


def signed_up(occurrence: Occurrence, count: int, municipality_name: str = "Herning") -> list:
    """``count`` citizens who sign up for the date through the service, in order.

    Their display names are unique ("Deltager 0007") so that a test can find each on a page.
    """
    people = [
        citizen(municipality_name, display_name=f"Deltager {next(_participant_numbers):04}") for _ in range(count)
    ]
    for person in people:
        services.sign_up(occurrence=occurrence, user=person)
    return people
