"""The bubbles journey in Chromium, axe-checked on every page: post, find by an inflected word, respond, talk,
get an e-mail, report, moderate, block — and a non-participating municipality's bubble is read-only."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from sammen.messaging import services as messaging
from sammen.moderation.models import Report
from sammen.municipalities.models import ParticipationPeriod
from tests.browser.helpers import assert_accessible, browser_db, fresh_totp_code, log_in_by_keyboard
from tests.factories.bubbles import posted_bubble

pytestmark = [pytest.mark.browser, browser_db]


def test_a_herning_bubble_is_found_answered_reported_and_moderated(
    page, log_in_as, karen_in_herning, ole_in_kolding, moderator_in_kolding
):

    # Karen in Herning posts a bubble.
    log_in_as(karen_in_herning)
    page.goto("/bobler/ny/")
    assert_accessible(page, label="create bubble")
    page.get_by_label("Titel").fill("Gåture ved Fuglsang Sø")
    page.get_by_label("Tekst").fill("Jeg går gerne ture om formiddagen og søger venskaber.")
    page.get_by_label("Kategori").select_option(label="Gåture")
    page.get_by_label("Fra alder").fill("50")
    page.get_by_label("Til alder").fill("90")
    page.get_by_role("button", name="Offentliggør boblen").click()
    assert page.get_by_text("Din boble er offentliggjort.").is_visible()
    assert_accessible(page, label="bubble page (author)")
    bubble_url = page.url

    # Ole in Kolding finds it by searching an inflected word, and responds.
    page.context.clear_cookies()
    log_in_as(ole_in_kolding)
    page.goto("/bobler/")
    page.locator("#id_q").fill("gåtur")
    page.get_by_role("button", name="Find bobler").click()
    assert_accessible(page, label="bubble search results")
    page.get_by_role("link", name="Gåture ved Fuglsang Sø").click()
    page.get_by_role("button", name="Svar på boblen").click()
    assert page.get_by_role("heading", name="Samtale med Karen").is_visible()
    page.get_by_label("Din besked").fill("Hej Karen! Jeg går også gerne. Passer tirsdag?")
    page.get_by_role("button", name="Send").click()
    assert page.get_by_text("Passer tirsdag?").is_visible()
    assert_accessible(page, label="conversation")
    conversation_url = page.url

    # Karen gets one e-mail about the new message.
    assert messaging.send_new_message_emails(now=timezone.now() + datetime.timedelta(minutes=5)) == 1
    assert mail.outbox[-1].to == ["karen@example.dk"]

    # Karen answers, then reports Ole's message.
    page.context.clear_cookies()
    log_in_as(karen_in_herning)
    page.goto("/samtaler/")
    assert_accessible(page, label="inbox")
    page.goto(conversation_url)
    page.get_by_label("Din besked").fill("Tirsdag passer fint.")
    page.get_by_role("button", name="Send").click()
    page.get_by_role("link", name="Anmeld beskeden").click()
    assert_accessible(page, label="report form")
    page.get_by_label("Chikane").check()
    page.get_by_role("button", name="Send anmeldelsen").click()
    report = Report.objects.get()
    assert report.municipality.name == "Kolding"

    # A Kolding moderator (two-factor login) hides the message and resolves the report.
    page.context.clear_cookies()
    log_in_by_keyboard(page, moderator_in_kolding.email)
    page.get_by_label("Kode").fill(fresh_totp_code())
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.goto("/personale/kommune/621/moderation/")
    assert_accessible(page, label="moderation queue")
    page.goto(f"/personale/kommune/621/moderation/{report.pk}/")
    assert_accessible(page, label="report page")
    page.get_by_role("button", name="Skjul beskeden").click()
    page.get_by_label("Det, der blev gjort (sendes til den, der anmeldte)").fill("Beskeden er skjult.")
    page.get_by_role("button", name="Afslut, og giv den, der anmeldte, besked").click()
    report.refresh_from_db()
    assert report.status == "resolved"

    # Ole blocks Karen: her bubble disappears from his list.
    page.context.clear_cookies()
    log_in_as(ole_in_kolding)
    page.goto(bubble_url)
    page.get_by_role("link", name="Bloker Karen").click()
    assert_accessible(page, label="block page")
    page.get_by_role("button", name="Bloker").click()
    page.goto("/bobler/")
    assert page.get_by_role("link", name="Gåture ved Fuglsang Sø").count() == 0


def test_a_non_participating_municipalitys_bubble_is_read_only(page, log_in_as, karen_in_herning, ole_in_kolding):
    bubble = posted_bubble(karen_in_herning)
    conversation = messaging.respond_to_bubble(bubble=bubble, responder=ole_in_kolding)
    messaging.send_message(conversation=conversation, sender=ole_in_kolding, body="Hej fra Kolding")
    ParticipationPeriod.objects.filter(municipality__name="Herning").update(
        ends_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    log_in_as(ole_in_kolding)
    page.goto(f"/bobler/{bubble.pk}/")
    assert page.get_by_text("Herning Kommune deltager ikke længere i Sammen").is_visible()
    assert page.get_by_role("button", name="Svar på boblen").count() == 0
    assert_accessible(page, label="read-only bubble")
    page.goto(f"/samtaler/{conversation.pk}/")
    assert page.get_by_text("Hej fra Kolding").is_visible()
    assert page.get_by_label("Din besked").count() == 0
    assert_accessible(page, label="read-only conversation")
