"""The offers journey in Chromium, by keyboard and axe-checked on every page: a representative creates an offer
(first with a mistake), accepts the guidelines, a coordinator approves it, and anyone finds it by problem area."""

import pytest
from django.core import mail

from sammen.offers.models import Offer, OfferStatus
from tests.browser.helpers import (
    assert_accessible,
    browser_db,
    fresh_totp_code,
    log_in_by_keyboard,
    press_button,
    type_into,
)
from tests.factories.associations import association_represented_by

pytestmark = [pytest.mark.browser, browser_db]


def tick(page, group: str, label: str) -> None:
    """Tick a checkbox with the keyboard: focus it and press Space."""
    scope = page.get_by_role("group", name=group) if group else page
    box = scope.get_by_label(label, exact=True)
    box.focus()
    page.keyboard.press("Space")
    assert box.is_checked()


def test_an_offer_is_created_submitted_approved_and_found_by_its_problem_area(
    page, log_in_as, inge_in_herning, coordinator_in_herning
):
    association_represented_by(inge_in_herning)

    # Inge creates the offer but forgets the problem area and the place.
    log_in_as(inge_in_herning)
    page.goto("/tilbud/ny/")
    assert_accessible(page, label="create offer")
    type_into(page, "Titel", "Sorggruppe for efterladte")
    type_into(page, "Beskrivelse", "Vi mødes og taler om at miste. Der er kaffe.")
    tick(page, "Målgrupper", "Pårørende")
    tick(page, "Aldersgrupper", "Seniorer (65 år og derover)")
    type_into(page, "Tidspunkt", "Tirsdage kl. 17–19")
    press_button(page, "Gem og fortsæt")
    assert page.get_by_text("Tilbuddet blev ikke gemt").is_visible()
    assert page.get_by_text("Vælg mindst ét problemområde, som tilbuddet hjælper med.").is_visible()
    assert page.get_by_label("Titel").input_value() == "Sorggruppe for efterladte"
    assert_accessible(page, label="offer form with errors")
    assert not Offer.objects.exists()

    tick(page, "Problemområder", "Sorg")
    type_into(page, "Adresse", "Bethaniagade 12", exact=False)
    press_button(page, "Gem og fortsæt")

    # The guidelines: all three points, each with its own box.
    assert page.get_by_role("heading", name="Retningslinjer for tilbud").is_visible()
    assert_accessible(page, label="guidelines")
    tick(
        page, "", "Tilbuddet drives af en forening uden gevinst for øje eller af kommunen, og ikke for at tjene penge."
    )
    tick(page, "", "Alle i målgruppen kan komme uden en henvisning fra kommunen eller lægen.")
    tick(
        page,
        "",
        "Ingen bliver afvist på grund af køn, etnisk oprindelse, religion, handicap, seksuel orientering eller "
        "politisk holdning.",
    )
    press_button(page, "Accepter, og send til godkendelse")
    assert page.get_by_text("Venter på godkendelse").is_visible()
    assert_accessible(page, label="my offers")
    offer = Offer.objects.get()
    assert offer.status == OfferStatus.SUBMITTED
    assert mail.outbox[-1].to == ["koordinator@herning.dk"]

    # The coordinator logs in with two-factor and approves it.
    page.context.clear_cookies()
    log_in_by_keyboard(page, coordinator_in_herning.email)
    page.get_by_label("Kode").fill(fresh_totp_code())
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.goto("/personale/kommune/657/tilbud/")
    assert_accessible(page, label="review queue")
    link = page.get_by_role("link", name="Sorggruppe for efterladte")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page, label="review page")
    press_button(page, "Godkend og offentliggør")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED
    assert mail.outbox[-1].to == ["inge@example.dk"]

    # Anyone finds it by its problem area.
    page.context.clear_cookies()
    page.goto("/tilbud/")
    assert_accessible(page, label="catalogue")
    page.get_by_label("Problemområde").select_option(label="Sorg")
    press_button(page, "Find tilbud")
    link = page.get_by_role("link", name="Sorggruppe for efterladte")
    assert link.is_visible()
    assert_accessible(page, label="catalogue results")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("Bethaniagade 12").is_visible()
    assert_accessible(page, label="offer page")
