"""Granting and revoking staff roles: the one way a role changes, from the platform administration or a
municipality's own administrators, each change an audit row in the same transaction."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from sammen.access.permissions import Permission, check_permission
from sammen.audit import services as audit
from sammen.core.errors import SammenError
from sammen.municipalities.models import Municipality, StaffMembership, StaffRole

ERRORS = {
    "not_allowed": _("You may not change the staff of this municipality."),
    "already": _("The person already has this role in the municipality."),
    "unknown_role": _("Choose one of the staff roles."),
}


def _check_may_manage_staff(by, municipality: Municipality) -> None:
    check_permission(by, Permission.MANAGE_STAFF, municipality, refusal=ERRORS["not_allowed"])


def grant_role(*, user, municipality: Municipality, role: str, by) -> StaffMembership:
    _check_may_manage_staff(by, municipality)
    if role not in StaffRole.values:
        raise SammenError(ERRORS["unknown_role"])
    try:
        with transaction.atomic():
            membership = StaffMembership.objects.create(user=user, municipality=municipality, role=role)
            audit.record(
                action="access.role.granted",
                actor=by,
                obj=membership,
                data_subject=user,
                municipality=municipality,
                details={"role": role},
            )
    except IntegrityError as error:
        raise SammenError(ERRORS["already"]) from error
    return membership


def revoke_role(*, membership: StaffMembership, by) -> None:
    _check_may_manage_staff(by, membership.municipality)
    with transaction.atomic():
        audit.record(
            action="access.role.revoked",
            actor=by,
            obj=membership,
            data_subject=membership.user_id,
            municipality=membership.municipality_id,
            details={"role": membership.role},
        )
        membership.delete()
