"""Activities for other programs and sites: iCalendar files and feeds, the public JSON feed, the embeddable list."""

import datetime

import icalendar
import pytest
from django.core.cache import cache
from django.utils import timezone

from sammen.activities.models import Occurrence, SignUp, SignUpStatus
from tests.factories import citizen
from tests.factories.activities import copenhagen, listed_activity
from tests.factories.associations import association

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _feeds_answer_afresh(settings):
    """Feeds are cached for five minutes; here each request must show the data as it is now."""
    settings.SAMMEN_FEED_CACHE_SECONDS = 0


def in_days(days: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return copenhagen(day.year, day.month, day.day, hour)


def events(response) -> list[icalendar.Event]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


def test_one_activitys_ics_has_every_date_with_stable_uids_and_cancelled_dates_marked(client):
    walk = listed_activity(title="Gåture i Herning", starts=in_days(5), dates=3, address="Torvet 1", postal_code="7400")
    dates = list(walk.occurrences.order_by("starts_at"))
    Occurrence.objects.filter(pk=dates[1].pk).update(cancelled_at=timezone.now())
    listed_activity(title="Noget andet", starts=in_days(5))

    found = events(client.get(f"/aktiviteter/{walk.pk}/kalender.ics"))

    assert [str(event["summary"]) for event in found] == ["Gåture i Herning"] * 3
    assert [str(event["uid"]) for event in found] == [f"occurrence-{d.pk}@127.0.0.1" for d in dates]
    assert [event.start for event in found] == [d.starts_at for d in dates]
    assert [event.end for event in found] == [d.ends_at for d in dates]
    assert [str(event["status"]) for event in found] == ["CONFIRMED", "CANCELLED", "CONFIRMED"]
    assert str(found[0]["location"]) == "Torvet 1, 7400 Herning"
    assert str(found[0]["url"]) == f"http://testserver/aktiviteter/{walk.pk}/"
    # A second download gives the same events, so calendar apps update instead of duplicating.
    assert [str(e["uid"]) for e in events(client.get(f"/aktiviteter/{walk.pk}/kalender.ics"))] == [
        str(e["uid"]) for e in found
    ]


def test_a_hidden_activity_has_no_calendar_file(client):
    hidden = listed_activity(starts=in_days(5), hidden_at=timezone.now())
    assert client.get(f"/aktiviteter/{hidden.pk}/kalender.ics").status_code == 404


def test_a_wholly_cancelled_activity_stays_in_its_calendar_file_as_cancelled(client):
    cancelled = listed_activity(starts=in_days(5), dates=2, cancelled_at=timezone.now())
    found = events(client.get(f"/aktiviteter/{cancelled.pk}/kalender.ics"))
    assert [str(event["status"]) for event in found] == ["CANCELLED", "CANCELLED"]


def test_the_municipality_feed_has_its_upcoming_dates_within_a_year_and_takes_filters(client):
    listed_activity(title="Herning gåtur", starts=in_days(3), category_slug="gaature")
    listed_activity(title="Herning kor", starts=in_days(4), category_slug="kultur")
    listed_activity(title="Om to år", starts=in_days(730))
    listed_activity(title="Kolding gåtur", municipality_name="Kolding", starts=in_days(3))
    listed_activity(title="Skjult", starts=in_days(3), hidden_at=timezone.now())

    found = events(client.get("/aktiviteter/kommune/herning.ics"))
    walks = events(client.get("/aktiviteter/kommune/herning.ics?kategori=gaature"))

    assert [str(event["summary"]) for event in found] == ["Herning gåtur", "Herning kor"]
    assert [str(event["summary"]) for event in walks] == ["Herning gåtur"]
    assert client.get("/aktiviteter/kommune/atlantis.ics").status_code == 404


def test_the_association_feed_has_only_the_associations_activities(client):
    walkers = association("Gangforeningen Herning")
    listed_activity(title="Foreningens gåtur", starts=in_days(3), association=walkers)
    listed_activity(title="En borgers gåtur", starts=in_days(3))

    found = events(client.get(f"/aktiviteter/forening/{walkers.slug}.ics"))

    assert [str(event["summary"]) for event in found] == ["Foreningens gåtur"]
    walkers.hidden_at = timezone.now()
    walkers.save()
    assert client.get(f"/aktiviteter/forening/{walkers.slug}.ics").status_code == 404


def test_the_json_feed_lists_upcoming_dates_for_any_web_site(client, karen_in_herning):
    walk = listed_activity(
        title="Gåture i Herning",
        organiser=karen_in_herning,
        starts=copenhagen(2030, 6, 4, 10),
        capacity=5,
        address="Torvet 1",
        postal_code="7400",
        target_groups=("alle", "seniorer-85"),
        accessibility=("teleslynge",),
    )
    occurrence = walk.occurrences.get()
    SignUp.objects.create(occurrence=occurrence, user=citizen("Herning"), status=SignUpStatus.CONFIRMED)
    listed_activity(title="Online sprogcafé", starts=copenhagen(2030, 6, 5, 19), online_url="https://x.example.dk/")
    listed_activity(title="Kolding kor", municipality_name="Kolding", starts=in_days(3))

    response = client.get("/aktiviteter/kommune/herning.json?til=2031-01-01")

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["municipality"] == {"name": "Herning", "slug": "herning", "code": "657"}
    assert data["occurrences"][0] == {
        "id": occurrence.pk,
        "activity_id": walk.pk,
        "title": "Gåture i Herning",
        "starts_at": "2030-06-04T10:00:00+02:00",
        "ends_at": "2030-06-04T11:00:00+02:00",
        "place": "Torvet 1, 7400 Herning",
        "municipality": "Herning",
        "online": False,
        "organiser": "Karen",
        "category": "gaature",
        "target_groups": ["alle", "seniorer-85"],
        "accessibility": ["teleslynge"],
        "price": "0.00",
        "url": f"http://testserver/aktiviteter/{walk.pk}/",
        "signup_required": True,
        "seats_left": 4,
        "cancelled": False,
    }
    assert [(o["title"], o["online"], o["place"]) for o in data["occurrences"][1:]] == [
        ("Online sprogcafé", True, None)
    ]


def test_the_json_feed_takes_the_same_filters_as_the_list(client):
    listed_activity(title="Gåtur", starts=in_days(3), target_groups=("seniorer-85",))
    listed_activity(title="Kor", starts=in_days(4), category_slug="kultur")
    assert [
        o["title"] for o in client.get("/aktiviteter/kommune/herning.json?maalgruppe=seniorer-85").json()["occurrences"]
    ] == ["Gåtur"]
    assert [o["title"] for o in client.get("/aktiviteter/kommune/herning.json?q=kor").json()["occurrences"]] == ["Kor"]
    assert len(client.get("/aktiviteter/kommune/herning.json?antal=1").json()["occurrences"]) == 1


def test_the_embeddable_list_may_be_framed_and_opens_links_outside_the_frame(client):
    listed_activity(title="Gåture i Herning", starts=in_days(3))
    listed_activity(title="Kolding kor", municipality_name="Kolding", starts=in_days(3))

    response = client.get("/aktiviteter/indlejr/herning/")

    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert client.get("/aktiviteter/")["X-Frame-Options"] == "DENY"
    page = response.content.decode()
    assert '<html lang="da">' in page
    assert "Gåture i Herning" in page and "Kolding kor" not in page
    assert 'target="_top"' in page
    assert "Aktiviteter i Herning Kommune" in page


def test_the_embeddable_list_shows_the_next_dates_only(client):
    listed_activity(title="Gåtur", starts=in_days(3), dates=15)
    page = client.get("/aktiviteter/indlejr/herning/").content.decode()
    assert page.count('<li class="sammen-card') == 10
    page = client.get("/aktiviteter/indlejr/herning/?antal=3").content.decode()
    assert page.count('<li class="sammen-card') == 3


def test_feeds_are_kept_for_a_few_minutes_because_calendar_apps_ask_often(client, settings):
    settings.SAMMEN_FEED_CACHE_SECONDS = 300
    listed_activity(title="Gåtur", starts=in_days(3))
    first = client.get("/aktiviteter/kommune/herning.json").json()
    listed_activity(title="Kor", starts=in_days(4))

    assert client.get("/aktiviteter/kommune/herning.json").json() == first
    assert [o["title"] for o in client.get("/aktiviteter/kommune/herning.json?antal=5").json()["occurrences"]] == [
        "Gåtur",
        "Kor",
    ]
    cache.clear()
    assert len(client.get("/aktiviteter/kommune/herning.json").json()["occurrences"]) == 2
