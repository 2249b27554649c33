"""The citizen's own data in Chromium, axe-checked and by keyboard: Karen downloads her data — the page and the JSON
file show that a moderator read it — and deletes her account; Ole then sees her message from "en slettet profil"."""

import json

import pytest

from sammen.audit import services as audit
from sammen.messaging import services as messaging
from tests.browser.helpers import assert_accessible, browser_db, press_button, type_into
from tests.factories import PASSWORD
from tests.factories.bubbles import posted_bubble

pytestmark = [pytest.mark.browser, browser_db]


def _follow_link_by_keyboard(page, name: str) -> None:
    link = page.get_by_role("link", name=name, exact=True)
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_citizen_downloads_her_data_and_deletes_her_account(
    page, log_in_as, karen_in_herning, ole_in_kolding, moderator_in_herning
):
    bubble = posted_bubble(karen_in_herning, title="Strikkeklub i Herning")
    conversation = messaging.respond_to_bubble(bubble=bubble, responder=ole_in_kolding)
    messaging.send_message(conversation=conversation, sender=ole_in_kolding, body="Må jeg være med?")
    messaging.send_message(conversation=conversation, sender=karen_in_herning, body="Ja, kom bare på torsdag.")
    audit.record_personal_data_read(
        viewer=moderator_in_herning, data_subject=karen_in_herning, what="moderation.report"
    )

    # Karen finds her data from her profile; the page names the moderator who read it.
    log_in_as(karen_in_herning)
    page.goto("/konto/profil/")
    _follow_link_by_keyboard(page, "Hent mine data")
    assert page.get_by_role("heading", name="Mine data", exact=True).is_visible()
    assert page.get_by_role("heading", name="Hvem har set dine data").is_visible()
    assert page.locator("dd", has_text="Mette").count() == 1
    assert_accessible(page, label="my data")

    # The JSON file parses and holds the same read.
    link = page.get_by_role("link", name="Hent mine data som fil (JSON)")
    link.focus()
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    data = json.loads(open(download_info.value.path(), encoding="utf-8").read())
    log = next(section for section in data["sections"] if section["key"] == "privacy.access_log")
    assert any(row["Hvem"] == "Mette" and row["Hvad blev set"] == "moderation.report" for row in log["records"])

    # She reads what deletion does, confirms with her password, and the account is gone.
    _follow_link_by_keyboard(page, "Læs, hvad der sker, når du sletter din konto")
    assert page.get_by_text("en slettet profil").first.is_visible()
    assert_accessible(page, label="delete account")
    type_into(page, "Din adgangskode", "forkert")
    press_button(page, "Slet min konto nu")
    assert page.get_by_text("Adgangskoden er ikke rigtig").first.is_visible()
    assert_accessible(page, label="delete account, wrong password")
    type_into(page, "Din adgangskode", PASSWORD)
    press_button(page, "Slet min konto nu")
    assert page.get_by_role("heading", name="Din konto er slettet").is_visible()
    assert_accessible(page, label="account deleted")

    # Ole still has the conversation, with Karen's message from "en slettet profil".
    page.context.clear_cookies()
    log_in_as(ole_in_kolding)
    page.goto("/samtaler/")
    assert page.get_by_role("link", name="en slettet profil").is_visible()
    assert_accessible(page, label="inbox with a deleted profile")
    _follow_link_by_keyboard(page, "en slettet profil")
    assert page.get_by_role("heading", name="Samtale med en slettet profil").is_visible()
    assert page.get_by_text("Ja, kom bare på torsdag.").is_visible()
    assert (
        page.locator(".sammen-message", has_text="Ja, kom bare på torsdag.")
        .get_by_text("en slettet profil")
        .is_visible()
    )
    assert_accessible(page, label="conversation with a deleted profile")
