"""Christmas friends: a campaign open for registration today, and hosts and guests registered through the services.

Postal codes by town, for matching across borders: Herning 7400, Holstebro 7500, Ikast 7430 (Ikast-Brande),
Skjern 6900 (Ringkøbing-Skjern, no partner). Herning–Ikast is about 13 km, Herning–Holstebro about 35 km.
"""

import datetime

from django.utils import timezone

from sammen.christmas import services
from sammen.christmas.models import Campaign, Registration, Role
from tests.factories.municipalities import municipality, participating
from tests.factories.people import citizen, staff

POSTAL_CODE = {"Herning": "7400", "Holstebro": "7500", "Ikast-Brande": "7430", "Ringkøbing-Skjern": "6900"}


def campaign_fields(**overrides) -> dict:
    """Registration open from ten days ago to ten days from now, matching two days after, the day in three weeks."""
    today = timezone.localdate()
    event_on = today + datetime.timedelta(days=21)
    fields = {
        "kind": "christmas",
        "year": event_on.year,
        "title": f"Julevenner i Herning {event_on.year}",
        "registration_opens_on": today - datetime.timedelta(days=10),
        "registration_closes_on": today + datetime.timedelta(days=10),
        "matching_on": today + datetime.timedelta(days=12),
        "event_on": event_on,
        "partners": [],
    }
    return fields | overrides


def a_coordinator(municipality_name: str = "Herning"):
    return staff("coordinator", municipality_name)


def campaign(municipality_name: str = "Herning", *, partners=(), by=None, **overrides) -> Campaign:
    """A campaign of the municipality (taking part in Sammen), with the named partner municipalities."""
    place = participating(municipality_name)
    fields = campaign_fields(partners=[municipality(name) for name in partners], **overrides)
    return services.create_campaign(by=by or a_coordinator(municipality_name), municipality=place, fields=fields)


def herning_campaign(**overrides) -> Campaign:
    """Herning's campaign with Holstebro and Ikast-Brande as partners."""
    return campaign("Herning", partners=("Holstebro", "Ikast-Brande"), **overrides)


def host_fields(**overrides) -> dict:
    fields = {
        "people": 4,
        "description": "Vi er et ægtepar i tresserne. Vi danser om juletræet og synger de gamle salmer.",
        "postal_code": "7400",
        "address": "Bryggergade 3",
        "step_free_home": True,
        "has_pets": False,
        "smoking": False,
        "food_served": "traditional",
    }
    return fields | overrides


def guest_fields(**overrides) -> dict:
    fields = {
        "people": 2,
        "description": "Jeg er 78 og bor alene med min søster. Vi holder af sang og kortspil.",
        "postal_code": "7400",
        "max_distance_km": 40,
        "needs_step_free": False,
        "no_pets": False,
        "non_smoking": False,
        "food_wanted": "",
    }
    return fields | overrides


def host(found: Campaign, *, town: str = "Herning", user=None, **overrides) -> Registration:
    """A host living in ``town`` (a municipality's name), registered through the service."""
    user = user or citizen(town)
    fields = host_fields(postal_code=POSTAL_CODE[town]) | overrides
    return services.register(user=user, campaign=found, role=Role.HOST, fields=fields)


def guest(found: Campaign, *, town: str = "Herning", user=None, **overrides) -> Registration:
    user = user or citizen(town)
    fields = guest_fields(postal_code=POSTAL_CODE[town]) | overrides
    return services.register(user=user, campaign=found, role=Role.GUEST, fields=fields)
