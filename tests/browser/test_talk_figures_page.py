"""The coordinator's figures on booked talks in Chromium: axe-clean with tables, hidden small numbers and the
supply-and-demand chart, and the chart readable as an image with a name."""

import datetime

import pytest
from playwright.sync_api import expect

from sammen.core.calendar import COPENHAGEN
from sammen.talks.figures import period
from sammen.talks.models import BookingStatus, TimeOfDay, UnmetSearch
from tests.browser.helpers import assert_accessible, browser_db
from tests.factories import citizen
from tests.factories.volunteering import ProgrammeFactory, volunteer
from tests.test_talk_figures import _slot, _talk

pytestmark = [pytest.mark.browser, browser_db]


def test_the_talk_figures_page_passes_axe_and_shows_the_chart_as_a_named_image(
    page, log_in_as, herning, kolding, coordinator_in_herning
):
    snak = ProgrammeFactory(name="Snak sammen i tal", slug="snak-tal")
    members = [volunteer(citizen("Kolding"), snak) for _ in range(3)]
    people = [citizen("Herning") for _ in range(6)]
    months, _start, _end = period()
    for back, first in enumerate(reversed(months[:-1])):
        for n, person in enumerate(people[: 6 - back % 3]):
            status = BookingStatus.NO_SHOW if n == 4 and back % 2 else BookingStatus.HELD
            starts = datetime.datetime.combine(first.replace(day=2 + n * 4), datetime.time(17 + n % 4), COPENHAGEN)
            _talk(members[n % 3], person, starts, status)
            _slot(members[(n + 1) % 3], starts + datetime.timedelta(days=1))
    for weekday in (0, 2, 2, 5):
        UnmetSearch.objects.create(programme=snak, municipality=herning, weekday=weekday, time_of_day=TimeOfDay.MORNING)

    log_in_as(coordinator_in_herning)
    page.goto("/personale/kommune/657/snak/")

    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    section = page.get_by_role("region", name="Snak sammen i tal")
    expect(section.get_by_role("img", name="Snak sammen i tal")).to_be_visible()
    expect(section.get_by_role("table").first).to_contain_text("6")
    assert_accessible(page)
    page.screenshot(path="/tmp/talk-figures.png", full_page=True)
