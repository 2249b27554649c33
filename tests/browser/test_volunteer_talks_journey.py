"""Issue 10's "Done when" in Chromium, axe-checked on every page and driven by the keyboard.

"Snak sammen": Frida in Herning becomes a volunteer (profile, agreement, the course with one quiz answered wrongly
first), turns on text messages with a code, is approved by the coordinator (who logs in with two factors), and
publishes a weekly evening time; Ole in Kolding finds it with the "evening" filter and books it by video; both get
an e-mail and an SMS; the reminder job, run twice, reminds once; the talk page has no link before the window and
after it, and inside it a Jitsi link whose token is valid for the window only, with the volunteer as the owner;
Frida marks the talk held and the coordinators' figures count it.

"Sprogven": a volunteer who speaks Arabic publishes a time; a citizen finds it by the language filter, and a
language nobody offers finds nothing, which the page says.
"""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.utils import dateformat, timezone
from django.utils.text import capfirst
from playwright.sync_api import expect

from sammen.core.calendar import COPENHAGEN
from sammen.notifications.sms import backends as sms
from sammen.talks import figures
from sammen.talks import services as talk_services
from sammen.talks.models import Booking, BookingStatus, Slot, UnmetSearch
from sammen.volunteering.models import Programme, Volunteer, VolunteerStatus
from tests.browser.helpers import (
    assert_accessible,
    browser_db,
    fresh_totp_code,
    log_in_by_keyboard,
    press_button,
    type_into,
)
from tests.factories import citizen, with_mobile
from tests.factories.volunteering import VolunteerProfileFactory, volunteer

pytestmark = [pytest.mark.browser, browser_db]

FRIDA_MOBILE = "+4521222324"
OLE_MOBILE = "+4520304050"


# --- Keyboard helpers ----------------------------------------------------------------------------------------------


def _tick(page, label: str) -> None:
    """Tick (or untick) a checkbox or choose a radio button by its label, with the space bar."""
    page.get_by_label(label, exact=True).focus()
    page.keyboard.press("Space")


def _follow(page, name: str, *, scope=None) -> None:
    """Move focus to a link and follow it with Enter."""
    (scope or page).get_by_role("link", name=name, exact=True).first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _choose(page, select, option: str, value: str) -> None:
    """Choose an option of a closed ``<select>`` as a keyboard user does: focus it and type the option's start."""
    select.focus()
    page.keyboard.type(option)
    expect(select).to_have_value(value)


def _fill_date(page, label: str, day: datetime.date, *, exact: bool = True) -> None:
    """A date field (``<input type="date">``). Filled rather than typed: the order of the day, month and year
    segments Chromium types into follows the browser's own locale, not the page's (typing 05122026 in a da-DK
    context gave 2026-05-12)."""
    field = page.get_by_label(label, exact=exact)
    field.fill(day.isoformat())
    expect(field).to_have_value(day.isoformat())


def _fill_time(page, label: str, hours: int, minutes: int = 0) -> None:
    """A time field (``<input type="time">``), filled for the same reason (typed, it can take AM/PM segments)."""
    field = page.get_by_label(label, exact=True)
    field.fill(f"{hours:02d}:{minutes:02d}")
    expect(field).to_have_value(f"{hours:02d}:{minutes:02d}")


def _answer(page, right: list[str], wrong: list[str] = ()) -> None:
    for label in [*right, *wrong]:
        _tick(page, label)
    press_button(page, "Ret mine svar")


def _status(page):
    return page.get_by_role("status")


def _at(moment: datetime.datetime):
    """Move the clock (for the live server's thread too: it runs in this process) to ``moment``, still ticking."""
    return time_machine.travel(moment, tick=True)


def _decode(token: str) -> dict:
    """Check a Jitsi token as the video server's token plugin does (signature, issuer, audience, validity)."""
    return jwt.decode(
        token,
        settings.SAMMEN_JITSI_SECRET,
        algorithms=["HS256"],
        audience=settings.SAMMEN_JITSI_AUDIENCE,
        issuer=settings.SAMMEN_JITSI_APP_ID,
        options={"require": ["iss", "aud", "sub", "room", "nbf", "exp"]},
    )


