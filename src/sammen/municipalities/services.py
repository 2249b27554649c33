"""Municipality use cases: staff keep their municipality's details and participation up to date."""

import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from sammen.audit import services as audit
from sammen.core.errors import SammenError
from sammen.core.text_policy import check_text
from sammen.municipalities.models import Municipality, ParticipationPeriod

ERRORS = {
    "already_participating": _(
        "The municipality already participates. End the current participation before starting a new one."
    ),
    "not_participating": _("The municipality does not participate, so its participation cannot end."),
    "end_before_start": _("Participation cannot end before it started (%(start)s)."),
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
    check_text({field: changes[field] for field in TEXT_FIELDS if field in changes})
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
