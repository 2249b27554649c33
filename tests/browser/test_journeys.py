"""What people do on Sammen, done the way a keyboard user does it: focus, type, Tab, Space and Enter; no mouse.

The assertions are what the user sees (Danish headings, messages and field values) and, where it matters,
what was stored.
"""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from playwright.sync_api import expect

from sammen.accounts.models import User
from tests.browser.helpers import (
    assert_accessible,
    browser_db,
    fresh_totp_code,
    log_in_by_keyboard,
    press_button,
    type_into,
)
from tests.factories import PASSWORD, citizen, participating, staff

pytestmark = [pytest.mark.browser, browser_db]

LOGIN_FAILED = "Den angivne emailadresse og/eller adgangskode er ikke korrekt."


def test_sign_up_verify_the_address_and_be_logged_in(page):
    participating("Herning")
    page.goto("/")
    page.get_by_role("main").get_by_role("link", name="Opret profil").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Opret konto")

    type_into(page, "E-mail", "ellen@example.dk")
    type_into(page, "Visningsnavn", "Ellen")
    page.get_by_label("Fødselsdato").fill("1950-12-24")  # the one field typed the browser's own way
    page.get_by_label("Din kommune").focus()
    page.keyboard.type("Herning")  # type-ahead in a closed <select>
    expect(page.get_by_label("Din kommune")).to_have_value(re.compile(r"^\d+$"))
    expect(page.get_by_label("Din kommune").locator("option:checked")).to_have_text("Herning")
    type_into(page, "Postnummer", "7400")
    type_into(page, "Adgangskode", PASSWORD)
    type_into(page, "Adgangskode (igen)", PASSWORD)
    page.get_by_label("Jeg accepterer vilkårene for brug").focus()
    page.keyboard.press("Space")
    expect(page.get_by_label("Jeg accepterer vilkårene for brug")).to_be_checked()
    press_button(page, "Opret konto")

    expect(page).to_have_url(re.compile(r"/konto/confirm-email/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekræft din emailadresse")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ellen@example.dk"]
    assert message.subject.startswith("Sammen: ")
    link = re.search(r"https?://\S+/konto/confirm-email/[^/\s]+/", message.body).group(0)

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekræft venligst din emailadresse")
    press_button(page, "Bekræft")

    expect(page.get_by_role("heading", level=1)).to_have_text("Find selskab og fællesskab nær dig")
    expect(page.get_by_role("main")).to_contain_text("Velkommen, Ellen.")
    expect(page.get_by_role("banner")).to_contain_text("Ellen, Herning Kommune")
    expect(page.get_by_role("button", name="Log ud")).to_be_visible()
    person = User.objects.get(email="ellen@example.dk")
    assert (person.display_name, str(person.date_of_birth), person.municipality.name, person.postal_code) == (
        "Ellen",
        "1950-12-24",
        "Herning",
        "7400",
    )


def test_a_failed_login_does_not_tell_whether_the_account_exists(page):
    person = citizen("Herning", display_name="Karen")

    log_in_by_keyboard(page, person.email, "forkert-adgangskode-1")
    expect(page).to_have_url(re.compile(r"/konto/login/$"))
    wrong_password = page.get_by_role("alert").inner_text()
    assert LOGIN_FAILED in wrong_password
    expect(page.get_by_label("E-mail")).to_have_value(person.email)
    expect(page.get_by_label("Adgangskode", exact=True)).to_have_value("")

    log_in_by_keyboard(page, "findes.ikke@example.dk", "forkert-adgangskode-1")
    assert page.get_by_role("alert").inner_text() == wrong_password

    log_in_by_keyboard(page, person.email)
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("main")).to_contain_text("Velkommen, Karen.")
    expect(page.get_by_role("button", name="Log ud")).to_be_visible()


def test_edit_the_profile(page, log_in_as):
    person = citizen("Herning", display_name="Bent", postal_code="7400")
    log_in_as(person)
    page.goto("/konto/profil/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Min profil")

    type_into(page, "Visningsnavn", "Bent Hansen")
    type_into(page, "Postnummer", "7430")
    page.get_by_role("checkbox", name="Gåture").focus()
    page.keyboard.press("Space")
    press_button(page, "Gem profil")

    expect(page.get_by_role("status")).to_have_text("Din profil er gemt.")
    expect(page.get_by_label("Visningsnavn")).to_have_value("Bent Hansen")
    expect(page.get_by_label("Postnummer")).to_have_value("7430")
    expect(page.get_by_role("checkbox", name="Gåture")).to_be_checked()
    person.refresh_from_db()
    assert (person.display_name, person.postal_code) == ("Bent Hansen", "7430")
    assert [interest.slug for interest in person.interests.all()] == ["gaature"]


