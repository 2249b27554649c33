"""The 98 municipalities, their participation over time, and object-level staff permissions."""

import datetime

import pytest

from sammen.access.permissions import Permission, has_permission, municipalities_with_permission
from sammen.audit.models import AuditEntry
from sammen.core.errors import SammenError
from sammen.municipalities.models import Municipality, StaffRole
from sammen.staff import services
from tests.factories import citizen, municipality, participating, staff
from tests.helpers import log_in_with_second_factor

pytestmark = pytest.mark.django_db


def test_all_98_municipalities_are_loaded_with_official_codes_and_regions():
    assert Municipality.objects.count() == 98
    herning = Municipality.objects.get(code="657")
    assert (herning.name, herning.region_name) == ("Herning", "Region Midtjylland")
    assert Municipality.objects.get(code="101").name == "København"
    assert Municipality.objects.get(name="Ærø").slug == "aeroe"
    assert Municipality.objects.filter(region_code="1081").count() == 11  # Region Nordjylland


def test_participation_follows_the_periods(platform_administrator):
    herning = participating("Herning", since=datetime.date(2020, 1, 1))
    services.end_participation(municipality=herning, by=platform_administrator, ends_on=datetime.date(2025, 12, 31))
    assert herning.participates_on(datetime.date(2025, 12, 31))
    assert not herning.participates_on(datetime.date(2026, 1, 1))
    assert not herning.participates_on(datetime.date(2019, 12, 31))
    participating_now = set(
        Municipality.objects.participating(datetime.date(2024, 6, 1)).values_list("name", flat=True)
    )
    assert participating_now == {"Herning"}
    assert AuditEntry.objects.filter(action="municipalities.participation.ended").count() == 1


def test_participation_cannot_end_before_it_started_or_start_twice(platform_administrator):
    herning = participating("Herning", since=datetime.date(2020, 1, 1))
    with pytest.raises(SammenError, match="Deltagelsen kan ikke slutte, før den er begyndt"):
        services.end_participation(municipality=herning, by=platform_administrator, ends_on=datetime.date(2019, 1, 1))
    with pytest.raises(SammenError, match="allerede"):
        services.start_participation(
            municipality=herning, by=platform_administrator, starts_on=datetime.date(2024, 1, 1)
        )
    assert herning.participation_periods.get().ends_on is None


def test_roles_count_only_in_their_own_municipality(moderator_in_herning, platform_administrator):
    herning, kolding = municipality("Herning"), municipality("Kolding")
    assert has_permission(moderator_in_herning, Permission.MODERATE, herning)
    assert not has_permission(moderator_in_herning, Permission.MODERATE, kolding)
    assert not has_permission(moderator_in_herning, Permission.EDIT_MUNICIPALITY, herning)
    assert list(municipalities_with_permission(moderator_in_herning, Permission.MODERATE)) == [herning]
    assert not has_permission(citizen(), Permission.OPEN_STAFF_AREA, herning)
    assert has_permission(platform_administrator, Permission.EDIT_MUNICIPALITY, kolding)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (
            StaffRole.COORDINATOR,
            {
                Permission.OPEN_STAFF_AREA,
                Permission.VIEW_CITIZEN_DATA,
                Permission.MANAGE_COMMUNITY,
                Permission.MANAGE_VOLUNTEERS,
                Permission.ENROL_CITIZENS,
                Permission.VIEW_STATISTICS,
            },
        ),
        (StaffRole.OUTREACH, {Permission.OPEN_STAFF_AREA, Permission.ENROL_CITIZENS}),
        (StaffRole.REFERRER, {Permission.OPEN_STAFF_AREA, Permission.REFER_CITIZENS}),
        (StaffRole.JOB_CONSULTANT, {Permission.OPEN_STAFF_AREA, Permission.GUIDE_JOBSEEKERS}),
        (StaffRole.MODERATOR, {Permission.OPEN_STAFF_AREA, Permission.MODERATE, Permission.VIEW_CITIZEN_DATA}),
        (StaffRole.ANALYST, {Permission.OPEN_STAFF_AREA, Permission.VIEW_STATISTICS}),
        (
            StaffRole.ADMINISTRATOR,
            {
                Permission.OPEN_STAFF_AREA,
                Permission.EDIT_MUNICIPALITY,
                Permission.MANAGE_STAFF,
                Permission.MANAGE_COMMUNITY,
                Permission.VIEW_STATISTICS,
            },
        ),
    ],
)
def test_what_each_role_may_do(role, allowed):
    member = staff(role, "Herning")
    herning = municipality("Herning")
    assert {p for p in Permission if has_permission(member, p, herning)} == allowed


def test_administrator_edits_population_and_accessibility_statement(client, administrator_in_herning):
    log_in_with_second_factor(client, administrator_in_herning)
    before_email = municipality("Herning").contact_email
    response = client.post(
        "/personale/kommune/657/",
        {
            "population_over_14": "73800",
            "population_year": "2021",
            "accessibility_statement_url": "https://was.digst.dk/herning-dk",
            "contact_email": "sammen@herning.dk",
            "contact_phone": "96 28 28 28",
            "website": "https://www.herning.dk",
        },
        follow=True,
    )
    assert response.status_code == 200
    herning = municipality("Herning")
    assert herning.population_over_14 == 73800
    entry = AuditEntry.objects.get(action="municipalities.details.changed", municipality_id=herning.pk)
    # The row holds what was there before and what came instead (the form must not overwrite the "before").
    assert entry.details["changed"]["contact_email"] == [before_email, "sammen@herning.dk"]
    assert entry.details["changed"]["population_over_14"][1] == "73800"


def test_footer_links_the_citizens_own_accessibility_statement(client):
    herning = municipality("Herning")
    herning.accessibility_statement_url = "https://was.digst.dk/herning-dk"
    herning.save()
    client.force_login(citizen("Herning"))
    page = client.get("/").content.decode()
    assert '<a href="https://was.digst.dk/herning-dk">Tilgængelighedserklæring</a>' in page


def test_anonymous_footer_links_the_list_of_statements(client):
    page = client.get("/").content.decode()
    assert '<a href="/tilgaengelighed/">Tilgængelighedserklæring</a>' in page


def test_a_moderator_cannot_edit_the_municipality(client, moderator_in_herning):
    log_in_with_second_factor(client, moderator_in_herning)
    assert client.get("/personale/kommune/657/").status_code == 404
    response = client.post("/personale/kommune/657/", {"population_over_14": "1", "population_year": "2021"})
    assert response.status_code == 404
    herning = municipality("Herning")
    assert herning.population_over_14 is None and herning.population_year is None
    assert not AuditEntry.objects.filter(action="municipalities.details.changed").exists()
