"""External OpenID Connect logins keep only the provider's subject id, never a CPR number."""

import pytest
from allauth.socialaccount.models import SocialAccount

from tests.factories import citizen

pytestmark = pytest.mark.django_db


def test_only_minimal_claims_from_an_identity_broker_are_stored():
    person = citizen()
    account = SocialAccount.objects.create(
        user=person,
        provider="mitid-broker",
        uid="b1c7a3e0-4f5e-4d8e-9a51-0d3c2f7e9a11",
        extra_data={
            "sub": "b1c7a3e0-4f5e-4d8e-9a51-0d3c2f7e9a11",
            "dk.cpr": "0101501234",
            "cpr_number": "010150-1234",
            "name": "Karen Nielsen",
            "birthdate": "1950-01-01",
            "email": "karen@example.dk",
        },
    )
    account.refresh_from_db()
    assert account.uid == "b1c7a3e0-4f5e-4d8e-9a51-0d3c2f7e9a11"
    assert account.extra_data == {"sub": "b1c7a3e0-4f5e-4d8e-9a51-0d3c2f7e9a11", "email": "karen@example.dk"}
    assert "0101501234" not in str(SocialAccount.objects.values_list("extra_data", flat=True))


def test_configured_providers_are_read_from_the_environment(monkeypatch):
    import sammen.settings as settings_module

    monkeypatch.setenv(
        "SAMMEN_OIDC_PROVIDERS",
        '[{"id": "mitid", "name": "MitID", "server_url": "https://broker.example.dk", "client_id": "sammen"}]',
    )
    apps = settings_module._oidc_apps()
    assert apps == [
        {
            "provider_id": "mitid",
            "name": "MitID",
            "client_id": "sammen",
            "secret": "",
            "settings": {"server_url": "https://broker.example.dk", "oauth_pkce_enabled": True},
        }
    ]
