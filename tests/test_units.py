"""Municipal units (e.g. "Sundhed og Ældre"): a coordinator creates, edits and deactivates them; other roles and
other municipalities cannot."""

import pytest

from sammen.access.organisers import managed_units, may_act_for
from sammen.audit.models import AuditEntry
from sammen.core.errors import SammenError
from sammen.municipalities.models import MunicipalUnit
from sammen.staff import services
from tests.factories import MunicipalUnitFactory, municipality
from tests.helpers import log_in_with_second_factor

pytestmark = pytest.mark.django_db

HERNING = "657"
UNITS = f"/personale/kommune/{HERNING}/enheder/"


def unit_data(**overrides) -> dict:
    data = {
        "name": "Sundhed og Ældre",
        "description": "Aktiviteter for ældre borgere.",
        "contact_email": "sundhed@herning.dk",
        "contact_phone": "",
        "website": "",
    }
    data.update(overrides)
    return data


def test_a_coordinator_creates_edits_deactivates_and_reactivates_a_unit(client, coordinator_in_herning):
    log_in_with_second_factor(client, coordinator_in_herning)
    response = client.post(UNITS, unit_data(), follow=True)
    assert "Enheden Sundhed og Ældre er oprettet." in response.content.decode()
    unit = MunicipalUnit.objects.get()
    assert unit.municipality == municipality("Herning") and unit.active
    assert may_act_for(coordinator_in_herning, unit=unit)
    assert list(managed_units(coordinator_in_herning)) == [unit]

    response = client.post(f"{UNITS}{unit.pk}/", unit_data(name="Sundhed, Omsorg og Ældre"), follow=True)
    assert "Enheden er gemt." in response.content.decode()
    unit.refresh_from_db()
    assert unit.name == "Sundhed, Omsorg og Ældre"

    response = client.post(f"{UNITS}{unit.pk}/aktiv/", {"active": "0"}, follow=True)
    assert "Enheden Sundhed, Omsorg og Ældre er deaktiveret." in response.content.decode()
    unit.refresh_from_db()
    assert not unit.active
    assert not may_act_for(coordinator_in_herning, unit=unit)
    assert "Deaktiveret" in client.get(UNITS).content.decode()

    client.post(f"{UNITS}{unit.pk}/aktiv/", {"active": "1"})
    unit.refresh_from_db()
    assert unit.active
    actions = set(AuditEntry.objects.filter(actor_id=coordinator_in_herning.pk).values_list("action", flat=True))
    assert {
        "municipalities.unit.created",
        "municipalities.unit.changed",
        "municipalities.unit.deactivated",
        "municipalities.unit.activated",
    } <= actions


def test_a_unit_name_already_used_in_the_municipality_is_refused(client, coordinator_in_herning):
    log_in_with_second_factor(client, coordinator_in_herning)
    client.post(UNITS, unit_data())
    page = client.post(UNITS, unit_data(name="sundhed og ældre", description="Igen")).content.decode()
    assert "Herning Kommune har allerede en enhed, der hedder “sundhed og ældre”." in page
    assert 'value="sundhed og ældre"' in page
    assert MunicipalUnit.objects.count() == 1


def test_a_cpr_number_in_a_unit_is_refused(client, coordinator_in_herning):
    log_in_with_second_factor(client, coordinator_in_herning)
    page = client.post(UNITS, unit_data(description="Kontakt 010170-1234")).content.decode()
    assert "ligner et CPR-nummer" in page
    assert not MunicipalUnit.objects.exists()


@pytest.mark.parametrize("field", ["name", "contact_phone", "contact_email"])
def test_a_cpr_number_in_any_text_of_a_unit_is_refused_on_creating_and_editing(client, field, coordinator_in_herning):
    log_in_with_second_factor(client, coordinator_in_herning)
    value = {"name": "Sundhed 010170-1234", "contact_phone": "010170-1234", "contact_email": "0101701234@herning.dk"}
    page = client.post(UNITS, unit_data(**{field: value[field]})).content.decode()
    assert "ligner et CPR-nummer" in page
    assert not MunicipalUnit.objects.exists()
    unit = MunicipalUnitFactory(name="Sundhed og Ældre")
    page = client.post(f"{UNITS}{unit.pk}/", unit_data(**{field: value[field]})).content.decode()
    assert "ligner et CPR-nummer" in page
    unit.refresh_from_db()
    assert (unit.name, unit.contact_phone, unit.contact_email) == ("Sundhed og Ældre", "", "")


def test_a_moderator_cannot_manage_units(client, moderator_in_herning):
    unit = MunicipalUnitFactory(name="Sundhed og Ældre")
    log_in_with_second_factor(client, moderator_in_herning)
    assert client.get(UNITS).status_code == 404
    assert client.post(UNITS, unit_data(name="Kultur")).status_code == 404
    assert client.post(f"{UNITS}{unit.pk}/", unit_data(name="Kapret")).status_code == 404
    assert client.post(f"{UNITS}{unit.pk}/aktiv/", {"active": "0"}).status_code == 404
    unit.refresh_from_db()
    assert unit.name == "Sundhed og Ældre" and unit.active
    assert MunicipalUnit.objects.count() == 1
    with pytest.raises(SammenError):
        services.create_unit(
            municipality=municipality("Herning"), by=moderator_in_herning, fields=unit_data(name="Kultur")
        )
    assert list(MunicipalUnit.objects.values_list("name", flat=True)) == ["Sundhed og Ældre"]
    assert not AuditEntry.objects.filter(action__startswith="municipalities.unit.").exists()


def test_a_coordinator_of_another_municipality_cannot_see_or_change_the_units(client, coordinator_in_kolding):
    unit = MunicipalUnitFactory(name="Sundhed og Ældre")
    log_in_with_second_factor(client, coordinator_in_kolding)
    assert client.get(UNITS).status_code == 404
    # The unit's own municipality in the path is checked too: Kolding's path cannot reach Herning's unit.
    assert client.post(f"/personale/kommune/621/enheder/{unit.pk}/", unit_data(name="Kapret")).status_code == 404
    assert client.post(f"/personale/kommune/621/enheder/{unit.pk}/aktiv/", {"active": "0"}).status_code == 404
    unit.refresh_from_db()
    assert unit.name == "Sundhed og Ældre" and unit.active
    assert not AuditEntry.objects.filter(action__startswith="municipalities.unit.").exists()


def test_an_administrator_manages_units_too(client, administrator_in_herning):
    log_in_with_second_factor(client, administrator_in_herning)
    client.post(UNITS, unit_data(name="Kultur og Fritid"))
    assert MunicipalUnit.objects.filter(name="Kultur og Fritid").exists()
