"""The municipality's own use cases, done by its staff: its details, its participation, its municipal units.

Each checks the acting person's permission in that municipality (``sammen.access``)."""

import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from sammen.access.permissions import Permission, check_permission
from sammen.audit import services as audit
from sammen.core.errors import SammenError
from sammen.core.text_policy import check_text
from sammen.municipalities.models import Municipality, MunicipalUnit, ParticipationPeriod

ERRORS = {
    "already_participating": _(
        "The municipality already participates. End the current participation before starting a new one."
    ),
    "not_participating": _("The municipality does not participate, so its participation cannot end."),
    "end_before_start": _("Participation cannot end before it started (%(start)s)."),
    "not_allowed": _("Only the municipality's staff with that role can do that."),
    "unit_name_taken": _("%(municipality)s Municipality already has a unit called “%(name)s”."),
    "unit_already_inactive": _("The unit is already deactivated."),
    "unit_already_active": _("The unit is already active."),
}


DETAIL_FIELDS = [
    "population_over_14",
    "population_year",
    "accessibility_statement_url",
    "contact_email",
    "contact_phone",
    "website",
]
# What staff type (the population figures are numbers), checked by the text policy.
TEXT_FIELDS = ("accessibility_statement_url", "contact_email", "contact_phone", "website")


@transaction.atomic
def update_details(*, municipality: Municipality, by, changes: dict) -> Municipality:
    check_permission(by, Permission.EDIT_MUNICIPALITY, municipality.pk, refusal=ERRORS["not_allowed"])
    check_text({field: changes[field] for field in TEXT_FIELDS if field in changes})
    # The stored values, read under a lock: a model form has already written the new ones onto the object it got.
    municipality = Municipality.objects.select_for_update().get(pk=municipality.pk)
    old = {field: getattr(municipality, field) for field in changes}
    for field, value in changes.items():
        setattr(municipality, field, value)
    municipality.save(update_fields=list(changes))
    changed = {f: [str(old[f]), str(changes[f])] for f in changes if old[f] != changes[f]}
    audit.record(
        action="municipalities.details.changed",
        actor=by,
        obj=municipality,
        municipality=municipality,
        details={"changed": changed},
    )
    return municipality


def _open_period(municipality: Municipality):
    return municipality.participation_periods.select_for_update().filter(ends_on__isnull=True).first()


@transaction.atomic
def start_participation(*, municipality: Municipality, by, starts_on: datetime.date) -> ParticipationPeriod:
    check_permission(by, Permission.EDIT_MUNICIPALITY, municipality.pk, refusal=ERRORS["not_allowed"])
    Municipality.objects.select_for_update().get(pk=municipality.pk)
    if _open_period(municipality) is not None:
        raise SammenError(ERRORS["already_participating"])
    period = ParticipationPeriod.objects.create(municipality=municipality, starts_on=starts_on)
    audit.record(
        action="municipalities.participation.started",
        actor=by,
        obj=municipality,
        municipality=municipality,
        details={"starts_on": starts_on.isoformat()},
    )
    return period


@transaction.atomic
def end_participation(*, municipality: Municipality, by, ends_on: datetime.date) -> ParticipationPeriod:
    check_permission(by, Permission.EDIT_MUNICIPALITY, municipality.pk, refusal=ERRORS["not_allowed"])
    Municipality.objects.select_for_update().get(pk=municipality.pk)
    period = _open_period(municipality)
    if period is None:
        raise SammenError(ERRORS["not_participating"])
    if ends_on < period.starts_on:
        raise SammenError(ERRORS["end_before_start"], params={"start": period.starts_on.strftime("%d-%m-%Y")})
    period.ends_on = ends_on
    period.save(update_fields=["ends_on"])
    audit.record(
        action="municipalities.participation.ended",
        actor=by,
        obj=municipality,
        municipality=municipality,
        details={"ends_on": ends_on.isoformat()},
    )
    return period


# --- Municipal units ---------------------------------------------------------------------------------------

# All typed: each is checked by the text policy.
UNIT_FIELDS = ("name", "description", "contact_email", "contact_phone", "website")


def _check_unit_fields(municipality: Municipality, fields: dict, *, exclude: MunicipalUnit | None = None) -> None:
    check_text({name: fields[name] for name in UNIT_FIELDS if name in fields}, multi_line={"description"})
    if "name" in fields:
        # Compared in Python: SQLite's case-insensitive match knows only ASCII, and Æ/æ must count as the same.
        others = MunicipalUnit.objects.filter(municipality=municipality)
        if exclude is not None:
            others = others.exclude(pk=exclude.pk)
        wanted = fields["name"].strip().casefold()
        if any(name.casefold() == wanted for name in others.values_list("name", flat=True)):
            raise SammenError(
                ERRORS["unit_name_taken"], params={"municipality": municipality.name, "name": fields["name"]}
            )


def create_unit(*, municipality: Municipality, by, fields: dict) -> MunicipalUnit:
    check_permission(by, Permission.MANAGE_COMMUNITY, municipality.pk, refusal=ERRORS["not_allowed"])
    _check_unit_fields(municipality, fields)
    try:
        with transaction.atomic():
            unit = MunicipalUnit.objects.create(municipality=municipality, **fields)
            audit.record(action="municipalities.unit.created", actor=by, obj=unit, municipality=municipality)
    except IntegrityError as error:
        raise SammenError(
            ERRORS["unit_name_taken"], params={"municipality": municipality.name, "name": fields["name"]}
        ) from error
    return unit


def update_unit(*, unit: MunicipalUnit, by, fields: dict) -> MunicipalUnit:
    check_permission(by, Permission.MANAGE_COMMUNITY, unit.municipality_id, refusal=ERRORS["not_allowed"])
    _check_unit_fields(unit.municipality, fields, exclude=unit)
    try:
        with transaction.atomic():
            for name, value in fields.items():
                setattr(unit, name, value)
            unit.save()
            audit.record(
                action="municipalities.unit.changed",
                actor=by,
                obj=unit,
                municipality=unit.municipality_id,
                details={"fields": sorted(fields)},
            )
    except IntegrityError as error:
        raise SammenError(
            ERRORS["unit_name_taken"], params={"municipality": unit.municipality.name, "name": fields["name"]}
        ) from error
    return unit


def set_unit_active(*, unit: MunicipalUnit, by, active: bool) -> MunicipalUnit:
    """Deactivate a unit (it can no longer organise anything; what it made stays) or make it active again."""
    check_permission(by, Permission.MANAGE_COMMUNITY, unit.municipality_id, refusal=ERRORS["not_allowed"])
    with transaction.atomic():
        unit = MunicipalUnit.objects.select_for_update().select_related("municipality").get(pk=unit.pk)
        if unit.active == active:
            raise SammenError(ERRORS["unit_already_active" if active else "unit_already_inactive"])
        unit.active = active
        unit.save(update_fields=["active"])
        audit.record(
            action=f"municipalities.unit.{'activated' if active else 'deactivated'}",
            actor=by,
            obj=unit,
            municipality=unit.municipality_id,
        )
    return unit