def _token_of(page) -> dict:
    """The claims of the JWT in the talk page's video link, checked as Jitsi's token plugin checks them."""
    link = page.get_by_role("link", name="Start samtalen", exact=True)
    expect(link).to_be_visible()
    href = link.get_attribute("href")
    (token,) = parse_qs(urlsplit(href).query)["jwt"]
    claims = _decode(token)
    claims["href"], claims["token"] = href, token
    return claims


# --- Snak sammen ---------------------------------------------------------------------------------------------------


def test_a_new_volunteer_in_snak_sammen_to_a_held_talk_counted_in_the_figures(
    page, log_in_as, herning, kolding, coordinator_in_herning, coordinator_in_kolding, ole_in_kolding
):
    snak = Programme.objects.get(slug="snak-sammen")
    frida = citizen("Herning", display_name="Frida", email="frida@example.dk")
    ole = with_mobile(ole_in_kolding, OLE_MOBILE)

    def as_person(person) -> None:
        page.context.clear_cookies()
        log_in_as(person)

    # 1. Frida logs in, opens "Bliv frivillig" and chooses "Snak sammen".
    log_in_by_keyboard(page, frida.email)
    page.goto("/")
    _follow(page, "Bliv frivillig", scope=page.get_by_role("navigation").first)
    expect(page.get_by_role("heading", level=1)).to_have_text("Bliv frivillig")
    assert_accessible(page, label="the volunteer programmes")
    _follow(page, "Snak sammen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Snak sammen")
    assert_accessible(page, label="Snak sammen's programme page")
    _follow(page, "Bliv frivillig", scope=page.get_by_role("main"))

    # The profile and the agreement: first without accepting it, which is refused and changes nothing.
    assert_accessible(page, label="join Snak sammen")
    type_into(page, "Hvorfor vil du gerne være frivillig?", "Jeg har tid om aftenen og kan godt lide at snakke.")
    type_into(page, "En kort præsentation af dig selv", "Frida, 62, fra Herning. Jeg elsker haven og krimier.")
    type_into(page, "Hvad kan du lide at tale om?", "Haven, bøger og fodbold", exact=False)
    press_button(page, "Meld dig til, og start kurset")
    expect(page.get_by_role("alert")).to_be_visible()
    assert not Volunteer.objects.filter(user=frida).exists()
    assert_accessible(page, label="join Snak sammen, the agreement not accepted")
    _tick(page, "Jeg har læst frivilligaftalen og accepterer den")
    press_button(page, "Meld dig til, og start kurset")
    expect(
        page.get_by_text("Velkommen! Start med kurset – du kan stoppe undervejs og fortsætte når som helst.")
    ).to_be_visible()
    membership = Volunteer.objects.get(user=frida, programme=snak)
    assert membership.status == VolunteerStatus.ONBOARDING and membership.agreement_accepted_at is not None
    assert_accessible(page, label="the course")

    # The course: lesson 1 with a wrong answer first (the explanation and "try again"), then right.
    _follow(page, "Start kurset")
    assert_accessible(page, label="lesson 1")
    _answer(
        page,
        right=["Jeg lytter og lader den anden tale færdig", "Jeg giver pausen lidt tid"],
        wrong=["Jeg giver hurtigt gode råd, så samtalen kommer videre"],
    )
    expect(_status(page)).to_contain_text("Ikke helt. Læs forklaringerne, og prøv igen nedenfor.")
    expect(page.get_by_text("Ikke helt rigtigt.")).to_have_count(1)
    expect(page.get_by_text("Hurtige råd hjælper sjældent", exact=False)).to_be_visible()
    expect(page.get_by_role("heading", name="Prøv igen")).to_be_visible()
    assert_accessible(page, label="lesson 1, a wrong answer")
    _answer(
        page,
        right=["Jeg lytter og lader den anden tale færdig", "Jeg stiller åbne spørgsmål", "Jeg giver pausen lidt tid"],
    )
    expect(_status(page)).to_contain_text("Du har bestået lektionen.")
    assert_accessible(page, label="lesson 1, passed")
    _follow(page, re.compile("^Næste lektion: "))
    _answer(
        page,
        right=[
            "Intet – medmindre jeg er bekymret for, at nogen er i fare. Så siger jeg det til moderatorerne",
            "Jeg siger venligt nej og foreslår, at vi booker en ny samtale her",
            "Jeg forklarer, at vi bruger Sammen, så ingen af os skal dele kontaktoplysninger",
        ],
    )
    expect(_status(page)).to_contain_text("Du har bestået lektionen.")
    _follow(page, re.compile("^Næste lektion: "))
    _answer(
        page,
        right=[
            "Jeg lytter og fortæller om Livslinien på 70 201 201",
            "Jeg fortæller moderatorerne om min bekymring bagefter",
        ],
    )
    expect(_status(page)).to_contain_text("Du har bestået lektionen – og hele kurset.")
    assert_accessible(page, label="lesson 3, the course passed")
    membership.refresh_from_db()
    assert membership.status == VolunteerStatus.AWAITING_APPROVAL and membership.course_passed_at is not None

    # Frida gives her mobile number and confirms it with the code she gets by SMS.
    page.goto("/konto/mobil/")
    assert_accessible(page, label="phone number")
    type_into(page, "Dit telefonnummer", "21 22 23 24")
    press_button(page, "Gem nummeret")
    (code_sms,) = [message for message in sms.outbox if message["to"] == FRIDA_MOBILE]
    code = re.search(r"\b\d{6}\b", code_sms["body"]).group()
    assert_accessible(page, label="confirm the phone number")
    type_into(page, "Koden fra sms'en", code)
    press_button(page, "Bekræft")
    expect(page.get_by_text("Dit nummer er bekræftet. Du får nu sms'er på det.")).to_be_visible()
    frida.refresh_from_db()
    assert frida.receives_sms

    # 2. The coordinator in Herning logs in with her password and a two-factor code, and approves Frida.
    page.context.clear_cookies()
    page.goto(f"/personale/kommune/{herning.code}/frivillige/")
    log_in_by_keyboard(page, coordinator_in_herning.email, open_login_page=False)
    page.get_by_label("Kode").focus()
    page.keyboard.type(fresh_totp_code())
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/personale/kommune/{herning.code}/frivillige/$"))
    assert_accessible(page, label="the coordinator's volunteers")
    row = page.get_by_role("row", name=re.compile("Frida"))
    expect(row).to_contain_text("Venter på godkendelse")
    _follow(page, "Frida", scope=row)
    assert_accessible(page, label="Frida for the coordinator")
    mail.outbox.clear()
    press_button(page, "Godkend den frivillige")
    expect(page.get_by_text("Den frivillige er godkendt og har fået besked på e-mail.")).to_be_visible()
    assert_accessible(page, label="Frida approved")
    membership.refresh_from_db()
    assert membership.status == VolunteerStatus.ACTIVE
    (approved,) = mail.outbox
    assert approved.to == [frida.email] and approved.body.rstrip().endswith(f"/frivillig/{snak.slug}/")

    # 3. Frida follows the link in the e-mail: the programme page says she is active. (It has no link to offering
    # times; she finds "Mine tider som frivillig" under "Få en snak" in the menu.) She publishes a weekly evening
    # time: 19.00, every week for four weeks, by video and phone.
    as_person(frida)
    page.goto(urlsplit(approved.body.rstrip().split()[-1]).path)
    expect(page.get_by_role("main")).to_contain_text("Du er aktiv frivillig.")
    assert_accessible(page, label="Snak sammen, Frida active")
    _follow(page, "Få en snak", scope=page.get_by_role("navigation").first)
    _follow(page, "Mine tider som frivillig")
    assert_accessible(page, label="Frida's times, none yet")
    first_day = timezone.localdate() + datetime.timedelta(days=3)
    _fill_date(page, "Dato", first_day)
    _fill_time(page, "Starter kl.", 19)
    expect(page.get_by_label("Videosamtale", exact=True)).to_be_checked()
    expect(page.get_by_label("Telefonsamtale", exact=True)).to_be_checked()
    _tick(page, "Hver uge")
    _fill_date(page, "Hver uge indtil", first_day + datetime.timedelta(weeks=3), exact=False)
    press_button(page, "Læg tiden ud")
    expect(page.get_by_text("Dine tider er lagt ud: 4.")).to_be_visible()
    assert_accessible(page, label="Frida's four times")
    slots = list(Slot.objects.filter(volunteer_user=frida).order_by("starts_at"))
    assert len(slots) == 4
    assert {timezone.localtime(slot.starts_at, COPENHAGEN).time() for slot in slots} == {datetime.time(19)}
    assert all(sorted(slot.channels) == ["phone", "video"] for slot in slots)
    starts_at = slots[0].starts_at

    # 4. Ole in Kolding looks for an evening time in "Snak sammen" and books the first by video.
    mail.outbox.clear()
    sms.outbox.clear()
    as_person(ole)
    page.goto("/snak/")
    assert_accessible(page, label="talk programmes")
    _follow(page, "Find en tid i Snak sammen")
    _choose(page, page.get_by_role("search").get_by_label("Tid på dagen"), "Aften", "aften")
    press_button(page, "Find tider")
    expect(page).to_have_url(re.compile(r"[?&]tid=aften"))
    cards = page.get_by_role("main").locator(".sammen-card")
    expect(cards).to_have_count(4)
    expect(cards.first).to_contain_text("Frida")
    expect(cards.first).to_contain_text("19.00")
    assert_accessible(page, label="evening times")
    cards.first.get_by_role("link").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page, label="book Frida's time")
    _tick(page, "Videosamtale")
    type_into(page, "Hvad vil du gerne tale om?", "Haven og foråret", exact=False)
    press_button(page, "Book samtalen")
    expect(page).to_have_url(re.compile(r"/snak/mine/$"))
    expect(page.get_by_text("Samtalen er booket. Du får en bekræftelse på e-mail.")).to_be_visible()
    assert_accessible(page, label="Ole's talks")
    booking = Booking.objects.get(citizen=ole)
    assert (booking.slot_id, booking.channel, booking.status) == (slots[0].pk, "video", BookingStatus.BOOKED)
    talk_path = f"/snak/samtale/{booking.pk}/"

    # Both get an e-mail and an SMS with the time in Danish time and the link to the talk page.
    assert sorted(message.to[0] for message in mail.outbox) == sorted([frida.email, ole.email])
    assert sorted(message["to"] for message in sms.outbox) == sorted([FRIDA_MOBILE, OLE_MOBILE])
    for body in [message.body for message in mail.outbox] + [message["body"] for message in sms.outbox]:
        assert talk_path in body and "19.00" in body

    # 5. The reminder job runs twice, four minutes before the talk: the reminder goes once, to both.
    mail.outbox.clear()
    sms.outbox.clear()
    with _at(starts_at - datetime.timedelta(minutes=4)):
        assert talk_services.send_reminders() == 4
        assert talk_services.send_reminders() == 0
    assert sorted(message.to[0] for message in mail.outbox) == sorted([frida.email, ole.email])
    assert sorted(message["to"] for message in sms.outbox) == sorted([FRIDA_MOBILE, OLE_MOBILE])
    assert all(talk_path in message["body"] for message in sms.outbox)

    # 6. The talk page: no link twenty minutes before (it says when it opens) ...
    with _at(starts_at - datetime.timedelta(minutes=20)):
        page.goto(talk_path)
        opens = timezone.localtime(starts_at - datetime.timedelta(minutes=10), COPENHAGEN)
        expect(page.get_by_role("main")).to_contain_text(
            f"Linket til videosamtalen kommer her 10 minutter før samtalen, kl. {opens:%H.%M}."
        )
        expect(page.get_by_role("link", name="Start samtalen")).to_have_count(0)
        assert_accessible(page, label="the talk page before the window")

    # ... and, in the window, the Jitsi link with a token for this room, valid from 10 minutes before to the end.
    with _at(starts_at - datetime.timedelta(minutes=5)):
        page.reload()
        assert_accessible(page, label="the talk page in the window (citizen)")
        citizen_claims = _token_of(page)
        as_person(frida)
        page.goto(talk_path)
        assert_accessible(page, label="the talk page in the window (volunteer)")
        volunteer_claims = _token_of(page)
    for claims in (citizen_claims, volunteer_claims):
        assert claims["room"] == booking.room and urlsplit(claims["href"]).path.endswith(f"/{booking.room}")
        assert claims["nbf"] == int((starts_at - datetime.timedelta(minutes=10)).timestamp())
        assert claims["exp"] == int(booking.ends_at.timestamp())
        user = claims["context"]["user"]
        assert user and all(isinstance(value, str) for value in user.values()), user
    assert volunteer_claims["context"]["user"]["moderator"] == "true"
    assert volunteer_claims["context"]["user"]["affiliation"] == "owner"
    assert citizen_claims["context"]["user"]["moderator"] == "false"
    assert citizen_claims["context"]["user"]["affiliation"] != "owner"
    assert volunteer_claims["context"]["user"]["name"] == "Frida"
    assert citizen_claims["context"]["user"]["name"] == "Ole"
    # The tokens open nothing before the window or after the talk.
    for moment, refusal in (
        (starts_at - datetime.timedelta(minutes=11), jwt.ImmatureSignatureError),
        (booking.ends_at + datetime.timedelta(seconds=1), jwt.ExpiredSignatureError),
    ):
        with _at(moment), pytest.raises(refusal):
            _decode(volunteer_claims["token"])

    # 7. After the start Frida marks the talk held; the figures count it.
    with _at(starts_at + datetime.timedelta(minutes=20)):
        page.reload()
        expect(page.get_by_role("main")).to_contain_text("Samtalen er slut.")
        expect(page.get_by_role("link", name="Start samtalen")).to_have_count(0)
        assert_accessible(page, label="the talk page after the talk")
        press_button(page, "Ja, samtalen blev gennemført")
        expect(page.get_by_text("Tak. Samtalen er markeret: Gennemført.")).to_be_visible()
        assert_accessible(page, label="Frida's talks, the talk held")
        assert Booking.objects.get(pk=booking.pk).status == BookingStatus.HELD

        talk_day = timezone.localtime(starts_at, COPENHAGEN)
        month = capfirst(dateformat.format(talk_day, "F Y"))
        weekday = capfirst(dateformat.format(talk_day, "l"))
        offered_that_month = sum(
            1 for slot in slots if timezone.localtime(slot.starts_at, COPENHAGEN).month == talk_day.month
        )

        # Kolding's coordinator: the figures count the talks of the municipality's citizens, Ole's among them. One
        # held talk with one citizen is shown as "under 5" (no figure comes from fewer than 5 people), in its
        # month and in the total; the hidden figure is 1 behind it.
        as_person(coordinator_in_kolding)
        page.goto(f"/personale/kommune/{kolding.code}/snak/")
        assert_accessible(page, label="Kolding's talk figures")
        section = page.get_by_role("region", name="Snak sammen")
        by_month = section.get_by_role("table").first
        cells = by_month.get_by_role("row", name=re.compile(rf"^{month}")).get_by_role("cell")
        for column in range(4):  # talks held, citizens, volunteers, hours given
            expect(cells.nth(column)).to_have_text("under 5")
        expect(cells.nth(4)).to_have_text("0")  # no-shows
        total = by_month.get_by_role("row", name=re.compile("^Alle 12 måneder")).get_by_role("cell")
        expect(total.first).to_have_text("under 5")
        (kolding_snak,) = [p for p in figures.talk_figures(kolding).programmes if p.programme.slug == "snak-sammen"]
        assert (kolding_snak.total.held.value, kolding_snak.total.held.hidden) == (1, True)

        # Herning's coordinator: the talk was with a citizen of Kolding, so Herning's own talks stay at 0; the
        # supply, counted nationally, shows Frida's times on their weekday, one of them booked.
        as_person(coordinator_in_herning)
        page.goto(f"/personale/kommune/{herning.code}/snak/")
        assert_accessible(page, label="Herning's talk figures")
        section = page.get_by_role("region", name="Snak sammen")
        by_month, by_weekday = section.get_by_role("table").nth(0), section.get_by_role("table").nth(1)
        expect(by_month.get_by_role("row", name=re.compile(rf"^{month}")).get_by_role("cell").first).to_have_text("0")
        cells = by_weekday.get_by_role("row", name=re.compile(rf"^{weekday}")).get_by_role("cell")
        expect(cells.nth(0)).to_have_text(str(offered_that_month))  # slots offered (nationally)
        expect(cells.nth(1)).to_have_text("1")  # slots booked (nationally)
        expect(cells.nth(2)).to_have_text("0")  # booked by Herning's citizens


