"""Finding activities: the list and the month calendar, their filters and search, and what each date's card says."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sammen.activities.models import Activity, Occurrence, SignUp, SignUpStatus
from tests.factories import UserFactory, citizen, municipality
from tests.factories.activities import copenhagen, listed_activity

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _feeds_answer_afresh(settings):
    """Feeds are cached for five minutes; here each request must show the data as it is now."""
    settings.SAMMEN_FEED_CACHE_SECONDS = 0


WEEKDAYS = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november"]
MONTHS += ["december"]


def titles(response) -> list[str]:
    """The activity titles of the dates (cards in the list, lines in the calendar), in the order shown."""
    assert response.status_code == 200
    page = response.content.decode()
    return re.findall(r'(?:<h[23] class="h4">|<li>)<a href="/aktiviteter/\d+/"[^>]*>([^<]+)</a>', page)


def in_days(days: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return copenhagen(day.year, day.month, day.day, hour)


def danish_date(moment: datetime.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{WEEKDAYS[local.weekday()]} {local.day}. {MONTHS[local.month - 1]}"


def test_each_upcoming_date_is_a_card_with_danish_time_place_organiser_and_seats(client, karen_in_herning):
    walk = listed_activity(
        title="Gåture i Herning",
        organiser=karen_in_herning,
        starts=in_days(8),
        dates=2,
        capacity=10,
        address="Torvet 1",
        postal_code="7400",
    )
    first = walk.occurrences.earliest("starts_at")
    SignUp.objects.create(occurrence=first, user=citizen("Herning"), status=SignUpStatus.CONFIRMED)
    SignUp.objects.create(occurrence=first, user=citizen("Herning"), status=SignUpStatus.CANCELLED)
    listed_activity(title="Kaffe i biblioteket", starts=in_days(9), capacity=None, signup_required=False)
    full = listed_activity(title="Strikkeklub", starts=in_days(10), capacity=1)
    SignUp.objects.create(occurrence=full.occurrences.get(), user=citizen("Herning"), status=SignUpStatus.CONFIRMED)
    online = listed_activity(title="Sprogcafé på nettet", starts=in_days(11), online_url="https://møde.example.dk/x")

    response = client.get("/aktiviteter/")

    assert titles(response) == [
        "Gåture i Herning",
        "Kaffe i biblioteket",
        "Strikkeklub",
        "Sprogcafé på nettet",
        "Gåture i Herning",
    ]
    page = response.content.decode()
    assert f"{danish_date(first.starts_at)} kl. 10.00–11.00" in page  # e.g. "tirsdag 1. december kl. 10.00–11.00"
    assert "Torvet 1, 7400 · Herning" in page
    assert "Arrangør: Karen" in page
    assert "Ledige pladser: 9" in page  # the cancelled sign-up frees its seat
    assert "Ledige pladser: 10" in page
    assert "Ingen tilmelding" in page
    assert "Fuldt – venteliste" in page
    assert "Online" in page
    assert f'href="/aktiviteter/{online.pk}/"' in page


def test_dates_that_have_passed_are_not_listed(client):
    listed_activity(title="I går", starts=timezone.now() - datetime.timedelta(days=1))
    listed_activity(title="I morgen", starts=timezone.now() + datetime.timedelta(days=1))
    assert titles(client.get("/aktiviteter/")) == ["I morgen"]


def test_hidden_and_cancelled_activities_are_not_listed_but_a_cancelled_date_is_marked(client):
    listed_activity(title="Skjult af moderator", starts=in_days(3), hidden_at=timezone.now())
    listed_activity(title="Aflyst helt", starts=in_days(3), cancelled_at=timezone.now())
    series = listed_activity(title="Gåtur hver uge", starts=in_days(3), dates=2)
    Occurrence.objects.filter(pk=series.occurrences.earliest("starts_at").pk).update(
        cancelled_at=timezone.now(), cancel_reason="Stormvejr"
    )

    response = client.get("/aktiviteter/")

    assert titles(response) == ["Gåtur hver uge", "Gåtur hver uge"]
    page = response.content.decode()
    assert page.count("<strong>Aflyst</strong>: Stormvejr") == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kommune=herning", ["Herning gåtur", "Herning strik"]),
        ("kommune=herning&kommune=kolding", ["Herning gåtur", "Kolding kor", "Herning strik"]),
        ("kategori=kreativitet", ["Herning strik"]),
        ("maalgruppe=seniorer-85", ["Kolding kor"]),
        ("maalgruppe=seniorer-85&maalgruppe=nytilflyttede", ["Kolding kor", "Herning strik"]),
        ("tilgaengelighed=teleslynge", ["Kolding kor", "Herning strik"]),
        ("tilgaengelighed=teleslynge&tilgaengelighed=niveaufri-adgang", ["Herning strik"]),
        ("q=gåtur", ["Herning gåtur", "Aarhus gåtur"]),
        ("q=gåtur&kommune=kolding", []),
    ],
)
def test_each_filter_narrows_the_list(client, query, expected):
    listed_activity(title="Herning gåtur", starts=in_days(2), category_slug="gaature")
    listed_activity(
        title="Kolding kor",
        municipality_name="Kolding",
        starts=in_days(3),
        category_slug="kultur",
        target_groups=("seniorer-85",),
        accessibility=("teleslynge",),
    )
    listed_activity(
        title="Herning strik",
        starts=in_days(4),
        category_slug="kreativitet",
        target_groups=("nytilflyttede", "alle"),
        accessibility=("teleslynge", "niveaufri-adgang"),
    )
    listed_activity(title="Aarhus gåtur", municipality_name="Aarhus", starts=in_days(5), category_slug="gaature")
    assert titles(client.get(f"/aktiviteter/?{query}")) == expected


def test_text_search_finds_an_inflected_word_and_keeps_the_other_filters(client):
    listed_activity(title="Gåture i Herning", starts=in_days(2), description="Vi mødes ved kirken.")
    listed_activity(title="Kortspil", starts=in_days(2), description="Whist og kaffe.")
    assert titles(client.get("/aktiviteter/?q=gåtur")) == ["Gåture i Herning"]
    assert titles(client.get("/aktiviteter/?q=kirken&kommune=herning")) == ["Gåture i Herning"]
    assert titles(client.get("/aktiviteter/?q=whist")) == ["Kortspil"]


def test_a_date_range_is_whole_days_in_copenhagen(client):
    start = in_days(10)
    late_evening = start.replace(hour=23, minute=30)
    listed_activity(title="Formiddag", starts=start)
    listed_activity(title="Sen aften", starts=late_evening)
    listed_activity(title="Dagen efter", starts=start + datetime.timedelta(days=1))
    day = timezone.localtime(start).date()

    response = client.get(f"/aktiviteter/?fra={day}&til={day}")

    assert titles(response) == ["Formiddag", "Sen aften"]
    assert titles(client.get(f"/aktiviteter/?fra={day + datetime.timedelta(days=1)}")) == ["Dagen efter"]


def test_a_to_date_before_the_from_date_is_explained_and_kept(client):
    listed_activity(title="Gåtur", starts=in_days(2))

    response = client.get("/aktiviteter/?fra=2030-05-10&til=2030-05-01")

    page = response.content.decode()
    assert "“Til dato” skal være samme dag som “fra dato” eller senere." in page
    assert 'value="2030-05-01"' in page and 'value="2030-05-10"' in page
    assert titles(response) == []  # the valid "from" date still applies


def test_the_chosen_filters_stay_chosen_on_the_page(client):
    page = client.get(
        "/aktiviteter/?kommune=herning&kategori=kultur&maalgruppe=seniorer-85&tilgaengelighed=teleslynge&q=kor"
    ).content.decode()
    assert '<option value="herning" selected>Herning</option>' in page
    assert re.search(r'<option value="kultur" selected>[^<]+</option>', page)
    assert re.search(r'value="seniorer-85"[^>]* checked>', page)
    assert re.search(r'value="teleslynge"[^>]* checked>', page)
    assert not re.search(r'value="alle"[^>]* checked>', page)
    assert re.search(r'<input type="text" name="q" value="kor"', page)


def test_the_list_pages_without_counting(client):
    listed_activity(title="Gåtur", starts=in_days(2), dates=25, every=datetime.timedelta(days=1))
    first = client.get("/aktiviteter/")
    assert len(titles(first)) == 20
    assert "side=2" in first.content.decode()
    assert len(titles(client.get("/aktiviteter/?side=2"))) == 5


def test_one_chosen_municipality_shows_its_feeds_and_the_code_for_its_web_site(client):
    page = client.get("/aktiviteter/?kommune=herning").content.decode()
    assert 'href="/aktiviteter/kommune/herning.ics"' in page
    assert 'href="/aktiviteter/kommune/herning.json"' in page
    assert '&lt;iframe src="http://testserver/aktiviteter/indlejr/herning/"' in page
    assert "/aktiviteter/indlejr/" not in client.get("/aktiviteter/").content.decode()


# --- Calendar --------------------------------------------------------------------------------------------------


def test_the_calendar_month_runs_from_midnight_to_midnight_in_copenhagen(client):
    # 00:30 on 1 December in Copenhagen is still 30 November in UTC; 00:30 on 1 January belongs to January.
    listed_activity(title="Lige efter midnat", starts=copenhagen(2026, 12, 1, 0, 30))
    listed_activity(title="Nytårsaften", starts=copenhagen(2026, 12, 31, 22, 0))
    listed_activity(title="Nytårsdag", starts=copenhagen(2027, 1, 1, 0, 30))
    listed_activity(title="Sidst i november", starts=copenhagen(2026, 11, 30, 23, 30))

    response = client.get("/aktiviteter/kalender/?maaned=2026-12&kommune=herning")

    assert titles(response) == ["Lige efter midnat", "Nytårsaften"]
    page = response.content.decode()
    assert "<h2>tirsdag 1. december</h2>" in page
    assert "<h2>torsdag 31. december</h2>" in page
    assert 'href="?maaned=2026-11&amp;kommune=herning"' in page
    assert 'href="?maaned=2027-01&amp;kommune=herning"' in page


def test_the_calendar_groups_dates_under_one_heading_per_day(client):
    listed_activity(title="Morgen", starts=copenhagen(2026, 12, 8, 9))
    listed_activity(title="Aften", starts=copenhagen(2026, 12, 8, 19))
    page = client.get("/aktiviteter/kalender/?maaned=2026-12").content.decode()
    assert page.count("<h2>tirsdag 8. december</h2>") == 1


def test_the_calendar_shows_the_citizens_own_municipality_unless_they_choose_all_of_denmark(client):
    client.force_login(citizen("Kolding"))
    listed_activity(title="Herning gåtur", starts=in_days(1))
    listed_activity(title="Kolding kor", municipality_name="Kolding", starts=in_days(1, hour=11))
    month = f"{in_days(1):%Y-%m}"

    assert titles(client.get(f"/aktiviteter/kalender/?maaned={month}")) == ["Kolding kor"]
    assert titles(client.get(f"/aktiviteter/kalender/?maaned={month}&kommune=")) == ["Herning gåtur", "Kolding kor"]


def test_the_calendar_defaults_to_the_current_month(client):
    today = timezone.localdate()
    page = client.get("/aktiviteter/kalender/").content.decode()
    assert f"{MONTHS[today.month - 1]} {today.year}" in page
    assert client.get("/aktiviteter/kalender/?maaned=nonsens").status_code == 200


# --- Query counts ----------------------------------------------------------------------------------------------


def _activities(count: int) -> None:
    for n in range(count):
        activity = listed_activity(
            title=f"Aktivitet {n}",
            organiser=UserFactory(municipality=municipality("Herning")),
            starts=in_days(1 + n % 20, hour=9 + n % 8),
            dates=2,
            accessibility=("teleslynge",),
            target_groups=("alle", "seniorer-85"),
        )
        SignUp.objects.create(
            occurrence=activity.occurrences.first(), user=citizen("Herning"), status=SignUpStatus.CONFIRMED
        )


def count_queries(client, path: str) -> int:
    client.get(path)
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return len(context.captured_queries)


PATHS = [
    "/aktiviteter/",
    "/aktiviteter/?kommune=herning&maalgruppe=seniorer-85&tilgaengelighed=teleslynge&kategori=gaature",
    "/aktiviteter/?q=aktivitet",
    "/aktiviteter/kalender/?kommune=herning",
    "/aktiviteter/kommune/herning.json",
    "/aktiviteter/kommune/herning.ics",
    "/aktiviteter/indlejr/herning/",
]


@pytest.mark.parametrize("path", PATHS)
def test_discovery_pages_cost_the_same_queries_at_3_and_30_activities(client, path):
    client.force_login(citizen("Herning"))
    _activities(3)
    few = count_queries(client, path)
    _activities(27)
    assert Activity.objects.count() == 30
    assert count_queries(client, path) == few
