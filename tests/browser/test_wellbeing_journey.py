"""Effect measurement in Chromium: Karen starts a measurement from her page, answers UCLA-3 and WHO-5 by keyboard
with her consent, and three months later answers again; the coordinator's status report shows the paired change
for four others and her. Every page passes axe-core."""

import datetime

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from sammen.wellbeing import services
from sammen.wellbeing.models import Invitation, Point
from tests.browser.helpers import assert_accessible, browser_db, press_button
from tests.factories import citizen

pytestmark = [pytest.mark.browser, browser_db]

START = ["Ofte", "Ofte", "En gang imellem"]
LATER = ["En gang imellem", "Sjældent eller aldrig", "En gang imellem"]
WHO5_START = ["Lidt mindre end halvdelen af tiden"] * 5
WHO5_LATER = ["Lidt mere end halvdelen af tiden"] * 5


def _answer(page, ucla, who5):
    for number, text in enumerate(ucla + who5, start=1):
        group = page.get_by_role("group", name=f"{number}.", exact=False)
        radio = group.get_by_label(text, exact=True)
        radio.focus()
        page.keyboard.press("Space")


def test_a_citizen_answers_at_the_start_and_after_three_months(
    page, log_in_as, karen_in_herning, coordinator_in_herning
):
    others = [citizen("Herning") for _ in range(4)]
    fields = {"ucla3_1": "3", "ucla3_2": "3", "ucla3_3": "2", **{f"who5_{n}": "2" for n in range(1, 6)}}
    for person in others:
        measurement = services.invite(person, programme="own", municipality=person.municipality)
        services.answer(by=person, invitation=measurement.invitations.get(), fields=fields, consent=True)

    log_in_as(karen_in_herning)
    page.goto("/trivsel/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Min trivsel")
    assert_accessible(page, label="my wellbeing")
    press_button(page, "Start en måling")
    assert_accessible(page, label="questionnaire")
    _answer(page, START, WHO5_START)
    press_button(page, "Send mine svar")
    expect(page.get_by_role("alert")).to_contain_text("Sæt kryds")
    assert_accessible(page, label="questionnaire refused")
    page.get_by_label("Jeg siger ja", exact=False).focus()
    page.keyboard.press("Space")
    press_button(page, "Send mine svar")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tak for dine svar")
    expect(page.get_by_text("40 ud af 100", exact=False)).to_be_visible()
    assert_accessible(page, label="result")

    later = {"ucla3_1": "2", "ucla3_2": "1", "ucla3_3": "2", **{f"who5_{n}": "3" for n in range(1, 6)}}
    with time_machine.travel(timezone.now() + datetime.timedelta(days=95), tick=True):
        for person in others:
            invitation = Invitation.objects.get(measurement__citizen=person, point=Point.THREE_MONTHS)
            services.answer(by=person, invitation=invitation, fields=later)
        follow_up = Invitation.objects.get(measurement__citizen=karen_in_herning, point=Point.THREE_MONTHS)
        log_in_as(karen_in_herning)  # three months on, her session has run out
        page.goto(f"/trivsel/spoergeskema/{follow_up.pk}/")
        _answer(page, LATER, WHO5_LATER)
        press_button(page, "Send mine svar")
        expect(page.get_by_text("Ændring siden start: 20 point.", exact=False)).to_be_visible()

        log_in_as(coordinator_in_herning)
        page.set_default_timeout(30_000)
        page.goto("/personale/kommune/657/status/")
        section = page.locator("section", has=page.get_by_role("heading", name="Effekt: trivsel og ensomhed"))
        expect(
            section.get_by_role("row", name="Eget valg: personer med svar før og efter", exact=False)
        ).to_contain_text("5")
        expect(section.get_by_text("+20,0 (95 % KI", exact=False)).to_be_visible()
        assert_accessible(page, label="status report with the effect")
