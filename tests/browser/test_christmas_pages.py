"""Christmas friends in Chromium: the citizen's campaign page, the register form and the coordinator's campaign page
with proposals, each with one level-1 heading and no axe-core (WCAG 2.1 A/AA) violation; and a guest who registers,
and answers a proposal, by keyboard only."""

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from sammen.christmas import services
from sammen.christmas.models import Proposal, ProposalStatus, Registration, Role
from tests.browser.helpers import assert_accessible, browser_db, press_button, type_into
from tests.factories import citizen, participating
from tests.factories.christmas import guest, herning_campaign, host

pytestmark = [pytest.mark.browser, browser_db]


def _open(page, path: str) -> None:
    response = page.goto(path)
    assert response.ok, f"{path} answered {response.status}"
    assert urlparse(page.url).path == path, f"{path} redirected to {page.url}"
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert_accessible(page, label=path)


def test_christmas_pages_pass_axe_and_a_guest_registers_and_answers_by_keyboard(
    page, log_in_as, herning, coordinator_in_herning
):
    participating("Holstebro")
    participating("Ikast-Brande")
    jul = herning_campaign(by=coordinator_in_herning)
    table = host(jul, people=3, user=citizen("Herning", display_name="Birthe"))
    host(jul, town="Ikast-Brande", people=2)
    guest(jul, town="Ikast-Brande", people=2)
    visitor = citizen("Holstebro", display_name="Aage", postal_code="7500")

    _open(page, "/julevenner/")
    log_in_as(visitor)
    _open(page, f"/julevenner/{jul.pk}/")
    link = page.get_by_role("link", name="Bliv gæst")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlparse(page.url).path == f"/julevenner/{jul.pk}/gaest/"
    assert_accessible(page, label="the guest form")

    type_into(page, "Hvor mange er I?", "0")
    type_into(page, "Om dig", "Jeg er 81 og bor alene. Jeg holder af julesalmer.")
    type_into(page, "Hvor langt kan du rejse (km)?", "60")
    page.get_by_label("Vi har brug for et røgfrit hjem").focus()
    page.keyboard.press("Space")
    press_button(page, "Tilmeld")
    expect(page.get_by_text("Skriv et tal fra 1 til 20.").first).to_be_visible()
    expect(page.get_by_label("Om dig")).to_have_value("Jeg er 81 og bor alene. Jeg holder af julesalmer.")
    assert_accessible(page, label="the guest form with an error")
    type_into(page, "Hvor mange er I?", "1")
    press_button(page, "Tilmeld")
    mine = Registration.objects.get(user=visitor)
    assert (mine.role, mine.people, mine.non_smoking) == (Role.GUEST, 1, True)
    _open(page, "/julevenner/mine/")

    log_in_as(coordinator_in_herning)
    _open(page, "/personale/kommune/657/julevenner/")
    _open(page, "/personale/kommune/657/julevenner/ny/")
    _open(page, f"/personale/kommune/657/julevenner/{jul.pk}/")
    press_button(page, "Kør matchningen")
    expect(page.get_by_text("Afstand:").first).to_be_visible()
    assert_accessible(page, label="the proposals with their reasons")
    proposal = Proposal.objects.get(guest=mine)
    assert proposal.host == table
    press_button(page, "Send Aage ved Birthes bord")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SENT
    # No table over its seats and no party split: every live proposal seats a whole party within the host's seats.
    for offered in Proposal.objects.filter(campaign=jul).select_related("host", "guest"):
        assert offered.guest.people <= offered.host.people
    services.accept_proposal(user=table.user, proposal=proposal)

    log_in_as(visitor)
    _open(page, f"/julevenner/forslag/{proposal.pk}/svar/")
    expect(page.get_by_text("Bryggergade")).to_have_count(0)
    press_button(page, "Ja tak")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    expect(page.get_by_text("Bryggergade 3, 7400")).to_be_visible()
    assert_accessible(page, label="the accepted proposal")
