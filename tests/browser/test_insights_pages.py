"""The status report in Chromium: a Herning analyst opens it from the staff dashboard, chooses a period with the
keyboard, and every version of the page (with figures, with refused dates, the national view) passes axe-core."""

import datetime
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from sammen.bubbles.models import Bubble
from tests.browser.helpers import assert_accessible, browser_db, press_button
from tests.factories import BubbleFactory, citizen, participating, staff
from tests.helpers import with_totp

pytestmark = [pytest.mark.browser, browser_db]


def _analyst():
    person = staff("analyst", "Herning", display_name="Aase")
    with_totp(person)
    return person


def test_the_analyst_opens_the_report_and_chooses_a_period_by_keyboard(page, log_in_as):
    participating("Herning")
    participating("Kolding")
    for n in range(6):
        author = citizen("Herning", date_of_birth=datetime.date(1950 + n, 1, 1))
        BubbleFactory(author=author)
    Bubble.objects.filter(pk__in=Bubble.objects.values("pk")[:3]).update(
        answered_at=datetime.datetime.now(datetime.UTC)
    )
    citizen("Herning", date_of_birth=datetime.date(1930, 1, 1))  # one aged 85+: "under 5"
    log_in_as(_analyst())
    page.set_default_timeout(30_000)  # the report draws its charts on the server: allow for a busy test machine

    page.goto("/personale/")
    link = page.get_by_role("link", name="Statusrapport", exact=True)
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlparse(page.url).path == "/personale/kommune/657/status/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Statusrapport: Herning")
    expect(page.get_by_role("img", name="Registrerede borgere fordelt på aldersgrupper", exact=False)).to_be_visible()
    expect(page.get_by_role("cell", name="under 5").first).to_be_visible()
    assert_accessible(page, label="status report")

    this_year = datetime.date.today().year
    page.get_by_label("Fra").focus()
    page.keyboard.type(f"0101{this_year - 1}")
    press_button(page, "Vis rapporten")
    query = parse_qs(urlparse(page.url).query)
    assert query["fra"] == [f"{this_year - 1}-01-01"]
    expect(page.get_by_text(f"1. januar {this_year - 1}", exact=False).first).to_be_visible()
    assert_accessible(page, label="status report for a chosen period")

    page.goto("/personale/kommune/657/status/?fra=2026-13-01&til=x&sammenlign=")
    expect(page.get_by_role("alert")).to_contain_text("Vi kunne ikke bruge de datoer, du valgte")
    assert_accessible(page, label="status report with refused dates")


def test_the_national_view_passes_axe(page, log_in_as, platform_administrator):
    participating("Herning")
    log_in_as(platform_administrator)
    page.set_default_timeout(30_000)
    response = page.goto("/personale/status/")
    assert response.ok
    expect(page.get_by_role("heading", level=1)).to_have_text("Statusrapport: hele Danmark")
    assert_accessible(page, label="national status report")
