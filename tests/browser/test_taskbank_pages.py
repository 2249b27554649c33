"""The task bank's pages in Chromium: each one as the person who uses it sees it, with one level-1 heading and no
axe-core (WCAG 2.1 A/AA) violation; and offering help by keyboard."""

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from sammen.taskbank import services
from sammen.taskbank.models import OfferStatus, TaskOffer
from tests.browser.helpers import assert_accessible, browser_db, press_button
from tests.factories import citizen
from tests.factories.associations import a_representative_of
from tests.factories.taskbank import published_task

pytestmark = [pytest.mark.browser, browser_db]


def _open(page, path: str) -> None:
    response = page.goto(path)
    assert response.ok, f"{path} answered {response.status}"
    assert urlparse(page.url).path == path, f"{path} redirected to {page.url}"
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert_accessible(page, label=path)


def test_every_task_bank_page_passes_axe_and_a_volunteer_offers_help_by_keyboard(page, log_in_as, herning):
    task = published_task()
    organiser = a_representative_of(task.association)
    helper = citizen("Herning", display_name="Hjælpsomme Hanne")
    other = citizen("Herning", display_name="Bent")
    accepted = services.accept(by=organiser, offer=services.offer(volunteer=other, task=task, message="Jeg kommer"))

    _open(page, "/frivilligopgaver/")
    expect(page.get_by_role("link", name=task.title)).to_be_visible()

    log_in_as(helper)
    _open(page, f"/frivilligopgaver/{task.pk}/")
    page.get_by_label("Besked til arrangøren", exact=False).focus()
    page.keyboard.type("Jeg har en trækvogn med.")
    press_button(page, "Tilbyd din hjælp")
    assert TaskOffer.objects.filter(task=task, volunteer=helper, status=OfferStatus.OFFERED).exists()
    assert_accessible(page, label="after offering")
    _open(page, "/frivilligopgaver/mine/")
    _open(page, "/frivilligopgaver/mine/erklaering/")

    log_in_as(organiser)
    for path in (
        "/frivilligopgaver/ny/",
        "/frivilligopgaver/arrangoer/",
        f"/frivilligopgaver/{task.pk}/rediger/",
        f"/frivilligopgaver/{task.pk}/aflys/",
        f"/frivilligopgaver/{task.pk}/tilbud/",
    ):
        _open(page, path)
    expect(page.get_by_text("Hjælpsomme Hanne").first).to_be_visible()  # her offer waits on the offers page
    assert accepted.status == OfferStatus.ACCEPTED
