"""The activities issue's whole journey in Chromium, axe-checked on each page and driven by the keyboard:

an association's representative creates a weekly walking group with 10 seats; citizens sign up; the 11th goes on
the waiting list; a cancellation moves them up and they get an e-mail; the walk is in the municipality's
calendar, its iCalendar feed and the embeddable list.
"""

import datetime

import icalendar
import pytest
from django.core import mail
from django.utils import timezone
from django.utils.translation import gettext, pgettext

from sammen.activities import services
from sammen.activities.models import Activity, SignUp, SignUpStatus
from tests.browser.helpers import assert_accessible, browser_db, log_in_by_keyboard, press_button, type_into
from tests.factories import AssociationFactory, RepresentativeFactory, citizen

pytestmark = [pytest.mark.browser, browser_db]

TITLE = "Bevæg dig for livet – gåtur"


def _press_for_first_date(page, name: str) -> None:
    """Each date has its own button, named with the date for screen readers; the first is the first date."""
    button = page.get_by_role("button", name=name).first
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _tick(page, label: str) -> None:
    page.get_by_label(label, exact=True).focus()
    page.keyboard.press("Space")


def test_weekly_walk_from_creation_to_waiting_list_promotion_and_the_calendars(
    page, log_in_as, live_server, inge_in_herning
):
    walkers = AssociationFactory(
        name="Gullestrup Gå-sammen",
        slug="gullestrup-gaa-sammen",
        description="Vi går hver tirsdag.",
        municipality=inge_in_herning.municipality,
        contact_email="gaa@example.dk",
    )
    RepresentativeFactory(association=walkers, user=inge_in_herning)
    first = timezone.localdate() + datetime.timedelta(days=(1 - timezone.localdate().weekday()) % 7 + 7)

    # Inge logs in with the keyboard and creates the weekly walk for the association.
    log_in_by_keyboard(page, inge_in_herning.email)
    page.goto("/aktiviteter/ny/")
    _tick(page, walkers.name)
    type_into(page, gettext("Title"), TITLE)
    type_into(page, gettext("Description"), "Vi går fra Gullestrup Kirke og drikker kaffe bagefter.")
    _tick(page, pgettext("target group", "Everyone"))
    _tick(page, pgettext("target group", "People aged 85 and over"))
    page.get_by_label(gettext("Category"), exact=True).select_option(label="Gåture")
    page.get_by_label(gettext("Date"), exact=True).fill(first.isoformat())
    page.get_by_label(gettext("Start time"), exact=True).fill("10:00")
    page.get_by_label(gettext("End time"), exact=True).fill("11:30")
    _tick(page, gettext("Every week"))
    page.get_by_label(gettext("Repeat until"), exact=False).fill((first + datetime.timedelta(weeks=7)).isoformat())
    type_into(page, gettext("Address"), "Gullestrup Kirke, Sønderager 1", exact=False)
    _tick(page, pgettext("accessibility", "Step-free access"))
    type_into(page, gettext("Number of seats"), "10", exact=False)
    assert_accessible(page, label="create the walk")
    press_button(page, gettext("Publish the activity"))
    assert page.get_by_role("heading", name=TITLE, level=1).is_visible()
    assert_accessible(page, label="the walk's page")
    activity = Activity.objects.get(title=TITLE)
    assert activity.association == walkers and activity.occurrences.count() == 8
    first_walk = activity.occurrences.order_by("starts_at").first()
    detail_url = page.url

    # Ten citizens take the ten seats (nine straight through the service, one on the page).
    people = [citizen("Herning", display_name=f"Gæst {n}") for n in range(1, 12)]
    for person in people[:9]:
        services.sign_up(occurrence=first_walk, user=person)
    page.context.clear_cookies()
    log_in_as(people[9])
    page.goto(detail_url)
    _press_for_first_date(page, gettext("Sign up"))
    assert page.get_by_text(gettext("You are signed up."), exact=True).first.is_visible()

    # The eleventh is told before pressing that the walk is full, and goes on the waiting list.
    page.context.clear_cookies()
    log_in_as(people[10])
    page.goto(detail_url)
    assert page.get_by_text(gettext("Full – you go on the waiting list")).first.is_visible()
    assert_accessible(page, label="a full walk")
    _press_for_first_date(page, gettext("Join the waiting list"))
    waiting = gettext("You are on the waiting list as number %(position)s.") % {"position": 1}
    assert page.get_by_text(waiting).first.is_visible()
    statuses = list(SignUp.objects.filter(occurrence=first_walk).values_list("status", flat=True))
    assert statuses.count(SignUpStatus.CONFIRMED) == 10 and statuses.count(SignUpStatus.WAITLISTED) == 1

    # Gæst 3 cancels on the page: the eleventh gets the seat and an e-mail about it.
    mail.outbox.clear()
    page.context.clear_cookies()
    log_in_as(people[2])
    page.goto(detail_url)
    _press_for_first_date(page, gettext("Cancel sign-up"))
    assert page.get_by_text(gettext("You are no longer signed up for this date.")).is_visible()
    assert SignUp.objects.get(occurrence=first_walk, user=people[10]).status == SignUpStatus.CONFIRMED
    promoted = [message for message in mail.outbox if message.to == [people[10].email]]
    assert len(promoted) == 1 and TITLE in promoted[0].subject

    # The walk is in Herning's calendar for its month ...
    page.goto(f"/aktiviteter/kalender/?kommune=herning&maaned={first:%Y-%m}")
    assert page.get_by_role("link", name=TITLE).first.is_visible()
    assert_accessible(page, label="Herning's calendar")

    # ... in Herning's iCalendar feed, one event per date ...
    feed = page.request.get(f"{live_server.url}/aktiviteter/kommune/herning.ics")
    assert feed.ok and feed.headers["content-type"].startswith("text/calendar")
    events = [e for e in icalendar.Calendar.from_ical(feed.body()).walk("VEVENT") if str(e["SUMMARY"]) == TITLE]
    assert len(events) == 8

    # ... and in the list a municipality can put on its own web site.
    embed = page.goto("/aktiviteter/indlejr/herning/")
    assert "x-frame-options" not in {name.lower() for name in embed.headers}
    assert page.get_by_role("link", name=TITLE).first.is_visible()
    assert_accessible(page, label="embeddable list")
