"""Fixtures for every test: a fresh state, the reference data, and the named cast of places and people.

The cast are the people of the scenarios the tests tell ("Karen in Herning posts a bubble, Ole in Kolding answers
it, a moderator in Kolding acts on the report"). Staff in the cast have two-factor login set up, as Sammen requires
of staff before any staff page opens; log them in with ``tests.helpers.log_in_with_second_factor``.
"""

import pytest
from django.core.cache import cache
from django.utils import translation

from sammen.notifications.sms import backends as sms_backends
from tests.factories import citizen, participating, platform_admin, staff
from tests.helpers import with_totp


@pytest.fixture(autouse=True)
def _fresh_state(settings, tmp_path):
    """Each test starts with an empty cache (rate limits, used TOTP codes), its own media folder, Danish."""
    cache.clear()
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SAMMEN_SMS_BACKEND = "sammen.notifications.sms.backends.LocmemBackend"
    sms_backends.outbox.clear()
    translation.activate("da")
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _reference_data(request):
    """The 98 municipalities, the national categories and vocabularies, and the national volunteer programmes
    ("Snak sammen", "Sprogven") with their course, which the data migrations load.

    A transactional test empties every table when it ends (Django's flush), so they would be gone for the tests
    after it. (Django's serialized_rollback would restore them, but breaks as soon as another transactional test
    flushes without it: the content types come back with new ids and the restore collides with them.)
    """
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    from django.apps import apps
    from django.db import transaction

    from sammen.municipalities.models import Municipality
    from sammen.municipalities.reference import load_reference_municipalities
    from sammen.taxonomy.models import Category, Term
    from sammen.taxonomy.services import sync_national_categories, sync_vocabularies
    from sammen.volunteering.reference import load_national_programmes

    with transaction.atomic():  # one commit, not two hundred
        if not Municipality.objects.exists():
            load_reference_municipalities(Municipality)
        if not Category.objects.exists():
            sync_national_categories(Category)
        if not Term.objects.exists():
            sync_vocabularies(Term)
        load_national_programmes(apps)  # one query when they are there


# --- The cast: places ----------------------------------------------------------------------------------------


@pytest.fixture
def herning():
    """Herning Municipality, taking part in Sammen since 2020."""
    return participating("Herning")


@pytest.fixture
def kolding():
    """Kolding Municipality, taking part in Sammen since 2020."""
    return participating("Kolding")


# --- The cast: citizens --------------------------------------------------------------------------------------


@pytest.fixture
def karen_in_herning(herning):
    """Karen, a citizen in Herning (karen@example.dk, a flower as her picture): she posts bubbles and starts a
    knitting club."""
    return citizen("Herning", display_name="Karen", avatar_symbol="flower", email="karen@example.dk")


@pytest.fixture
def ole_in_kolding(kolding):
    """Ole, a citizen in Kolding (ole@example.dk, a sun as his picture): he answers Karen's bubbles."""
    return citizen("Kolding", display_name="Ole", avatar_symbol="sun", email="ole@example.dk")


@pytest.fixture
def inge_in_herning(herning):
    """Inge, a citizen in Herning (inge@example.dk): she organises walks and offers for her association."""
    return citizen("Herning", display_name="Inge", email="inge@example.dk")


# --- The cast: staff, each with two-factor login set up ----------------------------------------------------


def _staff_with_totp(role: str, municipality_name: str, **fields):
    person = staff(role, municipality_name, **fields)
    with_totp(person)
    return person


@pytest.fixture
def coordinator_in_herning():
    """Kirsten, coordinator in Herning (koordinator@herning.dk): she verifies associations, reviews offers and
    manages the municipal units."""
    return _staff_with_totp("coordinator", "Herning", display_name="Kirsten", email="koordinator@herning.dk")


@pytest.fixture
def coordinator_in_kolding():
    """Kasper, coordinator in Kolding (koordinator@kolding.dk): Herning's associations and offers are not his."""
    return _staff_with_totp("coordinator", "Kolding", display_name="Kasper", email="koordinator@kolding.dk")


@pytest.fixture
def moderator_in_herning():
    """Mette, moderator in Herning (moderator@herning.dk): she handles reports about people in Herning."""
    return _staff_with_totp("moderator", "Herning", display_name="Mette", email="moderator@herning.dk")


@pytest.fixture
def moderator_in_kolding():
    """Morten, moderator in Kolding (moderator@kolding.dk): he handles reports about people in Kolding."""
    return _staff_with_totp("moderator", "Kolding", display_name="Morten", email="moderator@kolding.dk")


@pytest.fixture
def administrator_in_herning():
    """Anders, Herning's administrator on Sammen (administrator@herning.dk): the municipality's details, staff
    and units."""
    return _staff_with_totp("administrator", "Herning", display_name="Anders", email="administrator@herning.dk")


@pytest.fixture
def platform_administrator():
    """Pia, who runs the platform for all municipalities (platform@sammen.dk)."""
    person = platform_admin(display_name="Pia", email="platform@sammen.dk")
    with_totp(person)
    return person
