"""The access package: roles are granted and revoked only through its services (also from the admin), each
change logged; a refusal changes nothing; and the locking API refuses to run where it would protect nothing."""

import pytest
from django.db import transaction

from sammen.access import services
from sammen.access.permissions import Permission, has_permission, staff_with_permission
from sammen.activities.models import Occurrence
from sammen.audit.models import AuditEntry
from sammen.core.errors import SammenError
from sammen.core.locking import NotInTransaction, locked
from sammen.municipalities.models import StaffMembership, StaffRole
from tests.factories import citizen, municipality, platform_admin, staff
from tests.helpers import log_in_with_second_factor

pytestmark = pytest.mark.django_db


def test_a_municipal_administrator_grants_and_revokes_a_role_in_their_own_municipality_with_audit_rows():
    administrator = staff(StaffRole.ADMINISTRATOR, "Herning")
    person = citizen("Herning")
    membership = services.grant_role(
        user=person, municipality=municipality("Herning"), role=StaffRole.MODERATOR, by=administrator
    )
    assert has_permission(person, Permission.MODERATE, municipality("Herning"))
    granted = AuditEntry.objects.get(action="access.role.granted")
    assert (granted.actor_id, granted.data_subject_id, granted.details) == (
        administrator.pk,
        person.pk,
        {"role": "moderator"},
    )
    services.revoke_role(membership=membership, by=administrator)
    assert not StaffMembership.objects.filter(user=person).exists()
    assert AuditEntry.objects.filter(action="access.role.revoked", data_subject_id=person.pk).exists()


@pytest.mark.parametrize("who", ["coordinator_here", "administrator_elsewhere", "citizen"])
def test_nobody_else_may_grant_a_role_and_a_refusal_changes_nothing(who):
    by = {
        "coordinator_here": lambda: staff(StaffRole.COORDINATOR, "Herning"),
        "administrator_elsewhere": lambda: staff(StaffRole.ADMINISTRATOR, "Kolding"),
        "citizen": lambda: citizen("Herning"),
    }[who]()
    person = citizen("Herning")
    before = (StaffMembership.objects.count(), AuditEntry.objects.count())
    with pytest.raises(SammenError):
        services.grant_role(user=person, municipality=municipality("Herning"), role=StaffRole.ADMINISTRATOR, by=by)
    assert (StaffMembership.objects.count(), AuditEntry.objects.count()) == before


def test_granting_the_same_role_twice_is_refused_with_a_message():
    admin = platform_admin()
    person = citizen()
    services.grant_role(user=person, municipality=municipality("Herning"), role=StaffRole.ANALYST, by=admin)
    with pytest.raises(SammenError, match="allerede"):
        services.grant_role(user=person, municipality=municipality("Herning"), role=StaffRole.ANALYST, by=admin)
    assert StaffMembership.objects.filter(user=person).count() == 1


def test_the_platform_administration_grants_and_revokes_roles_through_the_services(client):
    admin = platform_admin()
    person = citizen(email="ny.moderator@herning.dk")
    log_in_with_second_factor(client, admin)
    response = client.post(
        "/platform-admin/municipalities/staffmembership/add/",
        {"user": person.pk, "municipality": municipality("Herning").pk, "role": StaffRole.MODERATOR},
    )
    assert response.status_code == 302
    membership = StaffMembership.objects.get(user=person)
    granted = AuditEntry.objects.filter(action="access.role.granted", actor_id=admin.pk, data_subject_id=person.pk)
    assert granted.exists()
    response = client.post(
        f"/platform-admin/municipalities/staffmembership/{membership.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not StaffMembership.objects.filter(user=person).exists()
    assert AuditEntry.objects.filter(action="access.role.revoked", data_subject_id=person.pk).exists()


def test_reviewers_are_the_active_holders_of_the_permission_in_the_municipality():
    coordinator = staff(StaffRole.COORDINATOR, "Herning")
    administrator = staff(StaffRole.ADMINISTRATOR, "Herning")
    staff(StaffRole.MODERATOR, "Herning")
    staff(StaffRole.COORDINATOR, "Kolding")
    staff(StaffRole.COORDINATOR, "Herning", is_active=False)
    holders = staff_with_permission(Permission.MANAGE_COMMUNITY, municipality("Herning"))
    assert list(holders) == [coordinator, administrator]


@pytest.mark.django_db(transaction=True)  # the ordinary test database wraps every test in a transaction
def test_the_locking_api_refuses_to_run_outside_a_transaction():
    with pytest.raises(NotInTransaction):
        with locked(Occurrence, [1]):
            pass
    with transaction.atomic(), locked(Occurrence, [3, 1, 2]):
        pass  # inside a transaction it takes the locks (in sorted order) and lets the block run
