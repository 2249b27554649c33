"""Factories and named people, so that a test reads like a scenario: "a citizen in Herning", "a moderator"."""

import datetime
import functools

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from sammen.accounts.models import User
from sammen.municipalities.models import Municipality, ParticipationPeriod, StaffMembership

PASSWORD = "korrekt-hest-batteri-42"


def municipality(name: str) -> Municipality:
    return Municipality.objects.get(name=name)


def participating(name: str, since: datetime.date = datetime.date(2020, 1, 1)) -> Municipality:
    found = municipality(name)
    ParticipationPeriod.objects.get_or_create(municipality=found, starts_on=since)
    return found


@functools.cache
def _hashed(password: str) -> str:
    """Argon2 is slow on purpose; hash each test password once per run, not once per person."""
    return make_password(password)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.dk")
    display_name = factory.Faker("first_name", locale="da_DK")
    date_of_birth = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=40 * 365))
    municipality = factory.LazyFunction(lambda: municipality("Herning"))
    postal_code = "7400"

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.password = _hashed(extracted or PASSWORD)
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


def citizen(municipality_name: str = "Herning", **fields) -> User:
    return UserFactory(municipality=municipality(municipality_name), **fields)


def staff(role: str, municipality_name: str = "Herning", **fields) -> User:
    user = UserFactory(municipality=municipality(municipality_name), **fields)
    StaffMembership.objects.create(user=user, municipality=user.municipality, role=role)
    return user


def platform_admin(**fields) -> User:
    return UserFactory(is_staff=True, is_superuser=True, **fields)


def terms(vocabulary: str, *slugs: str):
    from sammen.taxonomy.models import Term

    return list(Term.objects.filter(vocabulary=vocabulary, slug__in=slugs))


def activity_with_dates(
    *,
    title: str = "Bevæg dig for livet – gåtur",
    organiser: User | None = None,
    municipality_name: str = "Herning",
    starts: datetime.datetime | None = None,
    dates: int = 1,
    every: datetime.timedelta = datetime.timedelta(days=7),
    capacity: int | None = 10,
    deadline_before: datetime.timedelta | None = None,
    category_slug: str = "gaature",
    target_groups: tuple[str, ...] = ("alle",),
    **fields,
):
    """An activity with ``dates`` occurrences ``every`` apart, made directly in the database (no service)."""
    from sammen.activities.models import Activity, Occurrence
    from sammen.taxonomy.models import Category
    from sammen.taxonomy.vocabularies import Vocabulary

    place = municipality(municipality_name)
    organiser = organiser or citizen(municipality_name)
    starts = starts or timezone.now() + datetime.timedelta(days=7)
    activity = Activity.objects.create(
        title=title,
        description=fields.pop("description", "Vi går en tur fra kirken og drikker kaffe bagefter."),
        category=Category.objects.get(slug=category_slug),
        municipality=place,
        created_by=organiser,
        capacity=capacity,
        signup_closes_before=deadline_before,
        **fields,
    )
    activity.target_groups.set(terms(Vocabulary.TARGET_GROUP, *target_groups))
    Occurrence.objects.bulk_create(
        Occurrence(
            activity=activity,
            municipality=place,
            starts_at=starts + every * n,
            ends_at=starts + every * n + datetime.timedelta(hours=1),
            capacity=capacity,
            signup_deadline=(starts + every * n - deadline_before) if deadline_before else None,
        )
        for n in range(dates)
    )
    return activity
