"""Finding activities in Chromium, by keyboard and axe-checked: the list with a filter, the month calendar, and the
list a municipality embeds on its own web site (in an iframe on another origin)."""

import contextlib
import datetime
import http.server
import threading

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible, browser_db
from tests.factories.activities import copenhagen, listed_activity

pytestmark = [pytest.mark.browser, browser_db]

WEEKDAYS = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober"]
MONTHS += ["november", "december"]


def soon(days: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return copenhagen(day.year, day.month, day.day, 10)


def cards(page) -> list[str]:
    """The titles of the dates: cards in the list, lines in the calendar."""
    return page.locator(".sammen-card h3 a, .sammen-day-list a").all_inner_texts()


@contextlib.contextmanager
def municipality_site(embed_url: str):
    """A page on 127.0.0.1 (Sammen's live server answers on localhost) with the embed code in it."""
    html = (
        '<!DOCTYPE html><html lang="da"><head><title>Herning Kommune</title></head><body><main>'
        f'<iframe src="{embed_url}" title="Aktiviteter i Herning" width="600" height="600"></iframe>'
        "</main></body></html>"
    ).encode()

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(html)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def test_a_citizen_filters_the_list_by_keyboard_and_opens_the_calendar(page):
    listed_activity(title="Gåture i Herning", starts=soon(3), target_groups=("seniorer-85",), address="Torvet 1")
    listed_activity(title="Strikkeklub i Herning", starts=soon(4))
    listed_activity(title="Kor i Kolding", municipality_name="Kolding", starts=soon(5), target_groups=("seniorer-85",))

    page.goto("/aktiviteter/")
    assert_accessible(page, label="activity list")
    assert cards(page) == ["Gåture i Herning", "Strikkeklub i Herning", "Kor i Kolding"]

    # Choose Herning in the municipality list and a target group, by keyboard only.
    page.get_by_label("Kommune").focus()
    page.keyboard.type("Herning")
    # The target groups sit under "more choices", folded away until opened (Enter on the summary).
    more = page.locator("summary", has_text="Flere valg")
    more.focus()
    page.keyboard.press("Enter")
    senior = page.locator('input[name="maalgruppe"][value="seniorer-85"]')
    senior.focus()
    page.keyboard.press("Space")
    expect(senior).to_be_checked()
    button = page.get_by_role("button", name="Find aktiviteter")
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert "kommune=herning" in page.url and "maalgruppe=seniorer-85" in page.url
    assert cards(page) == ["Gåture i Herning"]
    expect(page.locator('input[name="maalgruppe"][value="seniorer-85"]')).to_be_checked()
    assert_accessible(page, label="activity list, filtered")
    # With one municipality chosen, the feeds and the code for the municipality's web site are offered.
    expect(page.get_by_role("link", name="Abonnér i din kalender (iCalendar)")).to_be_visible()

    calendar_link = page.get_by_role("link", name="Vis som kalender måned for måned")
    calendar_link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    walk_day = soon(3)
    if walk_day.month != timezone.localdate().month:  # the calendar opens on this month
        page.goto(page.url + f"&maaned={walk_day:%Y-%m}")
    day_heading = f"{WEEKDAYS[walk_day.weekday()]} {walk_day.day}. {MONTHS[walk_day.month - 1]}"
    expect(page.get_by_role("heading", level=2, name=day_heading)).to_be_visible()
    assert cards(page) == ["Gåture i Herning"]
    assert_accessible(page, label="calendar")

    next_month = page.get_by_role("link", name="Næste måned").first
    next_month.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "kommune=herning" in page.url
    assert_accessible(page, label="calendar, next month")


def test_the_embedded_list_works_inside_another_sites_iframe(page, live_server):
    listed_activity(title="Gåture i Herning", starts=soon(3))
    listed_activity(title="Kor i Kolding", municipality_name="Kolding", starts=soon(3))

    page.goto("/aktiviteter/indlejr/herning/")
    assert_accessible(page, label="embedded list")
    expect(page.get_by_role("link", name="Gåture i Herning")).to_have_attribute("target", "_top")
    assert page.get_by_text("Kor i Kolding").count() == 0

    # A municipality's own web site (another origin, served here by a tiny server) frames it; the browser shows it.
    with municipality_site(live_server.url + "/aktiviteter/indlejr/herning/") as site_url:
        page.goto(site_url)
        framed = page.frame_locator("iframe")
        expect(framed.get_by_role("link", name="Gåture i Herning")).to_be_visible()
