"""Staff log in with two factors, are locked after three failed logins in 24 hours, and act only at home."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from sammen.access.staff_security import unlock_account
from sammen.accounts.models import FailedLogin
from sammen.audit.models import AuditEntry
from tests.factories import PASSWORD, citizen, platform_admin, staff
from tests.helpers import current_totp_code, log_in_with_second_factor, with_totp

pytestmark = pytest.mark.django_db


def log_in(client, email, password=PASSWORD):
    return client.post("/konto/login/", {"login": email, "password": password}, follow=True)


def test_staff_without_two_factor_cannot_open_any_staff_page(client):
    moderator = staff("moderator")
    log_in(client, moderator.email)
    for path in ["/personale/", "/personale/kommune/657/borgere/", "/platform-admin/"]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == "/konto/2fa/totp/activate/"


def test_staff_login_asks_for_the_second_factor_then_opens_the_staff_area(client):
    moderator = staff("moderator")
    with_totp(moderator)
    response = log_in(client, moderator.email)
    assert response.redirect_chain[-1][0] == "/konto/2fa/authenticate/"
    assert not response.context["user"].is_authenticated
    assert client.get("/personale/").status_code == 302

    wrong = client.post("/konto/2fa/authenticate/", {"code": "000000"}, follow=True)
    assert not wrong.context["user"].is_authenticated

    response = client.post("/konto/2fa/authenticate/", {"code": current_totp_code()}, follow=True)
    assert response.context["user"].is_authenticated
    dashboard = client.get("/personale/")
    assert dashboard.status_code == 200
    assert "Herning" in dashboard.content.decode()


def test_three_failed_staff_logins_within_24_hours_lock_the_account(client, django_capture_on_commit_callbacks):
    moderator = staff("moderator", email="mod@herning.dk")
    with_totp(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            log_in(client, "mod@herning.dk", "forkert-adgangskode")
    moderator.refresh_from_db()
    assert moderator.locked_at is not None
    assert AuditEntry.objects.filter(action="accounts.staff.locked", data_subject_id=moderator.pk).exists()
    assert mail.outbox[-1].to == ["mod@herning.dk"]
    assert "låst" in mail.outbox[-1].subject

    response = log_in(client, "mod@herning.dk", PASSWORD)
    assert response.status_code == 403
    assert "Din personalekonto er låst" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated
    assert client.get("/personale/").status_code == 302

    unlock_account(user=moderator, by=platform_admin())
    response = log_in(client, "mod@herning.dk", PASSWORD)
    assert response.redirect_chain[-1][0] == "/konto/2fa/authenticate/"


def test_failures_older_than_24_hours_do_not_count(client):
    moderator = staff("moderator", email="mod@herning.dk")
    long_ago = timezone.now() - datetime.timedelta(hours=25)
    FailedLogin.objects.create(user=moderator, at=long_ago)
    FailedLogin.objects.create(user=moderator, at=long_ago)
    log_in(client, "mod@herning.dk", "forkert-adgangskode")
    log_in(client, "mod@herning.dk", "forkert-adgangskode")
    moderator.refresh_from_db()
    assert moderator.locked_at is None


def test_citizens_are_not_locked_by_failed_logins(client):
    person = citizen(email="borger@example.dk")
    for _ in range(4):
        log_in(client, "borger@example.dk", "forkert-adgangskode")
    person.refresh_from_db()
    assert person.locked_at is None


def test_a_successful_login_clears_earlier_failures(client):
    moderator = staff("moderator", email="mod@herning.dk")
    with_totp(moderator)
    log_in(client, "mod@herning.dk", "forkert-adgangskode")
    log_in(client, "mod@herning.dk", "forkert-adgangskode")
    log_in(client, "mod@herning.dk")
    client.post("/konto/2fa/authenticate/", {"code": current_totp_code()})
    assert not FailedLogin.objects.filter(user=moderator).exists()


def test_a_herning_moderator_gets_not_found_in_kolding(client):
    moderator = staff("moderator", "Herning")
    log_in_with_second_factor(client, moderator)
    kolding_citizen = citizen("Kolding")
    herning_citizen = citizen("Herning")
    assert client.get(f"/personale/kommune/621/borgere/{kolding_citizen.pk}/").status_code == 404
    assert client.get("/personale/kommune/621/borgere/").status_code == 404
    assert client.get(f"/personale/kommune/657/borgere/{kolding_citizen.pk}/").status_code == 404
    assert client.get(f"/personale/kommune/657/borgere/{herning_citizen.pk}/").status_code == 200


def test_citizens_get_not_found_in_the_staff_area(client):
    client.force_login(citizen())
    assert client.get("/personale/").status_code == 404
    assert client.get("/personale/kommune/657/").status_code == 404


STAFF_ONLY_PAGES = ["/personale/", "/personale/kommune/657/borgere/", "/platform-admin/", "/personale/log/udtraek/"]


def test_the_admins_own_login_form_lets_no_one_in_with_a_password_alone(client):
    """Hardening finding 7: POST /platform-admin/login/ with a platform administrator's password used to open the
    admin, the staff area, citizens' pages and the audit-log extract without the second factor."""
    admin = platform_admin(email="admin@sammen.dk")
    with_totp(admin)
    person = citizen()
    response = client.post("/platform-admin/login/", {"username": "admin@sammen.dk", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/konto/login/?next=/platform-admin/"
    assert "_auth_user_id" not in client.session
    for path in [*STAFF_ONLY_PAGES, f"/personale/kommune/657/borgere/{person.pk}/"]:
        assert client.get(path).status_code == 302
    assert not AuditEntry.objects.filter(action__startswith="personal_data").exists()

    # The admin's login page sends the person to the platform's login, which asks for the code.
    response = client.get("/platform-admin/login/?next=/platform-admin/accounts/user/")
    assert response["Location"] == "/konto/login/?next=/platform-admin/accounts/user/"
    assert client.get("/platform-admin/login/?next=https://evil.example/")["Location"] == (
        "/konto/login/?next=/platform-admin/"
    )
    response = log_in(client, "admin@sammen.dk")
    assert response.redirect_chain[-1][0] == "/konto/2fa/authenticate/"
    assert client.get("/platform-admin/").status_code == 302
    client.post("/konto/2fa/authenticate/", {"code": current_totp_code()})
    assert client.get("/platform-admin/").status_code == 200


@pytest.mark.parametrize("who", ["platform_admin", "administrator", "coordinator", "moderator"])
def test_a_session_that_passed_only_the_password_opens_no_staff_page_and_holds_no_staff_power(client, who):
    """Whatever logged the person in, a staff page asks this session for the code before it opens."""
    person = platform_admin() if who == "platform_admin" else staff(who)
    with_totp(person)
    citizen_in_herning = citizen()
    client.force_login(person)  # as any login path that skips allauth's second stage would leave the session
    for path in [*STAFF_ONLY_PAGES, f"/personale/kommune/657/borgere/{citizen_in_herning.pk}/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/konto/2fa/reauthenticate/?next=")
    assert not AuditEntry.objects.filter(data_subject_id=citizen_in_herning.pk).exists()

    # Typing the code in this session opens the staff area where the person's role reaches.
    response = client.post(
        "/konto/2fa/reauthenticate/?next=/personale/", {"code": current_totp_code()}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/personale/"
    assert response.status_code == 200


def test_wrong_two_factor_codes_count_towards_the_staff_lockout(client, django_capture_on_commit_callbacks):
    """Hardening finding 14: someone who has the password and guesses codes is stopped like a password guesser."""
    moderator = staff("moderator", email="mod@herning.dk")
    with_totp(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            log_in(client, "mod@herning.dk")
            client.post("/konto/2fa/authenticate/", {"code": "000000"})
    moderator.refresh_from_db()
    assert moderator.locked_at is not None
    assert "låst" in mail.outbox[-1].subject
    # The right code in the login that was waiting for it no longer helps, nor does a new login.
    response = client.post("/konto/2fa/authenticate/", {"code": current_totp_code()}, follow=True)
    assert not response.context["user"].is_authenticated
    assert "Din personalekonto er låst" in response.content.decode()
    fresh = Client()
    response = log_in(fresh, "mod@herning.dk")
    assert response.status_code == 403
    assert fresh.get("/personale/").status_code == 302
