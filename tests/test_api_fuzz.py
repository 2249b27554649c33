"""The public API fuzzed from its own OpenAPI schema (schemathesis): a GP system's key posts whatever the schema
allows and much that it does not, and every answer is one the schema documents — never a server error, always
JSON of the documented shape with a documented status code.

The schema is read from the running app (``/api/v1/schema/``) and the requests go to the app in process (WSGI),
inside the test's database transaction, so the test runs the same on SQLite and PostgreSQL and under xdist.
"""

import datetime
import json

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from rest_framework.settings import api_settings
from schemathesis import checks
from schemathesis.specs.openapi import checks as openapi_checks

from sammen.referrals import services
from sammen.referrals.api import PerKeyThrottle
from tests.factories.referrals import contact_of, referrer, smoking_cessation

pytestmark = pytest.mark.django_db

CHECKS = [
    checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_schema_conformance,
    openapi_checks.response_headers_conformance,
    openapi_checks.negative_data_rejection,
]


@pytest.fixture
def rygestop():
    """Herning's smoking-cessation course, which takes referrals, and the key of "Lægehuset", a general practice
    that refers to it."""
    hanne = referrer("Herning", display_name="Hanne")
    receiver = smoking_cessation(hanne)
    contact_of(receiver, by=hanne)
    _api_key, key = services.issue_api_key(
        by=hanne, municipality=hanne.staff_memberships.get().municipality, sender_name="Lægehuset"
    )
    return receiver, key


def _to(receiver, case) -> None:
    """Send a valid receiver number to the real receiver, so that the fuzzing reaches the service's own checks
    (the citizen's details above all) and the 201 and 200 answers, not only "no such receiver" and "the date
    is too old"."""
    body = case.body
    if not isinstance(body, dict):
        return
    if type(body.get("receiver")) is int and 1 <= body["receiver"] < 2**31:
        body["receiver"] = receiver.pk
    today = timezone.localdate().isoformat()
    if _is_date(body.get("received_on")):
        body["received_on"] = today
    if isinstance(body.get("consent"), dict) and _is_date(body["consent"].get("given_on")):
        body["consent"]["given_on"] = today
    citizen = body.get("citizen")
    if isinstance(citizen, dict) and isinstance(citizen.get("postal_code"), str) and len(citizen["postal_code"]) == 4:
        citizen["postal_code"] = "7400"


def _is_date(value) -> bool:
    try:
        datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def _served_schema() -> dict:
    """The schema exactly as ``/api/v1/schema/`` serves it (the same generator and JSON renderer), read without a
    request: schemathesis needs it when pytest collects the test, before any database is open."""
    return json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))


schema = schemathesis.openapi.from_dict(_served_schema())
schema.app = get_wsgi_application()


@pytest.fixture
def keep_the_connection():
    """Requests go straight to the WSGI app: keep it from closing the database connection after each one (as
    Django's test client does), since the test's transaction lives on that connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def no_rate_limit():
    """The fuzzing posts more than an hour's rate; the limit itself has its own test in test_referral_api."""
    PerKeyThrottle.THROTTLE_RATES = {**api_settings.DEFAULT_THROTTLE_RATES, "referral_intake": "100000/hour"}
    yield
    PerKeyThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES


@schema.parametrize()
@settings(
    max_examples=50,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_answer_of_the_api_is_documented_and_none_is_a_server_error(
    case, rygestop, no_rate_limit, keep_the_connection
):
    receiver, key = rygestop
    _to(receiver, case)
    case.call_and_validate(headers={"Authorization": f"Bearer {key}"}, checks=CHECKS)


def test_the_fuzzed_schema_is_the_one_the_api_serves(client):
    assert client.get("/api/v1/schema/", {"format": "json"}).json() == _served_schema()
