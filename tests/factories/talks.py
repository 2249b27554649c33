"""Booked talks: a volunteer's free time slot and a citizen's booking of one, made directly in the database
(nobody is told, no lock is taken; ``sammen.talks.services`` does that)."""

import datetime

import factory
from django.utils import timezone

from sammen.core.calendar import COPENHAGEN
from sammen.talks.models import Booking, BookingStatus, Slot, SlotStatus
from sammen.volunteering.models import TalkChannel
from tests.factories import volunteering
from tests.factories.people import UserFactory


def next_week_at(hour: int = 19) -> datetime.datetime:
    """A week from today at ``hour`` o'clock, Copenhagen time."""
    day = timezone.localdate() + datetime.timedelta(days=7)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=COPENHAGEN)


def _languages(slot) -> str:
    profile = getattr(slot.volunteer_user, "volunteer_profile", None)
    codes = profile.language_codes if profile else []
    return f" {' '.join(codes)} " if codes else ""


class SlotFactory(factory.django.DjangoModelFactory):
    """A free slot a week from now at 19:00 (Copenhagen), of an active "Snak sammen" volunteer who speaks Danish
    and English, by video or phone, as long as the programme's talks."""

    class Meta:
        model = Slot

    volunteer = factory.LazyFunction(volunteering.volunteer)
    programme = factory.SelfAttribute("volunteer.programme")
    volunteer_user = factory.SelfAttribute("volunteer.user")
    starts_at = factory.LazyFunction(next_week_at)
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + datetime.timedelta(minutes=s.programme.talk_minutes))
    local_weekday = factory.LazyAttribute(lambda s: s.starts_at.astimezone(COPENHAGEN).weekday())
    local_hour = factory.LazyAttribute(lambda s: s.starts_at.astimezone(COPENHAGEN).hour)
    channels = factory.LazyAttribute(lambda s: list(s.programme.channels))
    languages = factory.LazyAttribute(_languages)
    status = SlotStatus.FREE


class BookingFactory(factory.django.DjangoModelFactory):
    """A booked video talk of a slot (which the factory marks booked) by a citizen in Herning."""

    class Meta:
        model = Booking

    slot = factory.SubFactory(SlotFactory, status=SlotStatus.BOOKED)
    citizen = factory.SubFactory(UserFactory)
    volunteer_user = factory.SelfAttribute("slot.volunteer_user")
    programme = factory.SelfAttribute("slot.programme")
    citizen_municipality = factory.SelfAttribute("citizen.municipality")
    starts_at = factory.SelfAttribute("slot.starts_at")
    ends_at = factory.SelfAttribute("slot.ends_at")
    channel = TalkChannel.VIDEO
    status = BookingStatus.BOOKED


def a_free_slot(volunteer=None, *, programme=None, starts_at=None, **fields) -> Slot:
    """A free slot of ``volunteer`` (or of a new active volunteer in ``programme``), a week from now at 19:00
    unless ``starts_at`` says otherwise."""
    volunteer = volunteer or volunteering.volunteer(programme=programme)
    return SlotFactory(volunteer=volunteer, starts_at=starts_at or next_week_at(), **fields)


def a_booking(citizen=None, slot=None, *, channel=TalkChannel.VIDEO, **fields) -> Booking:
    """``citizen`` (a new citizen in Herning if none) has booked ``slot`` (a new free slot if none)."""
    slot = slot or a_free_slot()
    Slot.objects.filter(pk=slot.pk).update(status=SlotStatus.BOOKED)
    slot.status = SlotStatus.BOOKED
    return BookingFactory(slot=slot, citizen=citizen or UserFactory(), channel=channel, **fields)
