"""axe-core (WCAG 2.0 and 2.1, levels A and AA) finds nothing on any page Sammen has.

Each case says how a user reaches the page: who is logged in and what they did before. The page must open
where the case expects (no silent redirect to the login page) with one level-1 heading, and then pass axe.
"""

import re
from urllib.parse import urlparse

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.helpers import CAST, assert_accessible, browser_db, log_in_by_keyboard, press_button, type_into
from tests.factories import PASSWORD, citizen, staff

pytestmark = [pytest.mark.browser, browser_db]


# Pages a GET opens, by who is logged in (None: nobody). "{citizen}" is the id of a citizen in Herning.
PAGES = [
    pytest.param(None, "/", id="front-page"),
    pytest.param(None, "/privatliv/", id="privacy"),
    pytest.param(None, "/vilkaar/", id="terms"),
    pytest.param(None, "/tilgaengelighed/", id="accessibility-statement"),
    pytest.param(None, "/konto/login/", id="login"),
    pytest.param(None, "/konto/signup/", id="signup"),
    pytest.param(None, "/konto/confirm-email/", id="verification-sent"),
    pytest.param(None, "/konto/password/reset/", id="password-reset"),
    pytest.param(None, "/konto/password/reset/done/", id="password-reset-done"),
    pytest.param("citizen", "/konto/profil/", id="profile"),
    pytest.param("citizen", "/konto/2fa/", id="mfa-index"),
    pytest.param("citizen", "/konto/password/change/", id="password-change"),
    pytest.param("citizen", "/konto/email/", id="email-addresses"),
    pytest.param("citizen", "/konto/logout/", id="logout-confirm"),
    pytest.param("moderator", "/personale/", id="staff-dashboard"),
    pytest.param("administrator", "/personale/kommune/657/", id="staff-municipality"),
    pytest.param("coordinator", "/personale/kommune/657/borgere/", id="staff-citizens"),
    pytest.param("coordinator", "/personale/kommune/657/borgere/{citizen}/", id="staff-citizen-detail"),
    pytest.param("platform_admin", "/personale/log/udtraek/", id="audit-export"),
]


@pytest.mark.parametrize("who, path", PAGES)
def test_page_passes_axe(page, log_in_as, request, herning, who, path):
    if who:
        log_in_as(request.getfixturevalue(CAST[who]))
    if "{citizen}" in path:
        path = path.format(citizen=citizen("Herning", display_name="Grethe Madsen").pk)
    response = page.goto(path)
    assert response.ok, f"{path} answered {response.status}"
    assert urlparse(page.url).path == path, f"{path} redirected to {page.url}"
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert_accessible(page)


def test_english_front_page_passes_axe(page, context, live_server):
    context.add_cookies([{"name": "sammen_language", "value": "en", "url": live_server.url}])
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find company and community near you")
    assert_accessible(page)


def test_confirm_email_page_passes_axe(page):
    person = citizen("Herning")
    EmailAddress.objects.filter(user=person).update(verified=False)
    key = EmailConfirmationHMAC(EmailAddress.objects.get(user=person)).key
    page.goto(f"/konto/confirm-email/{key}/")
    expect(page.get_by_role("button", name="Bekræft")).to_be_visible()
    assert_accessible(page)


def test_profile_with_errors_passes_axe(page, log_in_as):
    log_in_as(citizen("Herning"))
    page.goto("/konto/profil/")
    type_into(page, "Postnummer", "74")
    press_button(page, "Gem profil")
    expect(page.get_by_role("alert").first).to_contain_text("Profilen blev ikke gemt")
    assert_accessible(page)


def test_login_with_error_passes_axe(page):
    log_in_by_keyboard(page, "ingen@example.dk", "forkert-adgangskode")
    expect(page.get_by_text("Den angivne emailadresse og/eller adgangskode er ikke korrekt.")).to_be_visible()
    assert_accessible(page)


def test_signup_with_errors_passes_axe(page):
    page.goto("/konto/signup/")
    press_button(page, "Opret konto")
    expect(page.get_by_text("Du skal acceptere vilkårene for brug for at oprette en profil.")).to_be_visible()
    assert_accessible(page)


def test_two_factor_code_page_at_login_passes_axe(page, herning, moderator_in_herning):
    log_in_by_keyboard(page, moderator_in_herning.email)
    expect(page).to_have_url(re.compile(r"/konto/2fa/authenticate/$"))
    assert_accessible(page)


def test_reauthentication_and_totp_activation_pages_pass_axe(page):
    log_in_by_keyboard(page, staff("moderator").email)
    page.goto("/konto/2fa/totp/activate/")
    # allauth wants the password once more before an authenticator is added, even right after login.
    if "/konto/reauthenticate/" in page.url:
        assert_accessible(page)
        type_into(page, "Adgangskode", PASSWORD)
        with page.expect_navigation():
            page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/konto/2fa/totp/activate/$"))
    assert_accessible(page)


def test_assert_accessible_reports_what_axe_finds(page):
    """The helper itself: a page with an unlabelled image and field fails, naming rule, impact and element."""
    page.set_content(
        '<html lang="da"><head><title>x</title></head><body><main><h1>x</h1>'
        '<img src="data:," id="no-alt"><input id="no-label"></main></body></html>'
    )
    with pytest.raises(pytest.fail.Exception) as failure:
        assert_accessible(page, label="a broken page")
    message = str(failure.value)
    assert "axe violation(s) on a broken page" in message
    assert "- image-alt (critical)" in message and "at #no-alt" in message
    assert "- label (critical)" in message and "at #no-label" in message


def test_the_stylesheets_load_so_that_axe_can_judge_contrast(page):
    page.goto("/")
    loaded = page.evaluate("() => [...document.styleSheets].map(sheet => sheet.cssRules.length)")
    assert len(loaded) >= 2 and all(loaded), f"stylesheets with rules: {loaded}"


def test_locked_staff_account_page_passes_axe(page, herning, moderator_in_herning):
    moderator_in_herning.locked_at = timezone.now()
    moderator_in_herning.save(update_fields=["locked_at"])
    log_in_by_keyboard(page, moderator_in_herning.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Din personalekonto er låst")
    assert_accessible(page)
