"""The voluntary questions about target groups in Chromium: a citizen opens them from her profile, answers by
keyboard, is told that nothing is kept without her consent, gives it, and removes her answers again; every
version of the page passes axe-core."""

import pytest
from playwright.sync_api import expect

from sammen.accounts.models import TargetGroupAnswers
from tests.browser.helpers import assert_accessible, browser_db, press_button
from tests.factories import citizen

pytestmark = [pytest.mark.browser, browser_db]


def test_a_citizen_answers_with_consent_and_removes_her_answers_by_keyboard(page, log_in_as):
    karen = citizen("Herning", display_name="Karen")
    log_in_as(karen)

    page.goto("/konto/profil/")
    link = page.get_by_role("link", name="Spørgsmål om dig (frivilligt)", exact=False)
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Spørgsmål om dig (frivilligt)")
    expect(page.get_by_label("Jeg giver samtykke", exact=False)).not_to_be_checked()
    assert_accessible(page, label="target group questions")

    vulnerable = page.get_by_role("group", name="Ser du dig selv som psykisk sårbar?").get_by_label("Ja", exact=True)
    vulnerable.focus()
    page.keyboard.press("Space")
    press_button(page, "Gem mine svar")
    expect(page.get_by_role("alert")).to_contain_text("Dine svar blev ikke gemt")
    expect(page.get_by_text("Intet blev gemt", exact=False).first).to_be_visible()
    expect(vulnerable).to_be_checked()
    assert not TargetGroupAnswers.objects.exists()
    assert_accessible(page, label="target group questions without consent")

    page.get_by_label("Jeg giver samtykke", exact=False).focus()
    page.keyboard.press("Space")
    press_button(page, "Gem mine svar")
    expect(page.get_by_text("Dine svar er gemt. Tak.")).to_be_visible()
    assert TargetGroupAnswers.objects.get(user=karen).psychologically_vulnerable is True
    assert_accessible(page, label="target group questions answered")

    press_button(page, "Fjern mine svar")
    expect(page.get_by_text("Dine svar er fjernet.")).to_be_visible()
    assert not TargetGroupAnswers.objects.exists()
