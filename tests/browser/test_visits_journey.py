"""Visiting friends in Chromium, from enrolment to the coordinator's figures: outreach staff enrol Ellen (no e-mail,
consent on paper), the coordinator runs the matching and reads why Vibeke is proposed, confirms, Vibeke says yes
and the coordinator records Ellen's yes given on the phone; Vibeke writes in their conversation and logs a
meeting; the quiet-pair list and the supply-and-demand figures show the pair. Every page passes axe-core."""

import datetime
from urllib.parse import urlparse

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sammen.visits.models import Meeting, Pair, PairStatus, VisitRequest
from tests.browser.helpers import assert_accessible, browser_db, press_button, type_into
from tests.factories import citizen, staff
from tests.factories.visits import active_pair, visit_request, visitor, visits_programme
from tests.helpers import with_totp

pytestmark = [pytest.mark.browser, browser_db]


def _open(page, path: str) -> None:
    response = page.goto(path)
    assert response.ok, f"{path} answered {response.status}"
    assert urlparse(page.url).path == path, f"{path} redirected to {page.url}"
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert_accessible(page, label=path)


def test_from_enrolment_to_a_quiet_pair_in_the_figures(page, log_in_as, herning, coordinator_in_herning):
    programme = visits_programme()
    vibeke = visitor("Vibeke", programme=programme)
    outreach = staff("outreach", "Herning", display_name="Olga", email="opsoegende@herning.dk")
    with_totp(outreach)
    base = f"/personale/kommune/{herning.code}/besoegsvenner/"

    # Outreach staff enrol Ellen, who has no e-mail, with the consent she signed today.
    log_in_as(outreach)
    _open(page, f"{base}tilmeld/")
    type_into(page, "Borgerens navn", "Ellen")
    type_into(page, "Telefonnummer", "30 40 50 60", exact=False)
    type_into(page, "Postnummer", "7400")
    page.get_by_label("Samtykke underskrevet den").fill(timezone.localdate().isoformat())
    page.get_by_label("Ansigt til ansigt", exact=True).check()
    page.get_by_label("Hver uge").check()
    page.get_by_label("Går uden hjælp").check()
    page.get_by_label("Tirsdag eftermiddag").check()
    page.get_by_label("Dansk", exact=True).check()
    press_button(page, "Skriv på ventelisten")
    expect(page.get_by_text("Ellen står nu på ventelisten til en besøgsven.")).to_be_visible()
    assert_accessible(page, label="after enrolling")
    ellen_request = VisitRequest.objects.get(citizen__display_name="Ellen")
    assert ellen_request.enrolled_by == outreach

    # The coordinator runs the matching and reads the reasons.
    log_in_as(coordinator_in_herning)
    _open(page, base)
    expect(page.get_by_role("cell", name="Ellen")).to_be_visible()
    _open(page, f"{base}matchning/")
    press_button(page, "Kør matchningen")
    expect(page.get_by_role("heading", name="Ellen · Vibeke")).to_be_visible()
    for reason in ("Afstand", "Mødes ansigt til ansigt", "Fælles sprog", "Tider, der passer begge"):
        expect(page.get_by_role("rowheader", name=reason)).to_be_visible()
    assert_accessible(page, label="proposals")
    press_button(page, "Bekræft Ellen · Vibeke")
    expect(page.get_by_text("Begge er blevet spurgt på e-mail")).to_be_visible()
    pair = Pair.objects.get(request=ellen_request)
    assert pair.status == PairStatus.ASKED

    # Vibeke says yes; Ellen said yes on the phone, and the coordinator records it.
    log_in_as(vibeke.user)
    _open(page, f"/besoegsven/par/{pair.pk}/svar/")
    press_button(page, "Ja, det vil jeg gerne")
    log_in_as(coordinator_in_herning)
    _open(page, f"{base}par/{pair.pk}/")
    press_button(page, "Skriv borgerens ja ind")
    pair.refresh_from_db()
    assert pair.status == PairStatus.ACTIVE and pair.conversation_id

    # Vibeke sees Ellen's phone number, writes in the conversation and logs a meeting.
    log_in_as(vibeke.user)
    _open(page, f"/besoegsven/par/{pair.pk}/")
    expect(page.get_by_role("link", name="30 40 50 60")).to_be_visible()
    page.get_by_role("link", name="Skriv sammen").click()
    page.get_by_label("Din besked").fill("Hej Ellen, jeg glæder mig til på tirsdag.")
    press_button(page, "Send")
    expect(page.get_by_text("Hej Ellen, jeg glæder mig til på tirsdag.")).to_be_visible()
    assert_accessible(page, label="conversation")
    _open(page, f"/besoegsven/par/{pair.pk}/")
    page.get_by_label("Dato").fill(timezone.localdate().isoformat())
    type_into(page, "Hvor mange minutter?", "90")
    page.get_by_label("Ansigt til ansigt", exact=True).check()
    press_button(page, "Gem mødet")
    expect(page.get_by_text("Mødet er gemt. Tak.")).to_be_visible()
    assert_accessible(page, label="after logging a meeting")

    # A month later on paper: the pair started 40 days ago and the meeting was 30 days ago, so it is quiet.
    long_ago = timezone.now() - datetime.timedelta(days=40)
    Pair.objects.filter(pk=pair.pk).update(started_at=long_ago)
    Meeting.objects.filter(pair=pair).update(on=timezone.localdate() - datetime.timedelta(days=30))
    # Three other pairs met this month for an hour each: this month's hours come from 6 people and are shown.
    for name in ("Birte", "Børge", "Bodil"):
        other = active_pair(visit_request(citizen("Herning", display_name=name)), visitor(f"Ven af {name}"))
        Meeting.objects.create(pair=other, on=timezone.localdate(), minutes=60, way="in_person")

    log_in_as(coordinator_in_herning)
    _open(page, base)
    quiet = page.locator(
        "section", has=page.get_by_role("heading", name="Stille par (intet møde skrevet ind i 28 dage)")
    )
    expect(quiet.get_by_role("link", name="Ellen · Vibeke")).to_be_visible()
    months = page.get_by_role("table", name="Timer skrevet ind ved møder, pr. måned")
    same_month = (timezone.localdate() - datetime.timedelta(days=30)).month == timezone.localdate().month
    expect(months.get_by_role("row").last.get_by_role("cell")).to_have_text("4,5" if same_month else "3")
    # Ellen's month has her pair only (2 people), and 4 visiting friends offer hours: both "under 5".
    expect(page.get_by_text("under 5").first).to_be_visible()
    offered = page.locator("dt", has_text="Timer om måneden, som de aktive besøgsvenner tilbyder")
    expect(offered.locator("xpath=following-sibling::dd[1]")).to_have_text("under 5")


