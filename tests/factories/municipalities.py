"""Municipalities as the tests need them: the reference data by name, participation, staff roles, units."""

import datetime

import factory

from sammen.municipalities.models import Municipality, MunicipalUnit, ParticipationPeriod, StaffMembership, StaffRole


def municipality(name: str) -> Municipality:
    """One of the 98 municipalities the data migration loads, by its Danish name."""
    return Municipality.objects.get(name=name)


def participating(name: str, since: datetime.date = datetime.date(2020, 1, 1)) -> Municipality:
    """The municipality, taking part in Sammen since ``since`` (and still)."""
    found = municipality(name)
    ParticipationPeriod.objects.get_or_create(municipality=found, starts_on=since)
    return found


class ParticipationPeriodFactory(factory.django.DjangoModelFactory):
    """Herning taking part since 2020, open-ended unless ``ends_on`` is given."""

    class Meta:
        model = ParticipationPeriod

    municipality = factory.LazyFunction(lambda: municipality("Herning"))
    starts_on = datetime.date(2020, 1, 1)
    ends_on = None


class StaffMembershipFactory(factory.django.DjangoModelFactory):
    """A role for a person in their own municipality: a coordinator unless ``role`` says otherwise."""

    class Meta:
        model = StaffMembership

    user = factory.SubFactory("tests.factories.people.UserFactory")
    municipality = factory.SelfAttribute("user.municipality")
    role = StaffRole.COORDINATOR


class MunicipalUnitFactory(factory.django.DjangoModelFactory):
    """A municipal unit (an organiser of activities and offers) in Herning."""

    class Meta:
        model = MunicipalUnit

    municipality = factory.LazyFunction(lambda: municipality("Herning"))
    name = factory.Sequence(lambda n: f"Kultur og Fritid {n}")


def unit(name: str = "Sundhed og Ældre", municipality_name: str = "Herning") -> MunicipalUnit:
    return MunicipalUnitFactory(municipality=municipality(municipality_name), name=name)
