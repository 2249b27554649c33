"""Booked talks in Chromium, by keyboard and axe-checked on every page: a volunteer publishes a weekly time (first
with a mistake), a citizen finds it, books it and sees it among her talks, then cancels it.

The fields are found by their names rather than their labels: the Danish wording is the translators'."""

import datetime

import pytest
from django.utils import timezone

from sammen.talks.models import Booking, BookingStatus, Slot, SlotStatus
from tests.browser.helpers import assert_accessible, browser_db
from tests.factories import citizen
from tests.factories.volunteering import ProgrammeFactory, volunteer

pytestmark = [pytest.mark.browser, browser_db]


def type_in(page, name: str, text: str) -> None:
    field = page.locator(f'[name="{name}"]')
    field.focus()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(text)


def submit(page, selector: str = 'form[method="post"] button[type="submit"].button-primary') -> None:
    page.locator(selector).first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_volunteer_publishes_times_and_a_citizen_books_and_cancels_one(page, log_in_as, herning, kolding):
    programme = ProgrammeFactory(name="Snak sammen")
    frida = volunteer(citizen("Kolding", display_name="Frida"), programme)
    karen = citizen("Herning", display_name="Karen")

    page.goto("/snak/")
    assert_accessible(page, label="programmes")

    log_in_as(frida.user)
    page.goto("/snak/mine-tider/")
    assert_accessible(page, label="volunteer's times, empty")
    first = timezone.localdate() + datetime.timedelta(days=3)
    page.locator('[name="day"]').fill(first.isoformat())
    page.locator('[name="starts"]').fill("19:00")
    page.locator('[name="repeat"][value="weekly"]').focus()
    page.keyboard.press("Space")
    submit(page)  # "every week" without an end date
    assert page.locator(".form-error-message").count() == 1
    assert_accessible(page, label="volunteer's times, with an error")
    assert not Slot.objects.exists()
    page.locator('[name="weekly_until"]').fill((first + datetime.timedelta(weeks=2)).isoformat())
    submit(page)
    assert Slot.objects.filter(volunteer=frida, status=SlotStatus.FREE).count() == 3
    assert_accessible(page, label="volunteer's times, three free")

    log_in_as(karen)
    page.goto(f"/snak/{programme.slug}/")
    assert_accessible(page, label="free times")
    page.locator('a[href^="/snak/tid/"]').first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page, label="book")
    page.locator('[name="channel"][value="video"]').focus()
    page.keyboard.press("Space")
    type_in(page, "note", "Om haven")
    submit(page)
    booking = Booking.objects.get(citizen=karen)
    assert booking.note == "Om haven"
    assert page.url.endswith("/snak/mine/")
    assert_accessible(page, label="my talks")

    page.goto(f"/snak/{programme.slug}/?tid=formiddag")
    assert_accessible(page, label="free times, none match")

    page.goto(f"/snak/samtale/{booking.pk}/aflys/")
    assert_accessible(page, label="cancel")
    submit(page)  # without a reason
    assert page.locator(".form-error-message").count() == 1
    assert_accessible(page, label="cancel, with an error")
    type_in(page, "reason", "Jeg skal til lægen")
    submit(page)
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CANCELLED

    log_in_as(frida.user)
    page.goto("/snak/mine/")
    assert_accessible(page, label="volunteer's talks")