def test_the_other_visiting_friend_pages_pass_axe_and_a_citizen_asks_by_keyboard(
    page, log_in_as, herning, coordinator_in_herning
):
    programme = visits_programme()
    vibeke = visitor("Vibeke", programme=programme)
    bent = citizen("Herning", display_name="Bent", postal_code="7400")
    pair = active_pair(visit_request(citizen("Herning", display_name="Birte")), vibeke)
    Meeting.objects.create(pair=pair, on=timezone.localdate(), minutes=60, way="in_person")

    _open(page, "/besoegsven/")
    log_in_as(bent)
    _open(page, "/besoegsven/")
    page.get_by_role("link", name="Bed om en besøgsven").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bed om en besøgsven")
    assert_accessible(page, label="/besoegsven/ny/")
    page.get_by_label("Ansigt til ansigt", exact=True).focus()
    page.keyboard.press("Space")
    page.get_by_label("Hver anden uge").check()
    page.get_by_label("Går med rollator").check()
    type_into(page, "Postnummer", "7400")
    press_button(page, "Bed om en besøgsven")
    expect(page.get_by_text("Du står nu på listen")).to_be_visible()
    assert VisitRequest.objects.get(citizen=bent).frequency == "fortnightly"
    assert_accessible(page, label="waiting")

    log_in_as(vibeke.user)
    for path in ("/besoegsven/", "/besoegsven/min-plads/", "/besoegsven/samtale-med-koordinator/"):
        _open(page, path)
    type_into(page, "Hvad vil du gerne tale om?", "Et besøg var svært.")
    press_button(page, "Bed om en samtale")
    expect(page.get_by_text("Koordinatoren har fået besked")).to_be_visible()

    log_in_as(coordinator_in_herning)
    _open(page, f"/personale/kommune/{herning.code}/besoegsvenner/samtaler/")
    _open(page, f"/personale/kommune/{herning.code}/besoegsvenner/par/{pair.pk}/")
    _open(page, "/personale/")
    expect(page.get_by_role("link", name="Besøgsvenner")).to_be_visible()
