"""People: the user factory and the helpers that make a citizen, a staff member or a platform administrator."""

import datetime
import functools

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from sammen.accounts.models import User
from tests.factories.municipalities import StaffMembershipFactory, municipality

PASSWORD = "korrekt-hest-batteri-42"


@functools.cache
def _hashed(password: str) -> str:
    """Argon2 is slow on purpose; hash each test password once per run, not once per person."""
    return make_password(password)


class UserFactory(factory.django.DjangoModelFactory):
    """A 40-year-old in Herning with a verified e-mail address and the password ``PASSWORD``."""

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
    """A staff member with ``role`` in their own municipality (two-factor login not yet set up)."""
    user = UserFactory(municipality=municipality(municipality_name), **fields)
    StaffMembershipFactory(user=user, municipality=user.municipality, role=role)
    return user


def platform_admin(**fields) -> User:
    return UserFactory(is_staff=True, is_superuser=True, **fields)


def with_mobile(user: User, number: str = "+4520304050") -> User:
    """The person has given a mobile number, confirmed it with the code sent to it, and wants text messages."""
    user.phone_number = number
    user.phone_confirmed_at = timezone.now()
    user.sms_enabled = True
    user.save(update_fields=["phone_number", "phone_confirmed_at", "sms_enabled"])
    return user
