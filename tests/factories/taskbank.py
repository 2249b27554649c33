"""The task bank: a valid task as the form hands it to the service, and published tasks made through the services."""

import datetime

from django.utils import timezone

from sammen.taskbank import services
from sammen.taskbank.models import Task
from sammen.taxonomy.models import Category
from tests.factories.associations import AssociationFactory, a_representative_of
from tests.factories.municipalities import municipality


def task_fields(**overrides) -> dict:
    """Chairs for the summer party in Herning, a week from now, 10–13, for 3 volunteers."""
    fields = {
        "title": "Hjælp med at stille stole op til sommerfesten",
        "description": "Vi skal stille 200 stole og 20 borde op i hallen. Tag arbejdshandsker med.",
        "category": Category.objects.get(slug="gaature"),
        "skills": "kan løfte, godt humør",
        "volunteers_needed": 3,
        "minimum_age": 18,
        "starts_on": timezone.localdate() + datetime.timedelta(days=7),
        "start_time": datetime.time(10),
        "end_time": datetime.time(13),
        "ends_on": None,
        "municipality": municipality("Herning"),
        "address": "Fredhøjvej 2",
        "postal_code": "7400",
        "online": False,
        "contact_name": "Inge Hansen",
        "contact_email": "inge@stolefest.dk",
        "contact_phone": "20304050",
    }
    return fields | overrides


def published_task(*, association=None, unit=None, by=None, **overrides) -> Task:
    """A published task of an association (a new one in Herning unless given) or a unit, made by its organiser."""
    if association is None and unit is None:
        association = AssociationFactory()
    organiser = association or unit
    by = by or a_representative_of(association)
    task = services.create_task(by=by, acting_for=organiser, fields=task_fields(**overrides))
    return services.publish_task(by=by, task=task)