# --- Sprogven --------------------------------------------------------------------------------------------------------


def test_sprogven_a_citizen_finds_a_volunteer_by_language_and_a_language_nobody_offers_finds_nothing(
    page, log_in_as, herning, kolding
):
    sprogven = Programme.objects.get(slug="sprogven")
    assert sprogven.language_filter
    amal = citizen("Kolding", display_name="Amal")
    VolunteerProfileFactory(user=amal, languages=[{"code": "da", "level": "native"}, {"code": "ar", "level": "native"}])
    volunteer(amal, sprogven)
    learner = citizen("Herning", display_name="Yonas")

    # Amal publishes one time in Sprogven, on the page.
    log_in_as(amal)
    page.goto("/snak/mine-tider/")
    day = timezone.localdate() + datetime.timedelta(days=2)
    _fill_date(page, "Dato", day)
    _fill_time(page, "Starter kl.", 17, 30)
    press_button(page, "Læg tiden ud")
    expect(page.get_by_text("Dine tider er lagt ud: 1.")).to_be_visible()
    assert_accessible(page, label="Amal's time in Sprogven")
    (slot,) = Slot.objects.filter(volunteer_user=amal)
    assert slot.programme == sprogven and slot.languages.split() == ["da", "ar"]

    # Yonas looks for a volunteer who speaks Arabic, and finds Amal.
    page.context.clear_cookies()
    log_in_as(learner)
    page.goto("/snak/")
    _follow(page, "Find en tid i Sprogven")
    assert_accessible(page, label="Sprogven's free times")
    _choose(page, page.get_by_role("search").get_by_label("Sprog"), "Arabisk", "ar")
    press_button(page, "Find tider")
    expect(page).to_have_url(re.compile(r"[?&]sprog=ar"))
    cards = page.get_by_role("main").locator(".sammen-card")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Amal")
    expect(cards.first).to_contain_text("Taler: Dansk, Arabisk")
    assert_accessible(page, label="Sprogven, Arabic")

    # Nobody offers Tigrinya: the page says so (and shows other free times); the search is counted, anonymously.
    _choose(page, page.get_by_role("search").get_by_label("Sprog"), "Tigrinya", "ti")
    press_button(page, "Find tider")
    expect(page).to_have_url(re.compile(r"[?&]sprog=ti"))
    main = page.get_by_role("main")
    expect(main).to_contain_text(
        "Der er ingen ledige tider, der passer til dine valg. "
        "Prøv en anden dag eller tid på dagen, eller fjern et valg."
    )
    other = main.get_by_role("heading", name="Andre ledige tider")
    expect(other).to_be_visible()
    assert_accessible(page, label="Sprogven, Tigrinya: nothing")
    (search,) = UnmetSearch.objects.filter(programme=sprogven)
    assert (search.language, search.municipality) == ("ti", herning)
