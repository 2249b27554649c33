"""Reports, blocks and suspensions, made directly in the database (nobody is told)."""

import datetime

import factory
from django.utils import timezone

from sammen.access.models import Block, Suspension
from sammen.moderation.models import Report, ReportReason
from tests.factories.people import UserFactory, staff


class ReportFactory(factory.django.DjangoModelFactory):
    """An open report about a person, for the moderators of the municipality where that person lives."""

    class Meta:
        model = Report

    reporter = factory.SubFactory(UserFactory)
    reported_user = factory.SubFactory(UserFactory)
    municipality = factory.SelfAttribute("reported_user.municipality")
    reason = ReportReason.OTHER
    text = "Jeg blev utryg ved beskeden."


class BlockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Block

    blocker = factory.SubFactory(UserFactory)
    blocked = factory.SubFactory(UserFactory)


class SuspensionFactory(factory.django.DjangoModelFactory):
    """A week's suspension by a moderator of the person's own municipality."""

    class Meta:
        model = Suspension

    user = factory.SubFactory(UserFactory)
    until = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    reason = "Chikane"
    by = factory.LazyAttribute(lambda suspension: staff("moderator", suspension.user.municipality.name))
