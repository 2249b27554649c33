"""Pages cost the same number of SQL queries at 10 rows as at 100."""

import pytest

from tests.conftest import with_totp
from tests.factories import UserFactory, citizen, municipality, staff

pytestmark = pytest.mark.django_db


def count_queries(client, path) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_staff_citizen_list_does_not_grow_with_the_number_of_citizens(client):
    coordinator = staff("coordinator")
    with_totp(coordinator)
    client.force_login(coordinator)
    UserFactory.create_batch(5, municipality=municipality("Herning"))
    few = count_queries(client, "/personale/kommune/657/borgere/")
    UserFactory.create_batch(40, municipality=municipality("Herning"))
    many = count_queries(client, "/personale/kommune/657/borgere/")
    assert few == many


def test_profile_page_cost_does_not_depend_on_interests(client):
    from sammen.taxonomy.models import Category

    person = citizen()
    client.force_login(person)
    before = count_queries(client, "/konto/profil/")
    person.interests.set(Category.objects.all())
    after = count_queries(client, "/konto/profil/")
    assert before == after


def test_front_page_queries_are_constant(client):
    client.force_login(citizen())
    first = count_queries(client, "/")
    UserFactory.create_batch(20)
    assert count_queries(client, "/") == first
