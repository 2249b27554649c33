"""The referral intake for other systems: a GP system posts a smoking-cessation referral with its key; a retried
request makes no second referral; a wrong, revoked or missing key, bad input and a receiver of another municipality
are refused with a JSON code and change nothing; keys are stored only as a hash and made and revoked by referrers."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from sammen.audit.models import AuditEntry
from sammen.notifications.models import OutboxMessage
from sammen.referrals import services
from sammen.referrals.models import ApiKey, Referral
from tests.factories import citizen, staff
from tests.factories.referrals import contact_of, referrer, smoking_cessation
from tests.helpers import log_in_with_second_factor

pytestmark = pytest.mark.django_db

URL = "/api/v1/henvisninger/"


@pytest.fixture
def herning_referrer():
    return referrer("Herning", display_name="Hanne")


@pytest.fixture
def rygestop(herning_referrer):
    receiver = smoking_cessation(herning_referrer)
    contact_of(receiver, by=herning_referrer)
    return receiver


@pytest.fixture
def gp_key(herning_referrer):
    _api_key, key = services.issue_api_key(
        by=herning_referrer, municipality=herning_referrer.staff_memberships.get().municipality, sender_name="Lægehuset"
    )
    return key


def body(to, **overrides) -> dict:
    fields = {
        "receiver": to.pk,
        "reference": "GP-2026-0042",
        "received_on": timezone.localdate().isoformat(),
        "citizen": {"name": "Poul Nielsen", "phone": "20304050", "email": "", "postal_code": "7400"},
        "needs": "Vil gerne stoppe med at ryge.",
        "consent": {"how": "oral", "given_on": timezone.localdate().isoformat()},
    }
    return fields | overrides


def post(client, key, data):
    return client.post(URL, data, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")


def test_a_gp_system_posts_a_referral_twice_and_one_exists_with_a_7_day_deadline(client, rygestop, gp_key):
    first = post(client, gp_key, body(rygestop))
    assert first.status_code == 201, first.json()
    again = post(client, gp_key, body(rygestop))
    assert again.status_code == 200
    assert again.json() == first.json()
    referral = Referral.objects.get()
    assert first.json() == {
        "id": referral.pk,
        "reference": "GP-2026-0042",
        "status": "sent",
        "deadline_on": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
    }
    assert (referral.source, referral.sender.name, referral.referred_by) == ("external", "Lægehuset", None)
    assert referral.phone == "+4520304050"
    # The receiver's contact is told once, not once per request.
    assert OutboxMessage.objects.filter(template="referrals/email/receiver_new.txt").count() == 1
    assert AuditEntry.objects.filter(action="referrals.referral.received").count() == 1


@pytest.mark.parametrize(
    ("header", "code"),
    [
        (None, "not_authenticated"),
        ("Bearer smn_000000000000_wrong", "authentication_failed"),
        ("Basic dXNlcjpwYXNz", "authentication_failed"),
        ("Bearer ", "authentication_failed"),
    ],
)
def test_without_a_valid_key_nothing_is_made(client, rygestop, gp_key, header, code):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.post(URL, body(rygestop), content_type="application/json", **extra)
    assert response.status_code == 401
    assert response.json()["code"] == code
    assert response["WWW-Authenticate"] == 'Bearer realm="sammen"'
    assert not Referral.objects.exists()


def test_a_key_that_is_one_character_off_or_revoked_is_refused(client, herning_referrer, rygestop, gp_key):
    wrong = gp_key[:-1] + ("A" if gp_key[-1] != "A" else "B")
    assert post(client, wrong, body(rygestop)).status_code == 401
    services.revoke_api_key(by=herning_referrer, api_key=ApiKey.objects.get())
    response = post(client, gp_key, body(rygestop))
    assert response.status_code == 401 and response.json()["code"] == "authentication_failed"
    assert not Referral.objects.exists()


def test_only_a_hash_of_the_key_is_stored(gp_key):
    stored = ApiKey.objects.get()
    assert gp_key.startswith(f"smn_{stored.prefix}_")
    assert gp_key not in str(list(ApiKey.objects.values()))
    assert not AuditEntry.objects.filter(details__icontains=gp_key.split("_", 2)[2]).exists()


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"consent": {"how": "telepathy", "given_on": "2026-01-01"}}, 400, "invalid"),
        ({"received_on": "31-12-2026"}, 400, "invalid"),
        ({"receiver": 10**30}, 400, "invalid"),
        ({"reference": "x" * 65}, 400, "invalid"),
        ({"citizen": {"name": "Poul", "phone": "", "email": "", "postal_code": "7400"}}, 400, "no_reach"),
        ({"citizen": {"name": "Poul", "phone": "2030", "email": "", "postal_code": "7400"}}, 400, "phone_invalid"),
        ({"citizen": {"name": "Poul", "phone": "+46 70 123 45 67", "postal_code": "7400"}}, 400, "phone_foreign"),
        ({"received_on": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()}, 400, "received_future"),
        ({"needs": "Cpr 010203-1234, ryger 20 om dagen"}, 400, "cpr"),
        ({"needs": "Cpr 0102031234"}, 400, "cpr"),
        (
            {"citizen": {"name": "Poul 010203 1234", "phone": "20304050", "email": "", "postal_code": "7400"}},
            400,
            "cpr",
        ),
        ({"needs": "Ryger\x00"}, 400, "invalid"),
        ({"needs": "x" * 100_000}, 400, "invalid"),
    ],
)
def test_bad_input_is_refused_with_a_code_and_changes_nothing(client, rygestop, gp_key, change, status, code):
    response = post(client, gp_key, body(rygestop, **change))
    assert response.status_code == status, response.json()
    assert response.json()["code"] == code
    assert response.json()["message"]
    assert not Referral.objects.exists()


def test_a_body_that_is_not_json_is_refused(client, rygestop, gp_key):
    response = client.post(
        URL, "receiver=1", content_type="application/x-www-form-urlencoded", HTTP_AUTHORIZATION=f"Bearer {gp_key}"
    )
    assert response.status_code == 415
    assert not Referral.objects.exists()


def test_a_receiver_of_another_municipality_does_not_exist_for_the_key(client, rygestop, gp_key):
    kolding_receiver = smoking_cessation(referrer("Kolding"), municipality_name="Kolding")
    response = post(client, gp_key, body(kolding_receiver))
    assert response.status_code == 400 and response.json()["code"] == "no_receiver"
    assert not Referral.objects.exists()


def test_a_receiver_not_accepting_refuses(client, herning_referrer, rygestop, gp_key):
    services.update_receiver(by=herning_referrer, receiver=rygestop, name=rygestop.name, accepting=False)
    response = post(client, gp_key, body(rygestop))
    assert response.status_code == 400 and response.json()["code"] == "not_accepting"
    assert not Referral.objects.exists()


def test_requests_are_rate_limited_per_key(client, settings, rygestop, gp_key):
    from rest_framework.settings import api_settings

    from sammen.referrals.api import PerKeyThrottle

    cache.clear()
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "referral_intake": "2/hour"}
    PerKeyThrottle.THROTTLE_RATES = rates
    try:
        codes = [post(client, gp_key, body(rygestop, reference=f"R{n}")).status_code for n in range(3)]
    finally:
        PerKeyThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    assert codes == [201, 201, 429]
    assert Referral.objects.count() == 2


def test_the_openapi_schema_describes_the_intake(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    operation = schema["paths"][URL]["post"]
    assert set(operation["responses"]) >= {"200", "201", "400", "401", "429"}
    assert "ReferralIn" in schema["components"]["schemas"]
    assert schema["components"]["securitySchemes"]["senderKey"]["scheme"] == "bearer"
    assert operation["security"] == [{"senderKey": []}]


def test_referrers_make_and_revoke_keys_and_everyone_else_gets_not_found(client, herning_referrer):
    page = "/personale/kommune/657/henvisninger/api-noegler/"
    assert client.get(page).status_code == 302  # the anonymous: the login page, as on every staff page
    for person in (citizen("Herning"), staff("coordinator", "Herning"), referrer("Kolding")):
        log_in_with_second_factor(client, person)
        assert client.get(page).status_code == 404
        assert client.post(page, {"key-sender_name": "Lægehuset"}).status_code == 404
    assert not ApiKey.objects.exists()

    log_in_with_second_factor(client, herning_referrer)
    made = client.post(page, {"key-sender_name": "Lægehuset Bryggergade"})
    assert made.status_code == 200
    key = ApiKey.objects.get()
    text = made.content.decode()
    assert f"smn_{key.prefix}_" in text  # shown once, here
    assert f"smn_{key.prefix}_" not in client.get(page).content.decode()
    assert client.post(page, {"key-sender_name": ""}).status_code == 400
    assert ApiKey.objects.count() == 1
    client.post(page, {"action": "revoke", "key": str(key.pk)})
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert client.post(page, {"action": "revoke", "key": "9" * 40}).status_code == 404
