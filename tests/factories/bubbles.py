"""Bubbles: made directly in the database (``BubbleFactory``) or posted through the service (``posted_bubble``)."""

import datetime

import factory
from django.utils import timezone

from sammen.bubbles import services
from sammen.bubbles.models import Bubble
from sammen.taxonomy.models import Category
from tests.factories.municipalities import municipality
from tests.factories.people import UserFactory


class BubbleFactory(factory.django.DjangoModelFactory):
    """An open bubble about walks in the author's municipality, for 30 days; not checked, not indexed for search."""

    class Meta:
        model = Bubble

    author = factory.SubFactory(UserFactory)
    title = "Gåtur ved søen"
    body = "Jeg vil gerne gå en tur om formiddagen med en, der også kan lide naturen."
    category = factory.LazyFunction(lambda: Category.objects.get(slug="gaature"))
    municipality = factory.SelfAttribute("author.municipality")
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))


def posted_bubble(author, **fields) -> Bubble:
    """A bubble ``author`` posts through the service (checked and indexed, as from the form): a knitting club in
    Herning, online welcome."""
    values = {
        "title": "Strikkeklub i Herning",
        "body": "Vi strikker hver tirsdag.",
        "category": Category.objects.get(slug="kreativitet"),
        "age_min": 15,
        "age_max": 120,
        "municipality": municipality("Herning"),
        "postal_code": "7400",
        "online_ok": True,
    }
    values.update(fields)
    return services.create_bubble(author=author, fields=values)
