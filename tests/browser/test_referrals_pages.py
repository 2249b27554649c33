"""The referral pages in Chromium: a Herning forløbskoordinator refers a citizen finishing rehabilitation to the golf
club's slusehold team with consent, by keyboard; the club's contact (a volunteer) sees only that referral and
records the first call; the referrer's dashboard shows it. Every page has one level-1 heading and no axe-core
(WCAG 2.1 A/AA) violation."""

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from sammen.referrals.models import ApiKey, Referral, ReferralStatus
from tests.browser.helpers import assert_accessible, browser_db, press_button, type_into
from tests.factories import citizen
from tests.factories.referrals import a_referral, contact_of, golf_slusehold, referrer, smoking_cessation

pytestmark = [pytest.mark.browser, browser_db]

HERNING = "/personale/kommune/657/henvisninger"


def _open(page, path: str) -> None:
    response = page.goto(path)
    assert response.ok, f"{path} answered {response.status}"
    assert urlparse(page.url).path == path, f"{path} redirected to {page.url}"
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert_accessible(page, label=path)


def _check(page, label: str) -> None:
    """Tick a checkbox or choose a radio button with the keyboard."""
    page.get_by_label(label, exact=True).focus()
    page.keyboard.press("Space")


def test_a_referrer_refers_to_the_golf_club_and_its_contact_records_the_first_call(page, log_in_as, herning):
    hanne = referrer("Herning", display_name="Hanne Forløbskoordinator")
    golf = golf_slusehold(hanne)
    jorgen = contact_of(golf, by=hanne, display_name="Jørgen fra golfklubben").user
    other = a_referral(by=hanne, receiver=smoking_cessation(hanne), name="Else Rygestop")
    karen = citizen("Herning", display_name="Karen")
    a_referral(by=hanne, receiver=golf, citizen=karen, name="", email="", phone="")

    log_in_as(hanne)
    for path in (f"{HERNING}/", f"{HERNING}/ekstern/", f"{HERNING}/modtagere/", f"{HERNING}/modtagere/{golf.pk}/"):
        _open(page, path)
    _open(page, f"{HERNING}/ny/")
    page.locator("#id_receiver").focus()
    page.locator("#id_receiver").select_option(label=golf.name)
    type_into(page, "Borgerens navn", "Poul Nielsen", exact=False)
    type_into(page, "Telefon", "20 30 40 50", exact=False)
    type_into(page, "Postnummer", "7400", exact=False)
    type_into(page, "Det skal modtageren vide", "Færdig med genoptræningen efter en blodprop.", exact=False)
    _check(page, "Borgeren siger ja til, at disse oplysninger deles med modtageren")
    _check(page, "Mundtligt")
    press_button(page, "Send henvisningen")
    referral = Referral.objects.get(name="Poul Nielsen")
    assert referral.receiver == golf and referral.consent.given_how == "oral"
    assert urlparse(page.url).path == f"{HERNING}/{referral.pk}/"
    assert_accessible(page, label="the new referral")
    expect(page.get_by_text("Poul Nielsen").first).to_be_visible()

    log_in_as(jorgen)
    _open(page, "/henvisninger/modtaget/")
    expect(page.get_by_role("link", name="Poul Nielsen")).to_be_visible()
    expect(page.get_by_text(other.name)).to_have_count(0)
    _open(page, f"/henvisninger/modtaget/{referral.pk}/")
    _check(page, "Telefonopkald")
    type_into(page, "Resultat", "Aftalt prøvetime torsdag kl. 10.", exact=False)
    press_button(page, "Gem første kontakt")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CONTACTED and referral.first_contact_how == "phone"
    assert_accessible(page, label="after the first contact")

    log_in_as(hanne)
    _open(page, f"{HERNING}/")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Poul Nielsen"))
    expect(row.get_by_text("Kontaktet")).to_be_visible()

    log_in_as(karen)
    _open(page, "/mine-henvisninger/")
    expect(page.get_by_role("heading", name=golf.name)).to_be_visible()


def test_a_referrer_makes_a_key_for_a_gp_system_and_sees_it_once(page, log_in_as, herning):
    hanne = referrer("Herning", display_name="Hanne Forløbskoordinator")
    log_in_as(hanne)
    _open(page, f"{HERNING}/api-noegler/")
    press_button(page, "Lav nøglen")
    assert_accessible(page, label="the key form with an error")
    type_into(page, "Den afsendende organisation", "Lægehuset Bryggergade")
    press_button(page, "Lav nøglen")
    expect(page.get_by_text("Den nye nøgle")).to_be_visible()
    assert_accessible(page, label="the new key shown once")
    press_button(page, f"Tilbagekald Lægehuset Bryggergade smn_{ApiKey.objects.get().prefix}")
    expect(page.get_by_role("cell", name="Tilbagekaldt")).to_be_visible()
    assert_accessible(page, label="the revoked key")
