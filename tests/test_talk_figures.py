"""The coordinator's figures on booked talks: talks by month for the municipality's citizens, supply (national)
against demand (the municipality's) by weekday and hour, never a figure from fewer than five people."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sammen.core.calendar import COPENHAGEN
from sammen.core.figures import UNDER_FIVE
from sammen.talks import services
from sammen.talks.figures import ANY_TIME, talk_figures
from sammen.talks.models import Booking, BookingStatus, Slot, SlotStatus, TimeOfDay, UnmetSearch
from tests.factories import citizen
from tests.factories.volunteering import ProgrammeFactory, volunteer
from tests.helpers import log_in_with_second_factor

NOW = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=COPENHAGEN)
URL = "/personale/kommune/657/snak/"
# Shown where a figure would come from fewer than five people ("under 5" in Danish).
HIDDEN = str(UNDER_FIVE)


@pytest.fixture(autouse=True)
def _june_2026():
    with time_machine.travel(NOW, tick=False):
        yield


def _slot(member, starts_at, *, minutes=15, status=SlotStatus.FREE) -> Slot:
    local = starts_at.astimezone(COPENHAGEN)
    return Slot.objects.create(
        volunteer=member,
        programme=member.programme,
        volunteer_user=member.user,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=minutes),
        local_weekday=local.weekday(),
        local_hour=local.hour,
        channels=["video", "phone"],
        languages=" da ",
        status=status,
    )


def _talk(member, person, starts_at, status=BookingStatus.HELD, *, minutes=15, cancelled_by=None) -> Booking:
    slot = _slot(member, starts_at, minutes=minutes, status=SlotStatus.BOOKED)
    return Booking.objects.create(
        slot=slot,
        citizen=person,
        volunteer_user=member.user,
        programme=member.programme,
        citizen_municipality=person.municipality,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        channel="video",
        status=status,
        cancelled_by=cancelled_by,
        cancelled_at=starts_at if cancelled_by else None,
    )


def _at(day: int, month: int, hour: int = 19, year: int = 2026) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, 0, tzinfo=COPENHAGEN)


@pytest.fixture
def snak():
    return ProgrammeFactory(name="Snak sammen (test)", slug="snak-test")


@pytest.fixture
def volunteers(snak, kolding):
    return [volunteer(citizen("Kolding"), snak) for _ in range(3)]


@pytest.fixture
def herning_citizens(herning):
    return [citizen("Herning", display_name=f"Borger {n}") for n in range(6)]


def _section(report, programme):
    return next(section for section in report.programmes if section.programme == programme)


def _month(section, month: int):
    return next(row for row in section.months if row.month == datetime.date(2026, month, 1))


@pytest.mark.django_db
def test_talks_by_month_count_held_no_shows_cancellations_hours_and_people_and_hide_what_comes_from_few(
    herning, snak, volunteers, herning_citizens, ole_in_kolding
):
    one, two, three = volunteers
    c = herning_citizens
    # March: six talks held with five citizens and three volunteers.
    for n, person in enumerate([c[0], c[0], c[1], c[2], c[3], c[4]]):
        _talk([one, two, three][n % 3], person, _at(2 + n, 3))
    # April: two talks with two citizens – too few to show.
    _talk(one, c[0], _at(6, 4))
    _talk(two, c[1], _at(7, 4))
    # May: eight talks with six citizens (half an hour each), five no-shows, two cancelled by citizens, one by a
    # volunteer (when they took a break).
    for n, person in enumerate([c[0], c[0], c[1], c[1], c[2], c[3], c[4], c[5]]):
        _talk([one, two, three][n % 3], person, _at(1 + n, 5), minutes=30)
    for n, person in enumerate(c[:5]):
        _talk(one, person, _at(11 + n, 5, hour=10), BookingStatus.NO_SHOW)
    _talk(two, c[0], _at(20, 5), BookingStatus.CANCELLED, cancelled_by=c[0])
    _talk(two, c[1], _at(21, 5), BookingStatus.CANCELLED, cancelled_by=c[1])
    _talk(three, c[2], _at(22, 5), BookingStatus.CANCELLED, cancelled_by=three.user)
    # Not counted: a citizen of Kolding, and a talk before the twelve months.
    _talk(one, ole_in_kolding, _at(9, 5))
    for n in range(5):
        _talk(one, c[n], _at(1 + n, 6, year=2025))

    section = _section(talk_figures(herning), snak)

    assert [row.month for row in section.months] == [
        datetime.date(2025 + (m > 12), (m - 1) % 12 + 1, 1) for m in range(7, 19)
    ]
    may = _month(section, 5)
    assert (may.held.value, str(may.held), str(may.citizens), str(may.volunteers)) == (8, "8", "6", HIDDEN)
    assert str(may.hours) == "4,0"
    assert str(may.no_shows) == "5"
    assert may.cancelled_by_citizen.hidden and str(may.cancelled_by_citizen) == HIDDEN
    assert may.cancelled_by_volunteer.hidden
    april = _month(section, 4)
    assert april.held.hidden and april.hours.hidden and str(april.citizens) == HIDDEN
    # April alone hidden could be worked out from the total, so the smallest other month is hidden as well.
    march = _month(section, 3)
    assert march.held.hidden and march.held.value == 6 and march.hours.hidden
    assert str(march.citizens) == "5"
    assert str(_month(section, 2).held) == "0"

    total = section.total
    assert (str(total.held), str(total.citizens), str(total.volunteers)) == ("16", "6", HIDDEN)
    assert str(total.hours) == "6,0"  # 6 × 15 + 2 × 15 + 8 × 30 minutes
    assert str(total.no_shows) == "5"
    assert total.cancelled_by_citizen.hidden and total.cancelled_by_volunteer.hidden


@pytest.mark.django_db
def test_supply_is_national_demand_is_the_municipalitys_own_and_a_weekday_from_one_citizen_is_hidden(
    herning, snak, volunteers, herning_citizens, ole_in_kolding
):
    one, two, three = volunteers
    c = herning_citizens
    # Monday 4 May 17.00: ten slots, six booked by six citizens of Herning.
    for n in range(10):
        member = volunteers[n % 3]
        start = _at(4, 5, hour=17) + datetime.timedelta(days=7 * (n // 3))
        if n < 6:
            _talk(member, c[n], start)
        else:
            _slot(member, start)
    # Tuesday 10.00: four slots, one booked from Herning, one from Kolding.
    _talk(one, c[0], _at(5, 5, hour=10))
    _talk(two, ole_in_kolding, _at(5, 5, hour=10))
    _slot(three, _at(5, 5, hour=10))
    _slot(one, _at(12, 5, hour=10))
    # Wednesday 19.00: one free slot and one withdrawn before anybody booked it (not counted).
    _slot(one, _at(6, 5, hour=19))
    _slot(two, _at(6, 5, hour=19), status=SlotStatus.WITHDRAWN)
    # Thursday 12.00: five slots booked by five citizens of Herning.
    for n in range(5):
        _talk(volunteers[n % 3], c[n], _at(7, 5, hour=12) + datetime.timedelta(days=7 * (n // 3)))
    # Searches that found nothing: three from Herning for Tuesday mornings, two for any evening, one for
    # anything; one from Kolding (not counted) and one in another programme.
    for _ in range(3):
        UnmetSearch.objects.create(programme=snak, municipality=herning, weekday=1, time_of_day=TimeOfDay.MORNING)
    for _ in range(2):
        UnmetSearch.objects.create(programme=snak, municipality=herning, time_of_day=TimeOfDay.EVENING)
    UnmetSearch.objects.create(programme=snak, municipality=herning)
    UnmetSearch.objects.create(programme=snak, municipality=ole_in_kolding.municipality, weekday=1)
    UnmetSearch.objects.create(programme=ProgrammeFactory(slug="anden"), municipality=herning, weekday=1)

    section = _section(talk_figures(herning), snak)

    def row(rows, label):
        found = next(r for r in rows if r.label == label)
        return (str(found.offered), str(found.booked), str(found.booked_here), str(found.unmet))

    assert row(section.weekdays, "Mandag") == ("10", "6", "6", "0")
    # One citizen's booking is hidden; so is the next smallest day (Thursday), which the total would give away.
    assert row(section.weekdays, "Tirsdag") == ("4", "2", HIDDEN, "3")
    assert row(section.weekdays, "Onsdag") == ("1", "0", "0", "0")
    assert row(section.weekdays, "Torsdag") == ("5", "5", HIDDEN, "0")
    assert str(section.unmet_any_day) == "3"
    shares = {r.label: (str(r.offered_share), str(r.demand_share)) for r in section.weekdays}
    # 20 slots in the week; demand is 12 bookings from Herning + 3 searches for a particular day.
    assert shares["Mandag"] == ("50", "40")
    assert shares["Tirsdag"] == ("20", HIDDEN)
    assert shares["Torsdag"] == ("25", HIDDEN)
    assert shares["Fredag"] == ("0", "0")

    hours = {r.label: (str(r.offered), str(r.booked), str(r.booked_here)) for r in section.hours}
    assert hours == {
        "10:00–11:00": ("4", "2", HIDDEN),
        "12:00–13:00": ("5", "5", HIDDEN),
        "17:00–18:00": ("10", "6", "6"),
        "19:00–20:00": ("1", "0", "0"),
    }
    times = {r.label: (str(r.offered) if r.offered else None, str(r.unmet)) for r in section.times_of_day}
    assert times == {
        str(TimeOfDay.MORNING.label): ("4", "3"),
        str(TimeOfDay.AFTERNOON.label): ("5", "0"),
        str(TimeOfDay.EVENING.label): ("11", "2"),
        str(ANY_TIME): (None, "1"),
    }


# --- The page -------------------------------------------------------------------------------------------------


def _page(client, user) -> str:
    log_in_with_second_factor(client, user)
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_herning_coordinator_sees_herning_figures_in_tables_with_captions_and_a_chart_beside_them(
    client, coordinator_in_herning, snak, volunteers, herning_citizens
):
    for n, person in enumerate(herning_citizens):
        _talk(volunteers[n % 3], person, _at(4 + 7 * (n % 4), 5, hour=17))

    page = _page(client, coordinator_in_herning)

    assert page.count("<h1") == 1 and "Herning" in page
    assert "Snak sammen (test)" in page
    # Six talks held in May with six citizens; the volunteers are too few to count.
    mine = page.split(f'id="programme-{snak.pk}"', 1)[1]
    may = re.search(r"<th scope=\"row\">Maj 2026</th>(.*?)</tr>", mine, re.S).group(1)
    cells = re.findall(r"<td>(.*?)</td>", may)
    assert cells[:4] == ["6", "6", HIDDEN, "1,5"]
    # Every table has a caption and every header cell a scope; the chart is an image with a name and a
    # description, drawn without inline style.
    assert page.count("<table") == page.count("<caption ") >= 4
    assert re.findall(r"<th(?=[ >])(?![^>]*scope=)[^>]*>", page) == []
    assert re.search(r'<svg viewBox="[^"]+" width="100%" role="img"[^>]*aria-labelledby="chart-\d+-title', page)
    assert '<title id="chart-' in page and '<desc id="chart-' in page
    assert "style=" not in page.split("<main", 1)[1]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["coordinator_in_kolding", "moderator_in_herning", "karen_in_herning"])
def test_the_figures_do_not_exist_for_anyone_but_herning_coordinators(client, request, who, coordinator_in_herning):
    person = request.getfixturevalue(who)
    log_in_with_second_factor(client, person)
    assert client.get(URL).status_code == 404


@pytest.mark.django_db
def test_a_visitor_who_is_not_logged_in_is_sent_to_log_in_and_sees_no_figures(client, coordinator_in_herning):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/konto/login/")


@pytest.mark.django_db
def test_a_coordinator_without_the_second_factor_sees_no_figures(client, coordinator_in_herning):
    client.force_login(coordinator_in_herning)
    assert client.get(URL).status_code in (302, 404)


def _count_queries(client) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(URL).status_code == 200
    return len(context.captured_queries)


@pytest.mark.django_db
def test_the_figures_cost_the_same_queries_at_a_few_talks_and_at_many(
    client, coordinator_in_herning, herning, snak, volunteers, herning_citizens
):
    log_in_with_second_factor(client, coordinator_in_herning)
    _talk(volunteers[0], herning_citizens[0], _at(4, 5))
    few = _count_queries(client)

    sprogven = ProgrammeFactory(name="Sprogven (test)", slug="sprogven-test", language_filter=True)
    more = [volunteer(citizen("Kolding"), sprogven) for _ in range(2)]
    statuses = [BookingStatus.HELD, BookingStatus.NO_SHOW, BookingStatus.CANCELLED, BookingStatus.BOOKED]
    for month in range(1, 7):
        for n, person in enumerate(herning_citizens):
            member = (volunteers + more)[(n + month) % 5]
            status = statuses[n % 4]
            _talk(member, person, _at(1 + n, month, hour=8 + n), status, cancelled_by=person if n % 4 == 2 else None)
            UnmetSearch.objects.create(programme=member.programme, municipality=herning, weekday=n % 7)
    many = _count_queries(client)

    assert many == few
    assert "Sprogven (test)" in client.get(URL).content.decode()


@pytest.mark.django_db
def test_a_talk_booked_and_marked_held_through_the_services_is_counted(herning, snak, volunteers, karen_in_herning):
    member = volunteers[0]
    (slot,) = services.add_slots(
        by=member.user, volunteer=member, day=datetime.date(2026, 6, 16), starts=datetime.time(19), channels=["video"]
    )
    booking = services.book(citizen=karen_in_herning, slot=slot, channel="video")
    with time_machine.travel(slot.starts_at + datetime.timedelta(minutes=20), tick=False):
        services.settle(by=member.user, booking=booking, outcome=BookingStatus.HELD)

    june = _month(_section(talk_figures(herning), snak), 6)
    # One talk with one citizen: counted, and shown as "under 5".
    assert june.held.value == 1 and june.held.hidden and june.hours.value == 0.25


@pytest.mark.django_db
def test_the_national_supply_is_counted_again_when_its_ten_minutes_in_the_cache_are_over(herning, snak, volunteers):
    def offered_on_tuesdays() -> str:
        section = _section(talk_figures(herning), snak)
        return str(next(row for row in section.weekdays if row.label == "Tirsdag").offered)

    _slot(volunteers[0], _at(2, 6))  # Tuesday 2 June
    assert offered_on_tuesdays() == "1"
    _slot(volunteers[1], _at(9, 6))  # another Tuesday
    assert offered_on_tuesdays() == "1"  # from the cache
    with time_machine.travel(NOW + datetime.timedelta(minutes=11), tick=False):
        assert offered_on_tuesdays() == "2"
