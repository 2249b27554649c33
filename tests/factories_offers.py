"""Named things for the offers tests: an association with its representative, a valid offer, a published one."""

import itertools

from sammen.associations.models import Association, Representative
from sammen.offers.models import Offer, OfferStatus
from sammen.search import services as search
from sammen.taxonomy.vocabularies import Vocabulary
from tests.factories import municipality, terms

_numbers = itertools.count(1)


def association_represented_by(user, name: str = "Sorgforeningen Herning", municipality_name: str = "Herning"):
    """An association (made directly, not through the associations' services) with ``user`` as representative."""
    association = Association.objects.create(
        name=name,
        slug=f"forening-{next(_numbers)}",
        description="Vi hjælper hinanden.",
        municipality=municipality(municipality_name),
        contact_email="kontakt@forening.dk",
    )
    Representative.objects.create(association=association, user=user)
    return association


def offer_fields(**overrides) -> dict:
    """Everything a valid offer in Herning needs, as the form hands it to the service."""
    fields = {
        "title": "Sorggruppe for efterladte",
        "description": "Vi mødes og taler om at miste. Der er kaffe, og du bestemmer selv, hvor meget du siger.",
        "problem_areas": terms(Vocabulary.PROBLEM_AREA, "sorg"),
        "target_groups": terms(Vocabulary.TARGET_GROUP, "paaroerende"),
        "age_groups": terms(Vocabulary.AGE_GROUP, "voksne-30-64", "seniorer-65"),
        "when": "Tirsdage kl. 17–19, ikke i juli",
        "schedule_weekday": 1,
        "schedule_starts": None,
        "schedule_ends": None,
        "schedule_repeats": "",
        "municipality": municipality("Herning"),
        "address": "Bethaniagade 12",
        "postal_code": "7400",
        "online_url": "",
        "contact_name": "Inge",
        "contact_email": "inge@forening.dk",
        "contact_phone": "",
        "price": 0,
        "languages": ["da"],
        "receives_rehabilitation": True,
    }
    return fields | overrides


def published_offer(association, **overrides) -> Offer:
    """A published offer made directly in the database (and indexed), for lists and query counts."""
    fields = offer_fields(**overrides)
    related = {name: fields.pop(name) for name in ("problem_areas", "target_groups", "age_groups")}
    offer = Offer.objects.create(association=association, status=OfferStatus.PUBLISHED, **fields)
    for name, values in related.items():
        getattr(offer, name).set(values)
    search.index_object(offer)
    return offer
