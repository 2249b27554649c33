"""Activities, their dates and sign-ups; the create form as a person fills it in; people signed up in order."""

import datetime
import itertools
import zoneinfo

import factory
from django.utils import timezone

from sammen.activities import services
from sammen.activities.models import Activity, Occurrence, SignUp, SignUpStatus
from sammen.search import services as search
from sammen.taxonomy.models import Category
from sammen.taxonomy.vocabularies import Vocabulary
from tests.factories.municipalities import municipality
from tests.factories.people import UserFactory, citizen
from tests.factories.taxonomy import terms

COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")


class ActivityFactory(factory.django.DjangoModelFactory):
    """A walk for everyone in Herning with 10 seats, organised by a citizen there; without dates (see
    ``OccurrenceFactory`` and ``activity_with_dates``) and not indexed for search (see ``listed_activity``)."""

    class Meta:
        model = Activity
        skip_postgeneration_save = True

    title = "Bevæg dig for livet – gåtur"
    description = "Vi går en tur fra kirken og drikker kaffe bagefter."
    category = factory.LazyFunction(lambda: Category.objects.get(slug="gaature"))
    municipality = factory.LazyFunction(lambda: municipality("Herning"))
    created_by = factory.SubFactory(UserFactory, municipality=factory.SelfAttribute("..municipality"))
    capacity = 10

    @factory.post_generation
    def target_groups(self, create, extracted, **kwargs):
        if create:
            self.target_groups.set(extracted if extracted is not None else terms(Vocabulary.TARGET_GROUP, "alle"))

    @factory.post_generation
    def accessibility(self, create, extracted, **kwargs):
        if create and extracted:
            self.accessibility.set(extracted)


class OccurrenceFactory(factory.django.DjangoModelFactory):
    """A date a week from now, for an hour, with the activity's seats."""

    class Meta:
        model = Occurrence

    activity = factory.SubFactory(ActivityFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda occurrence: occurrence.starts_at + datetime.timedelta(hours=1))
    capacity = factory.SelfAttribute("activity.capacity")
    municipality = factory.SelfAttribute("activity.municipality")


class SignUpFactory(factory.django.DjangoModelFactory):
    """A confirmed sign-up, made directly: no seat is counted and nobody is told (``signed_up`` uses the service)."""

    class Meta:
        model = SignUp

    occurrence = factory.SubFactory(OccurrenceFactory)
    user = factory.SubFactory(UserFactory)
    status = SignUpStatus.CONFIRMED


def activity_with_dates(
    *,
    title: str = "Bevæg dig for livet – gåtur",
    organiser=None,
    municipality_name: str = "Herning",
    starts: datetime.datetime | None = None,
    dates: int = 1,
    every: datetime.timedelta = datetime.timedelta(days=7),
    capacity: int | None = 10,
    deadline_before: datetime.timedelta | None = None,
    category_slug: str = "gaature",
    target_groups: tuple[str, ...] = ("alle",),
    **fields,
) -> Activity:
    """An activity with ``dates`` occurrences ``every`` apart, made directly in the database (no service)."""
    place = municipality(municipality_name)
    organiser = organiser or citizen(municipality_name)
    starts = starts or timezone.now() + datetime.timedelta(days=7)
    activity = ActivityFactory(
        title=title,
        category=Category.objects.get(slug=category_slug),
        municipality=place,
        created_by=organiser,
        capacity=capacity,
        signup_closes_before=deadline_before,
        target_groups=terms(Vocabulary.TARGET_GROUP, *target_groups),
        **fields,
    )
    Occurrence.objects.bulk_create(
        OccurrenceFactory.build(
            activity=activity,
            starts_at=starts + every * n,
            signup_deadline=(starts + every * n - deadline_before) if deadline_before else None,
        )
        for n in range(dates)
    )
    return activity


def copenhagen(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=COPENHAGEN)


def listed_activity(*, accessibility: tuple[str, ...] = (), **fields) -> Activity:
    """An activity with dates (see ``activity_with_dates``), indexed for search as the services do."""
    activity = activity_with_dates(**fields)
    if accessibility:
        activity.accessibility.set(terms(Vocabulary.ACCESSIBILITY, *accessibility))
    search.index_object(activity)
    return activity


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
