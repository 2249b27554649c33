"""Organising and taking part in Chromium, axe-checked on every page and driven by the keyboard where a person
presses: create an activity (first with an end before the start), sign up and cancel on the activity page, and
the organiser's page for one date.

Labels are looked up through the catalogue (``gettext``), so the test reads the same words the page shows.
"""

import datetime

import pytest
from django.utils import timezone
from django.utils.translation import gettext, pgettext

from sammen.activities import services
from sammen.activities.models import Activity, SignUp, SignUpStatus
from tests.browser.helpers import assert_accessible, browser_db, press_button, type_into
from tests.factories import citizen

pytestmark = [pytest.mark.browser, browser_db]


def _check(page, label: str) -> None:
    """Tick a checkbox as a keyboard user does: focus it and press Space."""
    page.get_by_label(label, exact=True).focus()
    page.keyboard.press("Space")


def test_create_sign_up_cancel_and_the_organiser_date_page(page, log_in_as, inge_in_herning):
    first = timezone.localdate() + datetime.timedelta(days=10)

    # Inge fills in the form, but ends before she starts.
    log_in_as(inge_in_herning)
    page.goto("/aktiviteter/ny/")
    assert_accessible(page, label="create activity")
    type_into(page, gettext("Title"), "Gåtur ved Fuglsang Sø")
    type_into(page, gettext("Description"), "En rolig tur rundt om søen med kaffe bagefter.")
    _check(page, pgettext("target group", "Everyone"))
    page.get_by_label(gettext("Category"), exact=True).select_option(label="Gåture")
    page.get_by_label(gettext("Date"), exact=True).fill(first.isoformat())
    page.get_by_label(gettext("Start time"), exact=True).fill("10:00")
    page.get_by_label(gettext("End time"), exact=True).fill("09:00")
    type_into(page, gettext("Address"), "Søvej 1", exact=False)
    type_into(page, gettext("Number of seats"), "1", exact=False)
    press_button(page, gettext("Publish the activity"))
    assert page.get_by_text(str(services.ERRORS["end_before_start"])).first.is_visible()
    assert page.get_by_label(gettext("Title"), exact=True).input_value() == "Gåtur ved Fuglsang Sø"
    assert not Activity.objects.exists()
    assert_accessible(page, label="create activity with an error")

    # She corrects the end time and publishes.
    page.get_by_label(gettext("End time"), exact=True).fill("11:30")
    press_button(page, gettext("Publish the activity"))
    assert page.get_by_role("heading", name="Gåtur ved Fuglsang Sø", level=1).is_visible()
    assert page.get_by_text(gettext("The activity is published.")).is_visible()
    assert_accessible(page, label="activity page (organiser)")
    activity = Activity.objects.get()
    occurrence = activity.occurrences.get()
    detail_url = page.url

    # Bo signs up for the only seat with the keyboard, then cancels.
    bo = citizen("Herning", display_name="Bo")
    page.context.clear_cookies()
    log_in_as(bo)
    page.goto(detail_url)
    assert_accessible(page, label="activity page (citizen)")
    sign_up = page.get_by_role("button", name=gettext("Sign up"))
    sign_up.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text(gettext("You are signed up."), exact=True).first.is_visible()
    assert SignUp.objects.get(user=bo).status == SignUpStatus.CONFIRMED
    assert_accessible(page, label="activity page (signed up)")

    # Ulla comes next: the page says she will go on the waiting list before she presses.
    ulla = citizen("Herning", display_name="Ulla")
    page.context.clear_cookies()
    log_in_as(ulla)
    page.goto(detail_url)
    assert page.get_by_text(gettext("Full – you go on the waiting list")).is_visible()
    join = page.get_by_role("button", name=gettext("Join the waiting list"))
    join.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    waiting = gettext("You are on the waiting list as number %(position)s.") % {"position": 1}
    assert page.get_by_text(waiting).first.is_visible()

    # Bo cancels; Ulla moves up.
    page.context.clear_cookies()
    log_in_as(bo)
    page.goto(detail_url)
    cancel = page.get_by_role("button", name=gettext("Cancel sign-up"))
    cancel.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text(gettext("You are no longer signed up for this date.")).is_visible()
    assert SignUp.objects.get(user=ulla).status == SignUpStatus.CONFIRMED

    # Inge opens the date's page: Ulla is on it; she writes to everyone.
    page.context.clear_cookies()
    log_in_as(inge_in_herning)
    page.goto(f"/aktiviteter/dato/{occurrence.pk}/")
    assert page.get_by_text("Ulla", exact=False).first.is_visible()
    assert_accessible(page, label="organiser's date page")
    type_into(page, gettext("Message"), "Husk gode sko!")
    press_button(page, gettext("Send the message"))
    sent = gettext("Your message has been sent. Recipients: %(count)s.") % {"count": 1}
    assert page.get_by_text(sent).is_visible()
    assert_accessible(page, label="organiser's date page after a message")
