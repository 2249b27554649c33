"""A new citizen signs up, verifies the e-mail and logs in; bad input is refused in Danish and kept."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from sammen.accounts.models import Consent, User
from sammen.audit.models import AuditEntry
from tests.factories import PASSWORD, citizen, municipality

pytestmark = pytest.mark.django_db


def signup_data(**overrides) -> dict:
    data = {
        "email": "karen.nielsen@example.dk",
        "display_name": "Karen fra Gullestrup",
        "date_of_birth": "1941-03-15",
        "municipality": municipality("Herning").pk,
        "postal_code": "7400",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "accept_terms": "on",
    }
    data.update(overrides)
    return data


def test_signup_verify_and_login(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/konto/signup/", signup_data(), follow=True)
    assert response.redirect_chain[-1][0] == "/konto/confirm-email/"
    assert "Bekræft din emailadresse" in response.content.decode()

    user = User.objects.get(email="karen.nielsen@example.dk")
    assert user.display_name == "Karen fra Gullestrup"
    assert user.municipality.name == "Herning"
    assert user.date_of_birth == datetime.date(1941, 3, 15)
    consents = {(c.kind, c.version) for c in Consent.objects.filter(user=user)}
    assert consents == {("terms", "2026-11"), ("privacy", "2026-11")}
    assert AuditEntry.objects.filter(action="accounts.user.signed_up", data_subject_id=user.pk).exists()

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/konto/confirm-email/\S+/", mail.outbox[0].body).group(0)
    confirm_page = client.get(link)
    assert confirm_page.status_code == 200
    client.post(link)
    assert user.emailaddress_set.get().verified

    client.logout()
    response = client.post("/konto/login/", {"login": "KAREN.nielsen@example.dk", "password": PASSWORD}, follow=True)
    assert response.context["user"].is_authenticated
    assert "Velkommen, Karen fra Gullestrup." in response.content.decode()


def test_unverified_citizen_cannot_log_in_before_verifying(client):
    client.post("/konto/signup/", signup_data())
    client.logout()
    response = client.post("/konto/login/", {"login": "karen.nielsen@example.dk", "password": PASSWORD}, follow=True)
    assert not response.context["user"].is_authenticated


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date_of_birth", None, "Du skal være mindst 15 år for at bruge Sammen."),
        ("postal_code", "74", "Et postnummer har præcis 4 cifre, fx 7400."),
        ("postal_code", "74OO", "Et postnummer har præcis 4 cifre, fx 7400."),
        ("accept_terms", "", "Du skal acceptere vilkårene for brug for at oprette en profil."),
        ("display_name", "", "Skriv det navn, andre skal se."),
    ],
)
def test_bad_signup_input_gets_a_danish_message_and_keeps_what_was_typed(client, field, value, message):
    if field == "date_of_birth":
        value = (timezone.localdate() - datetime.timedelta(days=14 * 365)).isoformat()
    data = signup_data(**{field: value})
    response = client.post("/konto/signup/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert 'value="karen.nielsen@example.dk"' in page
    if field != "display_name":
        assert 'value="Karen fra Gullestrup"' in page
    assert not User.objects.filter(email="karen.nielsen@example.dk").exists()
    assert len(mail.outbox) == 0


def test_exactly_fifteen_today_may_sign_up(client):
    today = timezone.localdate()
    born = today.replace(year=today.year - 15) if not (today.month == 2 and today.day == 29) else today
    client.post("/konto/signup/", signup_data(date_of_birth=born.isoformat()))
    assert User.objects.filter(email="karen.nielsen@example.dk").exists()


def test_duplicate_email_is_refused_whatever_the_case(client):
    citizen(email="karen.nielsen@example.dk")
    response = client.post("/konto/signup/", signup_data(email="Karen.Nielsen@Example.dk"))
    assert "Der findes allerede en konto med denne e-mailadresse." in response.content.decode()
    assert User.objects.filter(email__iexact="karen.nielsen@example.dk").count() == 1


def test_wrong_password_does_not_reveal_whether_the_account_exists(client):
    citizen(email="ole@example.dk")
    wrong_password = client.post("/konto/login/", {"login": "ole@example.dk", "password": "forkert-kode-123"})
    unknown_account = client.post("/konto/login/", {"login": "findes.ikke@example.dk", "password": "forkert-kode-123"})
    first = wrong_password.context["form"].non_field_errors()
    second = unknown_account.context["form"].non_field_errors()
    assert first == second
    assert "Den angivne emailadresse og/eller adgangskode er ikke korrekt." in " ".join(first)


def test_failed_logins_are_rate_limited_even_with_the_right_password(client):
    citizen(email="ole@example.dk")
    for attempt in range(5):
        client.post("/konto/login/", {"login": "ole@example.dk", "password": f"forkert-{attempt}"})
    response = client.post("/konto/login/", {"login": "ole@example.dk", "password": PASSWORD})
    assert "Der er for mange mislykkede logonforsøg. Prøv igen senere." in response.content.decode()
    assert not response.context["user"].is_authenticated


def test_passwords_are_hashed_with_argon2(client):
    client.post("/konto/signup/", signup_data())
    assert User.objects.get(email="karen.nielsen@example.dk").password.startswith("argon2$")


@pytest.mark.parametrize(
    ("display_name", "message"),
    [
        ("010150-1234", "ligner et CPR-nummer"),
        ("\uff10\uff11\uff10\uff11\uff15\uff10\u2212\uff11\uff12\uff13\uff14", "ligner et CPR-nummer"),
        ("Karen\u2028Nielsen", "Skriv det på én linje"),
    ],
    ids=["cpr", "full-width cpr", "line break"],
)
def test_a_display_name_others_would_see_is_checked_by_the_text_policy(client, display_name, message):
    response = client.post("/konto/signup/", signup_data(display_name=display_name))
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page and f'value="{display_name}"' in page
    assert response.context["form"].errors["display_name"]
    assert not User.objects.filter(email="karen.nielsen@example.dk").exists()
    assert len(mail.outbox) == 0


TOO_MANY_FAILED_LOGINS = "Der er for mange mislykkede logonforsøg. Prøv igen senere."
# The TLS proxy connects from one address and adds the address it received each request from.
THROUGH_THE_PROXY = {"REMOTE_ADDR": "10.0.0.2"}


def _wrong_login(client, attempt: int, **headers):
    return client.post("/konto/login/", {"login": f"ukendt{attempt}@example.dk", "password": "forkert-kode"}, **headers)


def test_behind_the_proxy_each_citizen_has_a_login_limit_of_their_own(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1  # SAMMEN_TRUSTED_PROXY_COUNT=1
    citizen(email="ole@example.dk")
    karen, ole = Client(), Client()
    for attempt in range(10):  # "login_failed": 10 a minute per address
        _wrong_login(karen, attempt, **THROUGH_THE_PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
    limited = _wrong_login(karen, 10, **THROUGH_THE_PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert TOO_MANY_FAILED_LOGINS in limited.content.decode()
    # What Karen's browser claims comes before what the proxy adds; the proxy's addition counts.
    forged = _wrong_login(karen, 11, **THROUGH_THE_PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7")
    assert TOO_MANY_FAILED_LOGINS in forged.content.decode()
    response = ole.post(
        "/konto/login/",
        {"login": "ole@example.dk", "password": PASSWORD},
        **THROUGH_THE_PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert response.status_code == 302 and ole.session.get("_auth_user_id")


def test_with_no_trusted_proxy_a_forged_forwarded_for_is_ignored(client, settings):
    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == 0
    for attempt in range(10):
        _wrong_login(client, attempt, HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}")
    response = _wrong_login(client, 10, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert TOO_MANY_FAILED_LOGINS in response.content.decode()  # all from the one REMOTE_ADDR