def test_a_bad_postal_code_is_explained_on_the_field_and_what_was_typed_stays(page, log_in_as):
    person = citizen("Herning", display_name="Bent", postal_code="7400")
    log_in_as(person)
    page.goto("/konto/profil/")

    type_into(page, "Visningsnavn", "Bent fra Sunds")
    type_into(page, "Postnummer", "74")
    press_button(page, "Gem profil")

    expect(page.get_by_role("alert")).to_contain_text("Profilen blev ikke gemt")
    postal_code = page.get_by_label("Postnummer")
    expect(postal_code).to_have_value("74")
    expect(postal_code).to_have_attribute("aria-invalid", "true")
    expect(postal_code).to_have_accessible_description(re.compile("Et postnummer har præcis 4 cifre, fx 7400."))
    expect(page.locator("#id_postal_code_error")).to_have_text("Fejl: Et postnummer har præcis 4 cifre, fx 7400.")
    expect(page.get_by_label("Visningsnavn")).to_have_value("Bent fra Sunds")
    person.refresh_from_db()
    assert (person.display_name, person.postal_code) == ("Bent", "7400")


def test_switch_language_to_english_and_back(page):
    page.goto("/privatliv/")
    page.get_by_label("Sprog", exact=True).focus()
    page.keyboard.type("English")
    press_button(page, "Skift sprog")

    expect(page).to_have_url(re.compile(r"/privatliv/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Privacy notice")).to_be_visible()
    expect(page.get_by_role("button", name="Easy reading")).to_be_visible()

    page.get_by_label("Language", exact=True).focus()
    page.keyboard.type("Dansk")
    press_button(page, "Change language")

    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.get_by_role("link", name="Privatlivspolitik")).to_be_visible()
    expect(page.get_by_role("button", name="Let læsning")).to_be_visible()


def test_easy_read_mode_is_switched_on_and_off_with_the_nav_button(page):
    page.goto("/vilkaar/")
    expect(page.locator("body")).not_to_have_class(re.compile(r"\beasy-read\b"))
    expect(page.get_by_role("button", name="Let læsning")).to_have_attribute("aria-pressed", "false")

    press_button(page, "Let læsning")
    expect(page).to_have_url(re.compile(r"/vilkaar/$"))
    expect(page.locator("body")).to_have_class(re.compile(r"\beasy-read\b"))
    expect(page.get_by_role("button", name="Let læsning")).to_have_attribute("aria-pressed", "true")

    press_button(page, "Let læsning")
    expect(page.locator("body")).not_to_have_class(re.compile(r"\beasy-read\b"))


def test_the_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Gå til sidens indhold")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport(ratio=1)  # it slides in (a 0.2 s transition) when focused

    page.keyboard.press("Enter")
    expect(page.locator("#main-content")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("main").get_by_role("link", name="Opret profil")).to_be_focused()


def test_a_moderator_logs_in_with_a_two_factor_code_and_reaches_the_staff_area(page, herning, moderator_in_herning):

    page.goto("/personale/")
    expect(page).to_have_url(re.compile(r"/konto/login/\?next=(/|%2F)personale(/|%2F)$"))
    log_in_by_keyboard(page, moderator_in_herning.email, open_login_page=False)

    expect(page).to_have_url(re.compile(r"/konto/2fa/authenticate/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("To-faktor-autentificering")
    page.get_by_label("Kode").focus()
    page.keyboard.type(fresh_totp_code())
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/personale/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Personale")
    row = page.get_by_role("row", name=re.compile("Herning"))
    expect(row).to_contain_text("Moderator")
    expect(row.get_by_role("link", name="Borgere")).to_be_visible()


def test_staff_without_two_factor_login_must_set_it_up_before_any_staff_page_opens(page):
    participating("Herning")
    moderator = staff("moderator", display_name="Mads")
    log_in_by_keyboard(page, moderator.email)
    expect(page.get_by_role("button", name="Log ud")).to_be_visible()

    for path in ("/personale/", "/personale/kommune/657/borgere/"):
        page.goto(path)
        expect(page).not_to_have_url(re.compile(r"/personale/"))
        expect(page.get_by_role("main")).to_contain_text(
            "Personale skal slå to-faktor-login til, før de kan åbne personalesiderne."
        )
        expect(page.get_by_role("heading", name="Personale", exact=True)).to_have_count(0)

    # allauth asks for the password once more before an authenticator may be added, even right after login.
    if "/konto/reauthenticate/" in page.url:
        expect(page.get_by_role("main")).to_contain_text("Personale skal slå to-faktor-login til")
        type_into(page, "Adgangskode", PASSWORD)
        with page.expect_navigation():
            page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/konto/2fa/totp/activate/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Aktiver autentificeringsapp")
    secret = page.locator("#authenticator_secret").input_value()
    type_into(page, "Autentificeringskode", fresh_totp_code(secret))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert Authenticator.objects.filter(user=moderator, type=Authenticator.Type.TOTP).exists()
    assert_accessible(page, label=f"the page after activating TOTP ({page.url})")

    page.goto("/personale/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Personale")
