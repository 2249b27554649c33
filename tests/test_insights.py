"""The status report (insights): a committee's figures from live data, small numbers hidden, exports, access."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from sammen.bubbles.models import CrossMunicipalityViewing
from sammen.core import report as registry
from sammen.core.calendar import COPENHAGEN
from sammen.insights.figures import status_report
from sammen.insights.forms import default_period
from sammen.municipalities.models import Municipality
from sammen.search import services as search
from sammen.search.models import SearchTermCount
from tests.factories import (
    AssociationFactory,
    BubbleFactory,
    OccurrenceFactory,
    SignUpFactory,
    citizen,
    municipality,
    participating,
    staff,
)
from tests.helpers import log_in_with_second_factor, with_totp

pytestmark = pytest.mark.django_db

FIRST = datetime.date(2026, 1, 1)
LAST = datetime.date(2026, 6, 30)
COMPARED = datetime.date(2025, 6, 30)  # the comparison window is 1 January – 30 June 2025
PERIOD = {"fra": "2026-01-01", "til": "2026-06-30", "sammenlign": "2025-06-30"}


def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=COPENHAGEN)


def people(count: int, *, joined: datetime.date, born: datetime.date, where: str = "Herning") -> list:
    return [citizen(where, date_joined=at(joined), date_of_birth=born) for _ in range(count)]


def herning_data(times: int = 1) -> dict:
    """Herning's known data set (``times`` repeats it, for the query counts):

    - 6 citizens born 1950 joined in March 2025 (aged 76 at the end of the period, 75 at the comparison date);
    - 10 born 2000 joined on 10 February 2026 (26); 2 born 1980-07-01 (45) and 2 born 1935 (91) joined on
      5 March 2026;
    - 8 bubbles by 8 of the young ones on 1 April 2026, 6 answered; 5 bubbles by the 1950s on 1 May 2025, 4 answered;
    - 10 of the young ones looked at bubbles in March 2026, 7 of them also at other municipalities';
    - searches: motion 8, gåtur 7, strik 6, bridge 5, kor 5, yoga 5, sjælden 2.
    """
    herning = participating("Herning")
    Municipality.objects.filter(pk=herning.pk).update(population_over_14=1000 * times)
    groups = {}
    for _ in range(times):
        groups["older"] = people(6, joined=datetime.date(2025, 3, 1), born=datetime.date(1950, 1, 1))
        groups["young"] = people(10, joined=datetime.date(2026, 2, 10), born=datetime.date(2000, 1, 1))
        people(2, joined=datetime.date(2026, 3, 5), born=datetime.date(1980, 7, 1))
        people(2, joined=datetime.date(2026, 3, 5), born=datetime.date(1935, 1, 1))
        for n, author in enumerate(groups["young"][:8]):
            BubbleFactory(
                author=author,
                created_at=at(datetime.date(2026, 4, 1)),
                answered_at=at(datetime.date(2026, 4, 2)) if n < 6 else None,
            )
        for n, author in enumerate(groups["older"][:5]):
            BubbleFactory(
                author=author,
                created_at=at(datetime.date(2025, 5, 1)),
                answered_at=at(datetime.date(2025, 5, 2)) if n < 4 else None,
            )
        for n, viewer in enumerate(groups["young"]):
            CrossMunicipalityViewing.objects.create(
                user=viewer, municipality=herning, month=datetime.date(2026, 3, 1), viewed_other=n < 7
            )
        for term, count in {
            "motion": 8,
            "gåtur": 7,
            "strik": 6,
            "bridge": 5,
            "kor": 5,
            "yoga": 5,
            "sjælden": 2,
        }.items():
            for _ in range(count):
                search.record_search_term(term=term, municipality=herning, day=datetime.date(2026, 5, 1))
    return groups


def analyst(where: str = "Herning"):
    person = staff("analyst", where)
    with_totp(person)
    return person


def rows_of(report, key: str) -> dict:
    section = report.section(key)
    return {str(row.label): row for row in section.rows}


def shown(row) -> tuple[str, str | None]:
    return str(row.value), None if row.compared is None else str(row.compared)


def herning_report():
    return status_report(municipality("Herning"), first=FIRST, last=LAST, compared=COMPARED)


# --- The figures a committee sees ------------------------------------------------------------------------------


def test_registered_citizens_their_share_over_14_and_the_growth():
    herning_data()
    staff("coordinator", "Herning")  # staff are not counted as citizens
    rows = rows_of(herning_report(), "citizens")
    assert shown(rows["Registrerede borgere, der bor i kommunen"]) == ("20", "6")
    assert shown(rows["Andel af borgerne over 14 år (%)"]) == ("2,0", "0,6")
    assert shown(rows["Vækst siden sammenligningsdatoen"]) == ("14", None)


def test_mean_age_at_the_end_of_the_period_and_at_the_comparison_date():
    herning_data()
    rows = rows_of(herning_report(), "use")
    # (6 × 76 + 10 × 26 + 2 × 45 + 2 × 91) / 20 = 49.4; at the comparison date only the six aged 75.
    assert shown(rows["Gennemsnitsalder for registrerede borgere"]) == ("49,4", "75,0")


def test_share_of_users_who_look_at_bubbles_in_other_municipalities():
    herning_data()
    rows = rows_of(herning_report(), "use")
    # 7 of the 10 who looked at bubbles in the period; nobody looked in the comparison window (0 people: 0).
    assert shown(rows["Andel af brugerne, der ser på bobler i andre kommuner (%)"]) == ("70,0", "0,0")


def test_bubbles_created_and_response_rate_with_the_comparison():
    herning_data()
    rows = rows_of(herning_report(), "bubbles")
    assert shown(rows["Oprettede bobler"]) == ("8", "5")
    assert shown(rows["Responsrate (%)"]) == ("75,0", "80,0")


def test_top_five_search_terms_leave_out_rare_ones():
    herning_data()
    section = herning_report().section("search_terms")
    assert [(row.label, str(row.value)) for row in section.rows] == [
        ("motion", "8"),
        ("gåtur", "7"),
        ("strik", "6"),
        ("bridge", "5"),
        ("kor", "5"),
    ]


def test_age_bands_hide_a_small_band_and_one_more_so_the_total_does_not_give_it_back():
    herning_data()
    rows = rows_of(herning_report(), "age_bands")
    # 30–64 has 2 and 85+ has 2: together 4, still fewer than 5, so the smallest shown band (65–84: 6) is hidden too.
    assert shown(rows["15–29"]) == ("10", "0")
    assert shown(rows["30–64"]) == ("under 5", "0")
    assert shown(rows["65–84"]) == ("under 5", "6")
    assert shown(rows["85+"]) == ("under 5", "0")
    assert shown(rows["Alle med en fødselsdato"]) == ("20", "6")


def test_growth_by_month_hides_a_small_month_and_its_complement():
    herning_data()
    report = herning_report()
    months = {row.month.month: str(row.joined) for row in report.months}
    # March has 4 new citizens; February's 10 is hidden too, or 14 − 10 would tell March's.
    assert months == {1: "0", 2: "under 5", 3: "under 5", 4: "0", 5: "0", 6: "0"}
    assert str(report.joined_in_period) == "14"


def test_a_figure_from_three_people_shows_under_five_and_so_do_its_share_and_rate():
    kolding = participating("Kolding")
    Municipality.objects.filter(pk=kolding.pk).update(population_over_14=500)
    authors = people(3, joined=datetime.date(2026, 2, 1), born=datetime.date(1990, 1, 1), where="Kolding")
    for author in authors:
        BubbleFactory(
            author=author, created_at=at(datetime.date(2026, 3, 1)), answered_at=at(datetime.date(2026, 3, 2))
        )
    report = status_report(municipality("Kolding"), first=FIRST, last=LAST, compared=COMPARED)
    citizens_rows, bubble_rows, use = rows_of(report, "citizens"), rows_of(report, "bubbles"), rows_of(report, "use")
    assert str(citizens_rows["Registrerede borgere, der bor i kommunen"].value) == "under 5"
    assert str(citizens_rows["Andel af borgerne over 14 år (%)"].value) == "under 5"
    assert str(citizens_rows["Vækst siden sammenligningsdatoen"].value) == "under 5"
    assert str(bubble_rows["Oprettede bobler"].value) == "under 5"
    assert str(bubble_rows["Responsrate (%)"].value) == "under 5"
    assert str(use["Gennemsnitsalder for registrerede borgere"].value) == "under 5"


def test_growth_is_hidden_with_one_more_figure_when_only_a_few_joined():
    kolding = participating("Kolding")
    people(8, joined=datetime.date(2025, 2, 1), born=datetime.date(1990, 1, 1), where="Kolding")
    people(3, joined=datetime.date(2026, 2, 1), born=datetime.date(1990, 1, 1), where="Kolding")
    rows = rows_of(status_report(kolding, first=FIRST, last=LAST, compared=COMPARED), "citizens")
    # 11 now, 8 then, growth 3: the growth is hidden, and so is the 8, or 11 − 8 would give it back.
    assert shown(rows["Registrerede borgere, der bor i kommunen"]) == ("11", "under 5")
    assert str(rows["Vækst siden sammenligningsdatoen"].value) == "under 5"


def test_without_a_population_figure_the_share_says_so_instead_of_a_number():
    participating("Kolding")
    rows = rows_of(status_report(municipality("Kolding"), first=FIRST, last=LAST, compared=COMPARED), "citizens")
    row = rows["Andel af borgerne over 14 år (%)"]
    assert row.value is None
    assert str(row.note) == "Der er endnu ikke indtastet et befolkningstal."


def test_programme_sections_count_their_own_data():
    herning = participating("Herning")
    occurrence = OccurrenceFactory(starts_at=at(datetime.date(2026, 5, 5)), activity__municipality=herning)
    for person in people(6, joined=datetime.date(2026, 1, 5), born=datetime.date(1990, 1, 1)):
        SignUpFactory(occurrence=occurrence, user=person)
    AssociationFactory(municipality=herning, created_at=at(datetime.date(2025, 1, 1)))
    report = herning_report()
    assert shown(rows_of(report, "activities")["Aktiviteter afholdt"]) == ("1", "0")
    assert shown(rows_of(report, "activities")["Tilmeldinger"]) == ("6", "0")
    assert shown(rows_of(report, "associations")["Foreninger med en profil"]) == ("1", "1")


def test_an_installed_programme_without_data_shows_zero():
    participating("Herning")
    report = herning_report()
    talks = rows_of(report, "talks")
    assert shown(talks["Snak sammen: samtaler holdt"]) == ("0", "0")
    assert shown(rows_of(report, "christmas")["Tilmeldte familier"]) == ("0", "0")
    assert shown(rows_of(report, "visits")["Aktive besøgsvenpar"]) == ("0", "0")
    assert shown(rows_of(report, "taskbank")["Opgaver"]) == ("0", "0")
    assert shown(rows_of(report, "offers")["Nye tilbud"]) == ("0", "0")


def test_the_sections_come_in_the_order_of_the_committees_report():
    participating("Herning")
    keys = [section.key for section in herning_report().sections]
    assert keys[:6] == ["citizens", "bubbles", "use", "age_bands", "search_terms", "talks"]
    assert {"christmas", "activities", "visits", "taskbank", "offers", "associations"} <= set(keys)


def test_a_programme_whose_app_is_not_installed_is_absent(settings):
    participating("Herning")
    landing = registry.register("later", title="Later", order=85, rows=lambda *args: [])
    try:
        # The rows function lives in this test module, which is in no installed app: like an app not installed.
        assert landing.key not in [section.key for section in herning_report().sections]
    finally:
        registry.unregister("later")


def test_the_comparison_table_shows_each_participating_municipalitys_totals():
    herning_data()
    participating("Kolding")
    people(7, joined=datetime.date(2026, 1, 10), born=datetime.date(1990, 1, 1), where="Kolding")
    people(9, joined=datetime.date(2026, 1, 10), born=datetime.date(1990, 1, 1), where="Aarhus")  # not taking part
    rows = {row.municipality.name: row for row in herning_report().comparison}
    assert set(rows) == {"Herning", "Kolding"}
    assert (str(rows["Herning"].citizens), str(rows["Herning"].share_over_14)) == ("20", "2,0")
    assert (str(rows["Herning"].bubbles), str(rows["Herning"].response_rate)) == ("8", "75,0")
    assert str(rows["Kolding"].citizens) == "7"
    assert rows["Kolding"].share_over_14 is None


def test_the_national_view_counts_all_of_denmark():
    herning_data()
    people(7, joined=datetime.date(2026, 1, 10), born=datetime.date(1990, 1, 1), where="Kolding")
    rows = rows_of(status_report(None, first=FIRST, last=LAST, compared=COMPARED), "citizens")
    assert shown(rows["Registrerede borgere, der bor i kommunen"]) == ("27", "6")
    # Only Herning entered a population figure: its 20 citizens of its 1,000.
    assert shown(rows["Andel af borgerne over 14 år (%)"]) == ("2,0", "0,6")


def test_the_report_costs_the_same_number_of_queries_with_twice_the_data():
    herning_data(1)
    with CaptureQueriesContext(connection) as once:
        herning_report()
    herning_data(1)
    with CaptureQueriesContext(connection) as twice:
        herning_report()
    assert len(once) == len(twice)
    assert len(once) <= 25  # the birth dates are read once for the mean age and the age bands


# --- The pages ---------------------------------------------------------------------------------------------------


def test_the_herning_analyst_opens_the_report_and_sees_the_figures(client):
    herning_data()
    log_in_with_second_factor(client, analyst())
    response = client.get("/personale/kommune/657/status/", PERIOD)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Statusrapport: Herning" in page
    for text in ("Registrerede borgere, der bor i kommunen", "Responsrate (%)", "75,0", "49,4", "motion", "under 5"):
        assert text in page
    order = [
        page.index(f'id="section-{key}"') for key in ("citizens", "growth", "bubbles", "use", "search_terms", "talks")
    ]
    assert order == sorted(order)


def test_the_charts_are_inline_svg_with_text_and_no_inline_style(client):
    herning_data()
    log_in_with_second_factor(client, analyst())
    page = client.get("/personale/kommune/657/status/", PERIOD).content.decode()
    start = page.index('<svg role="img" aria-labelledby="chart-age_bands-caption"')
    svg = page[start : page.index("</svg>", start)]
    assert "<text" in svg and "under 5" in svg and "15–29" in svg
    assert "style=" not in svg and "<style" not in svg
    assert 'id="chart-age_bands-caption"' in page


@pytest.mark.parametrize(
    "query",
    [
        {"fra": "2026-13-01", "til": "2026-06-30", "sammenlign": "2025-06-30"},
        {"fra": "99999999999999999999", "til": "2026-06-30", "sammenlign": "2025-06-30"},
        {"fra": "2026-01-01\x00", "til": "2026-06-30", "sammenlign": "2025-06-30"},
        {"fra": "2026-06-30", "til": "2026-01-01", "sammenlign": "2025-06-30"},
        {"fra": "1800-01-01", "til": "9999-12-31", "sammenlign": "0001-01-01"},
        {"fra": "2001-01-01", "til": "2026-06-30", "sammenlign": "2025-06-30"},
        {"fra": "", "til": "", "sammenlign": ""},
    ],
)
def test_bad_dates_give_a_danish_message_and_the_defaults(client, query):
    participating("Herning")
    log_in_with_second_factor(client, analyst())
    response = client.get("/personale/kommune/657/status/", query)
    assert response.status_code == 200
    assert "Vi kunne ikke bruge de datoer, du valgte" in response.content.decode()
    first, last, compared = default_period()
    report = response.context["report"]
    assert (report.first, report.last, report.compared) == (first, last, compared)
    assert client.get("/personale/kommune/657/status.csv", query).status_code == 200


def test_without_dates_the_report_shows_this_year_so_far_against_the_same_day_last_year(client):
    participating("Herning")
    log_in_with_second_factor(client, analyst())
    response = client.get("/personale/kommune/657/status/")
    today = timezone.localdate()
    report = response.context["report"]
    assert (report.first, report.last) == (today.replace(month=1, day=1), today)
    assert report.compared.year == today.year - 1
    assert "Vi kunne ikke bruge" not in response.content.decode()


def test_the_csv_holds_every_table_with_hidden_figures_as_under_five(client):
    herning_data()
    log_in_with_second_factor(client, analyst())
    response = client.get("/personale/kommune/657/status.csv", PERIOD)
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="status-herning-20260101-20260630.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert ["Oprettede bobler", "8", "5"] in rows
    assert ["Responsrate (%)", "75,0", "80,0"] in rows
    assert ["30–64", "under 5", "0"] in rows
    assert ["motion", "8", "–"] in rows
    assert ["Deltagende kommuner"] in rows


def test_the_xlsx_has_a_sheet_per_table_with_numbers_as_numbers(client):
    herning_data()
    log_in_with_second_factor(client, analyst())
    response = client.get("/personale/kommune/657/status.xlsx", PERIOD)
    workbook = load_workbook(io.BytesIO(response.content))
    assert {"Borgere på Sammen", "Bobler", "Top 5 søgeord", "Deltagende kommuner"} <= set(workbook.sheetnames)
    bubbles = [tuple(row) for row in workbook["Bobler"].iter_rows(min_row=4, values_only=True)]
    assert ("Oprettede bobler", 8, 5) in bubbles
    assert ("Responsrate (%)", 75.0, 80.0) in bubbles
    ages = [tuple(row) for row in workbook["Registrerede borgeres alder"].iter_rows(min_row=4, values_only=True)]
    assert ("65–84", "under 5", 6) in ages


def test_a_search_term_that_looks_like_a_formula_is_exported_as_text(client):
    herning = participating("Herning")
    # Straight into the counts (whatever the normalisation lets through): the export must not trust them.
    SearchTermCount.objects.create(day=datetime.date(2026, 5, 1), municipality=herning, term="=1+2", count=5)
    log_in_with_second_factor(client, analyst())
    workbook = load_workbook(io.BytesIO(client.get("/personale/kommune/657/status.xlsx", PERIOD).content))
    cell = workbook["Top 5 søgeord"]["A4"]
    assert (cell.value, cell.data_type) == ("'=1+2", "s")
    rows = list(
        csv.reader(
            io.StringIO(client.get("/personale/kommune/657/status.csv", PERIOD).content.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    assert ["'=1+2", "5", "–"] in rows


ALLOWED = ["analyst", "coordinator", "administrator"]
REFUSED = ["moderator", "outreach", "referrer", "job_consultant"]
PAGES = ["/personale/kommune/657/status/", "/personale/kommune/657/status.csv", "/personale/kommune/657/status.xlsx"]
NATIONAL = ["/personale/status/", "/personale/status.csv", "/personale/status.xlsx"]


@pytest.mark.parametrize("role", ALLOWED)
def test_analyst_coordinator_and_administrator_of_the_municipality_open_it(client, role):
    participating("Herning")
    person = staff(role, "Herning")
    log_in_with_second_factor(client, person)
    assert [client.get(page).status_code for page in PAGES] == [200, 200, 200]
    assert [client.get(page).status_code for page in NATIONAL] == [404, 404, 404]
    assert "/personale/kommune/657/status/" in client.get("/personale/").content.decode()


@pytest.mark.parametrize(("role", "where"), [(role, "Herning") for role in REFUSED] + [("analyst", "Kolding")])
def test_everyone_else_gets_404(client, role, where):
    participating("Herning")
    log_in_with_second_factor(client, staff(role, where))
    assert [client.get(page).status_code for page in PAGES + NATIONAL] == [404] * 6


def test_a_citizen_gets_404_and_the_signed_out_the_login_page(client):
    participating("Herning")
    for page in PAGES + NATIONAL:
        response = client.get(page)
        assert response.status_code == 302 and "/konto/" in response["Location"] or "login" in response["Location"]
    client.force_login(citizen("Herning"))
    assert [client.get(page).status_code for page in PAGES + NATIONAL] == [404] * 6


def test_an_analyst_who_has_not_passed_the_second_factor_is_asked_for_it(client):
    participating("Herning")
    client.force_login(analyst())
    response = client.get(PAGES[0])
    assert response.status_code == 302 and response["Location"].startswith("/konto/2fa/")


def test_the_platform_administrator_opens_the_national_view(client, platform_administrator):
    herning_data()
    log_in_with_second_factor(client, platform_administrator)
    response = client.get("/personale/status/", PERIOD)
    assert response.status_code == 200
    assert "Statusrapport: hele Danmark" in response.content.decode()
    assert client.get("/personale/status.xlsx", PERIOD).status_code == 200
    assert client.get(PAGES[0]).status_code == 200
    assert "/personale/status/" in client.get("/personale/").content.decode()


def test_the_page_costs_the_same_number_of_queries_with_twice_the_data(client, django_assert_max_num_queries):
    herning_data(1)
    log_in_with_second_factor(client, analyst())
    with CaptureQueriesContext(connection) as once:
        client.get("/personale/kommune/657/status/", PERIOD)
    herning_data(1)
    with CaptureQueriesContext(connection) as twice:
        client.get("/personale/kommune/657/status/", PERIOD)
    assert len(once) == len(twice)
    with django_assert_max_num_queries(len(once)):
        client.get("/personale/kommune/657/status.xlsx", PERIOD)
