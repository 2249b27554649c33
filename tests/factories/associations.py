"""Associations, their representatives and invitations; a valid registration as the form sends it."""

import datetime
import hashlib
import itertools

import factory
from django.utils import timezone
from django.utils.text import slugify

from sammen.associations import services
from sammen.associations.models import Association, Invitation, Representative
from sammen.taxonomy.models import Category
from tests.factories.municipalities import municipality
from tests.factories.people import UserFactory

VALID_CVR = "12345674"
OTHER_VALID_CVR = "10000017"


class AssociationFactory(factory.django.DjangoModelFactory):
    """An unverified association in Herning, made directly in the database (not indexed for search)."""

    class Meta:
        model = Association

    name = factory.Sequence(lambda n: f"Foreningen nummer {n}")
    slug = factory.LazyAttribute(lambda association: slugify(association.name))
    description = "Vi mødes og hygger os."
    municipality = factory.LazyFunction(lambda: municipality("Herning"))
    contact_email = factory.LazyAttribute(lambda association: f"kontakt@{association.slug}.dk")


class RepresentativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Representative

    association = factory.SubFactory(AssociationFactory)
    user = factory.SubFactory(UserFactory)


def a_representative_of(association: Association):
    """The association's first representative, or a new one if it has none yet."""
    first = association.representatives.select_related("user").first()
    return first.user if first else RepresentativeFactory(association=association).user


class InvitationFactory(factory.django.DjangoModelFactory):
    """An open invitation for two weeks from a representative; the link's ``token`` is only stored hashed, as the
    service stores it."""

    class Meta:
        model = Invitation

    class Params:
        token = factory.Sequence(lambda n: f"invitation-{n}")

    association = factory.SubFactory(AssociationFactory)
    email = factory.Sequence(lambda n: f"inviteret{n}@example.dk")
    token_hash = factory.LazyAttribute(lambda invitation: hashlib.sha256(invitation.token.encode()).hexdigest())
    invited_by = factory.LazyAttribute(lambda invitation: a_representative_of(invitation.association))
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))


def association_fields(**overrides) -> dict:
    """What the registration form sends for "Strikkeklubben Maske" in Herning."""
    fields = {
        "name": "Strikkeklubben Maske",
        "cvr": "",
        "description": "Vi strikker sammen hver tirsdag i biblioteket. Alle kan være med, også begyndere.",
        "categories": [Category.objects.first().pk],
        "municipality": municipality("Herning").pk,
        "contact_email": "kontakt@maske.dk",
        "contact_phone": "",
        "website": "",
    }
    fields.update(overrides)
    return fields


def registered_association(by, *, name: str = "Strikkeklubben Maske", where: str = "Herning", **fields):
    """An association registered through the service, so it is indexed for search like a real one."""
    values = {
        "name": name,
        "cvr": "",
        "description": "Vi strikker sammen hver tirsdag i biblioteket.",
        "municipality": municipality(where),
        "contact_email": "kontakt@maske.dk",
        "contact_phone": "",
        "website": "",
    }
    values.update(fields)
    return services.register_association(by=by, fields=values)


_numbers = itertools.count(1)


def association_represented_by(user, name: str = "Sorgforeningen Herning", municipality_name: str = "Herning"):
    """An association (made directly, not through the associations' services) with ``user`` as representative."""
    association = AssociationFactory(
        name=name,
        slug=f"forening-{next(_numbers)}",
        description="Vi hjælper hinanden.",
        municipality=municipality(municipality_name),
        contact_email="kontakt@forening.dk",
    )
    RepresentativeFactory(association=association, user=user)
    return association


def association(name: str = "Gangforeningen Herning", municipality_name: str = "Herning") -> Association:
    """An association without representatives, e.g. the organiser of activities in a feed."""
    slug = name.lower().replace(" ", "-")
    return AssociationFactory(
        name=name,
        slug=slug,
        description="Vi går ture sammen.",
        municipality=municipality(municipality_name),
        contact_email=f"kontakt@{slug}.dk",
    )
