"""Opportunities in Chromium (Kolding AKTIV): a job consultant opens a course for a citizen with accommodation
needs, posts two internships (one needs lifting), runs the matching and chooses the one that respects the
needs, by keyboard; every page has one level-1 heading and no axe-core (WCAG 2.1 A/AA) violation."""

import re
from urllib.parse import urlparse

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sammen.opportunities.models import Course, Opportunity, Proposal, ProposalStatus
from tests.browser.helpers import assert_accessible, browser_db, press_button
from tests.factories.opportunities import job_consultant

pytestmark = [pytest.mark.browser, browser_db]
BASE = "/personale/kommune/621/muligheder/"


def _open(page, path: str) -> None:
    response = page.goto(path)
    assert response.ok, f"{path} answered {response.status}"
    assert urlparse(page.url).path == path, f"{path} redirected to {page.url}"
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert_accessible(page, label=path)


def _field(page, label: str):
    """The form field with the label, optional or not ("Telefon (valgfrit)")."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \(valgfri\w*\))?$"))


def _type(page, label: str, text: str) -> None:
    """Focus the field, select what is in it and type over it, as a keyboard user does."""
    _field(page, label).focus()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(text)


def _tick(page, label: str) -> None:
    """Move focus to a checkbox or radio button and tick it with the space bar."""
    page.get_by_label(label, exact=True).focus()
    page.keyboard.press("Space")


def _post_internship(page, title: str, employer: str, *, no_lifting: bool) -> None:
    _open(page, BASE + "ny/")
    _tick(page, "Praktik")
    _type(page, "Titel", title)
    _type(page, "Beskrivelse", "Hjælpe til i butikken.")
    _type(page, "Arbejdsgiver", employer)
    _type(page, "Timer om ugen", "8")
    _field(page, "Tid på dagen").select_option("morning")
    _type(page, "Postnummer", "6000")
    if no_lifting:
        _tick(page, "Ingen løft")
    press_button(page, "Slå muligheden op")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    assert_accessible(page, label=f"after posting {title}")


def test_a_job_consultant_matches_a_citizen_with_accommodation_needs_to_an_internship_that_respects_them(
    page, log_in_as, kolding
):
    consultant = job_consultant("Kolding", display_name="Jonna")
    page.set_default_timeout(30_000)  # a long journey of many pages; the shared test machine can be slow
    log_in_as(consultant)
    _open(page, "/personale/")
    page.get_by_role("link", name="Muligheder og forløb").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlparse(page.url).path == BASE
    assert_accessible(page, label="overview")

    _open(page, BASE + "forloeb/ny/")
    _type(page, "Borgerens navn", "Lone Andersen")
    _type(page, "Telefon", "20304050")
    _type(page, "Postnummer", "6000")
    today = timezone.localdate().isoformat()
    _field(page, "Forløbet startede").fill(today)
    _tick(page, "Personligt, ved et møde")
    _field(page, "Samtykke givet den").fill(today)
    press_button(page, "Start forløbet")
    expect(page.get_by_role("heading", level=1)).to_have_text("Forløb med Lone Andersen")
    course = Course.objects.get()
    assert_accessible(page, label="course")

    _field(page, "Skånehensyn").select_option("max_hours")
    _type(page, "Timer om ugen eller km", "10")
    press_button(page, "Tilføj skånehensynet")
    _field(page, "Skånehensyn").select_option("no_lifting")
    press_button(page, "Tilføj skånehensynet")
    expect(page.get_by_text("Ingen løft", exact=True).first).to_be_visible()
    assert course.needs.count() == 2

    _post_internship(page, "Praktik på lager", "Lageret A/S", no_lifting=False)
    _post_internship(page, "Praktik i butik", "Brugsen i Kolding", no_lifting=True)
    good = Opportunity.objects.get(title="Praktik i butik")

    _open(page, f"{BASE}forloeb/{course.pk}/")
    press_button(page, "Find muligheder")
    expect(page.get_by_text("Matchningen fandt 1 mulighed.")).to_be_visible()
    expect(page.get_by_role("heading", name="Praktik i butik")).to_be_visible()
    expect(page.get_by_role("heading", name="Praktik på lager")).to_have_count(0)
    expect(page.get_by_text("Tager hensyn til alle borgerens skånehensyn")).to_be_visible()
    expect(page.get_by_text("Tidspunktet passer: Formiddag")).to_be_visible()
    assert_accessible(page, label="proposals")

    press_button(page, "Vælg Praktik i butik")
    expect(page.get_by_text("“Praktik i butik” er valgt til borgeren.")).to_be_visible()
    assert Proposal.objects.get(course=course, opportunity=good).status == ProposalStatus.CHOSEN
    assert_accessible(page, label="after choosing")
    _open(page, f"{BASE}{good.pk}/")
    _open(page, f"{BASE}forloeb/{course.pk}/rediger/")
