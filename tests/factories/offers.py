"""Offers: a valid offer as the form hands it to the service, and published ones made directly."""

import factory

from sammen.offers.models import Offer, OfferStatus
from sammen.search import services as search
from sammen.taxonomy.vocabularies import Vocabulary
from tests.factories.associations import AssociationFactory, a_representative_of
from tests.factories.municipalities import MunicipalUnitFactory, municipality
from tests.factories.people import staff
from tests.factories.taxonomy import terms


def _provider_municipality(offer):
    return (offer.association or offer.unit).municipality


def _submitter(offer):
    """A representative of the association, or a coordinator where the unit is."""
    if offer.association is not None:
        return a_representative_of(offer.association)
    return staff("coordinator", offer.unit.municipality.name)


class OfferFactory(factory.django.DjangoModelFactory):
    """A draft grief group from an association (by one of its representatives), in the association's
    municipality; not indexed for search.

    ``OfferFactory(from_unit=True)`` makes it a municipal unit's offer instead.
    """

    class Meta:
        model = Offer
        skip_postgeneration_save = True

    class Params:
        from_unit = factory.Trait(association=None, unit=factory.SubFactory(MunicipalUnitFactory))

    title = "Sorggruppe for efterladte"
    description = "Vi mødes og taler om at miste. Der er kaffe, og du bestemmer selv, hvor meget du siger."
    association = factory.SubFactory(AssociationFactory)
    unit = None
    municipality = factory.LazyAttribute(_provider_municipality)
    submitted_by = factory.LazyAttribute(_submitter)
    when = "Tirsdage kl. 17–19, ikke i juli"
    address = "Bethaniagade 12"
    postal_code = "7400"
    status = OfferStatus.DRAFT

    @factory.post_generation
    def problem_areas(self, create, extracted, **kwargs):
        if create:
            self.problem_areas.set(extracted if extracted is not None else terms(Vocabulary.PROBLEM_AREA, "sorg"))

    @factory.post_generation
    def target_groups(self, create, extracted, **kwargs):
        if create:
            default = terms(Vocabulary.TARGET_GROUP, "paaroerende")
            self.target_groups.set(extracted if extracted is not None else default)

    @factory.post_generation
    def age_groups(self, create, extracted, **kwargs):
        if create:
            default = terms(Vocabulary.AGE_GROUP, "voksne-30-64", "seniorer-65")
            self.age_groups.set(extracted if extracted is not None else default)


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
    offer = OfferFactory(association=association, status=OfferStatus.PUBLISHED, **offer_fields(**overrides))
    search.index_object(offer)
    return offer
