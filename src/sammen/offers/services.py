"""Offer use cases: a provider creates, edits and submits an offer; staff approve, reject or take it down.

Who may act for an association or a unit is decided in ``sammen.access.organisers``; who may review is
the community permission in the offer's municipality. Every function changes nothing when it raises.
"""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.access.eligibility import check_may_contribute
from sammen.access.organisers import may_act_for, may_manage
from sammen.access.permissions import Permission, check_permission, staff_with_permission
from sammen.associations.models import Association
from sammen.audit import services as audit
from sammen.core.errors import SammenError
from sammen.core.links import absolute_url
from sammen.core.text_policy import check_text
from sammen.municipalities.models import Municipality, MunicipalUnit
from sammen.notifications.services import notify
from sammen.offers.models import GUIDELINES_VERSION, Offer, OfferStatus
from sammen.search import services as search

ERRORS = {
    "no_provider": _(
        "Only an association or a municipal unit can offer something in the catalogue. Register your association "
        "on Sammen, or ask its representatives to invite you, and then try again."
    ),
    "not_provider": _("You cannot act for %(provider)s."),
    "not_manager": _("Only the association or unit behind the offer can change it."),
    "problem_area": _("Choose at least one problem area the offer helps with."),
    "target_group": _("Choose at least one target group."),
    "age_group": _("Choose at least one age group."),
    "no_place": _("Give an address or an online link, so that people know where the offer takes place."),
    "schedule": _("The end time must be after the start time."),
    "unit_municipality": _("An offer from %(unit)s must be in %(municipality)s Municipality."),
    "not_participating": _(
        "%(municipality)s Municipality does not take part in Sammen at the moment, so nobody can review offers there."
    ),
    "guidelines": _("Tick all three boxes to accept the guidelines. The offer has not been sent for review."),
    "already_submitted": _("The offer is already waiting for review."),
    "already_published": _("The offer is already published."),
    "not_reviewer": _("Only staff in %(municipality)s Municipality can review this offer."),
    "not_waiting": _("The offer is not waiting for review (it is “%(status)s”)."),
    "not_published": _("Only a published offer can be taken down (it is “%(status)s”)."),
    "note_required": _("Write a note that tells the provider why."),
    "changed_meanwhile": _("The offer was changed while you were reviewing it. Read it again before you decide."),
}

# The text fields a provider writes, each checked by the text policy; only the description has more than one line.
FREE_TEXT_FIELDS = (
    "title",
    "description",
    "when",
    "address",
    "online_url",
    "contact_name",
    "contact_email",
    "contact_phone",
)
MANY_TO_MANY_FIELDS = ("problem_areas", "target_groups", "age_groups")


# --- Providers ------------------------------------------------------------------------------------------------


def _check_provider(by, *, association: Association | None, unit: MunicipalUnit | None) -> None:
    if association is None and unit is None:
        raise SammenError(ERRORS["no_provider"])
    if association is not None:
        # A representative is a citizen and must be allowed to post; staff acting for a unit are checked by their
        # permission instead.
        check_may_contribute(by)
        if not may_act_for(by, association=association):
            raise SammenError(ERRORS["not_provider"], params={"provider": association.name})
    elif not may_act_for(by, unit=unit):
        raise SammenError(ERRORS["not_provider"], params={"provider": unit.name})


def _check_fields(fields: dict, *, unit: MunicipalUnit | None) -> None:
    check_text({name: fields[name] for name in FREE_TEXT_FIELDS if name in fields}, multi_line={"description"})
    if not fields.get("problem_areas"):
        raise SammenError(ERRORS["problem_area"])
    if not fields.get("target_groups"):
        raise SammenError(ERRORS["target_group"])
    if not fields.get("age_groups"):
        raise SammenError(ERRORS["age_group"])
    if not (fields.get("address") or "").strip() and not (fields.get("online_url") or "").strip():
        raise SammenError(ERRORS["no_place"])
    starts, ends = fields.get("schedule_starts"), fields.get("schedule_ends")
    if starts is not None and ends is not None and ends <= starts:
        raise SammenError(ERRORS["schedule"])
    municipality: Municipality = fields["municipality"]
    if unit is not None and municipality.pk != unit.municipality_id:
        raise SammenError(
            ERRORS["unit_municipality"], params={"unit": unit.name, "municipality": unit.municipality.name}
        )
    if not municipality.participates_on():
        raise SammenError(ERRORS["not_participating"], params={"municipality": municipality.name})


def _current_fields(offer: Offer) -> dict:
    """What the offer holds now, so that a change of some fields is checked together with the others."""
    current = {
        name: getattr(offer, name) for name in (*FREE_TEXT_FIELDS, "schedule_starts", "schedule_ends", "municipality")
    }
    return current | {name: list(getattr(offer, name).all()) for name in MANY_TO_MANY_FIELDS}


def _save(offer: Offer, fields: dict) -> None:
    related = {name: fields[name] for name in MANY_TO_MANY_FIELDS if name in fields}
    for name, value in fields.items():
        if name not in related:
            setattr(offer, name, value)
    offer.save()
    for name, values in related.items():
        getattr(offer, name).set(values)
    search.index_object(offer)


def create_offer(
    *, by, fields: dict, association: Association | None = None, unit: MunicipalUnit | None = None
) -> Offer:
    """A draft offer from an association or a unit; it is seen by nobody but its provider until approved."""
    _check_provider(by, association=association, unit=unit)
    _check_fields(fields, unit=unit)
    with transaction.atomic():
        offer = Offer(association=association, unit=unit, submitted_by=by, status=OfferStatus.DRAFT)
        _save(offer, fields)
        audit.record(action="offers.offer.created", actor=by, obj=offer, municipality=offer.municipality_id)
    return offer


def update_offer(*, offer: Offer, by, fields: dict) -> Offer:
    """Change an offer. A published offer goes back to review: staff approved the text they saw, not this one."""
    if not may_manage(by, offer):
        raise SammenError(ERRORS["not_manager"])
    _check_provider(by, association=offer.association, unit=offer.unit)
    _check_fields(_current_fields(offer) | fields, unit=offer.unit)
    with transaction.atomic():
        offer = Offer.objects.select_for_update().select_related("municipality").get(pk=offer.pk)
        back_to_review = offer.status == OfferStatus.PUBLISHED
        if back_to_review:
            offer.status = OfferStatus.SUBMITTED
            offer.submitted_by = by
        _save(offer, fields)
        audit.record(
            action="offers.offer.changed",
            actor=by,
            obj=offer,
            municipality=offer.municipality_id,
            details={"fields": sorted(fields), "back_to_review": back_to_review},
        )
        if back_to_review:
            _tell_reviewers(offer)
    return offer


def submit_offer(*, offer: Offer, by, non_profit: bool, no_referral: bool, no_discrimination: bool) -> Offer:
    """Accept the guidelines (all three points, explicitly) and send the offer to the municipality's staff."""
    if not may_manage(by, offer):
        raise SammenError(ERRORS["not_manager"])
    _check_provider(by, association=offer.association, unit=offer.unit)
    if not (non_profit and no_referral and no_discrimination):
        raise SammenError(ERRORS["guidelines"])
    with transaction.atomic():
        offer = Offer.objects.select_for_update().select_related("municipality").get(pk=offer.pk)
        if offer.status == OfferStatus.SUBMITTED:
            raise SammenError(ERRORS["already_submitted"])
        if offer.status == OfferStatus.PUBLISHED:
            raise SammenError(ERRORS["already_published"])
        if not offer.municipality.participates_on():
            raise SammenError(ERRORS["not_participating"], params={"municipality": offer.municipality.name})
        offer.status = OfferStatus.SUBMITTED
        offer.submitted_by = by
        offer.guidelines_accepted_at = timezone.now()
        offer.guidelines_version = GUIDELINES_VERSION
        offer.save(
            update_fields=["status", "submitted_by", "guidelines_accepted_at", "guidelines_version", "updated_at"]
        )
        audit.record(
            action="offers.offer.submitted",
            actor=by,
            obj=offer,
            municipality=offer.municipality_id,
            details={"guidelines_version": GUIDELINES_VERSION},
        )
        _tell_reviewers(offer)
    return offer


# --- Staff ----------------------------------------------------------------------------------------------------


def _check_reviewer(offer: Offer, by) -> None:
    check_permission(
        by,
        Permission.MANAGE_COMMUNITY,
        offer.municipality_id,
        refusal=ERRORS["not_reviewer"],
        params={"municipality": offer.municipality.name},
    )


def _check_note(note: str) -> str:
    note = (note or "").strip()
    if not note:
        raise SammenError(ERRORS["note_required"])
    check_text({"note": note}, multi_line={"note"})
    return note


def offer_version(offer: Offer) -> str:
    """What the review page sends back with the decision, to show which text the reviewer read."""
    return offer.updated_at.isoformat()


def _same_version(offer: Offer, version: str) -> bool:
    try:
        return datetime.datetime.fromisoformat(version) == offer.updated_at
    except (TypeError, ValueError):
        return False


def _review(
    *, offer: Offer, by, expected: str, error: str, status: str, note: str, action: str, seen_version: str | None
) -> Offer:
    """``seen_version`` is the ``offer_version`` of the text the reviewer read; without it, the offer as passed in.
    If the provider changed the offer since, nothing is decided: staff approve only text they have seen."""
    _check_reviewer(offer, by)
    if seen_version is None:
        seen_version = offer_version(offer)
    with transaction.atomic():
        offer = Offer.objects.select_for_update().select_related("municipality").get(pk=offer.pk)
        if offer.status != expected:
            raise SammenError(ERRORS[error], params={"status": offer.get_status_display()})
        if not _same_version(offer, seen_version):
            raise SammenError(ERRORS["changed_meanwhile"])
        offer.status = status
        offer.review_note = note
        offer.reviewed_by = by
        offer.reviewed_at = timezone.now()
        offer.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at", "updated_at"])
        audit.record(
            action=action,
            actor=by,
            obj=offer,
            municipality=offer.municipality_id,
            details={"note": note} if note else {},
        )
        _tell_submitter(offer)
    return offer


def approve_offer(*, offer: Offer, by, seen_version: str | None = None) -> Offer:
    return _review(
        offer=offer,
        by=by,
        expected=OfferStatus.SUBMITTED,
        error="not_waiting",
        status=OfferStatus.PUBLISHED,
        note="",
        action="offers.offer.approved",
        seen_version=seen_version,
    )


def reject_offer(*, offer: Offer, by, note: str, seen_version: str | None = None) -> Offer:
    return _review(
        offer=offer,
        by=by,
        expected=OfferStatus.SUBMITTED,
        error="not_waiting",
        status=OfferStatus.REJECTED,
        note=_check_note(note),
        action="offers.offer.rejected",
        seen_version=seen_version,
    )


def unpublish_offer(*, offer: Offer, by, note: str, seen_version: str | None = None) -> Offer:
    """Take a published offer down; the provider may change it and submit it again."""
    return _review(
        offer=offer,
        by=by,
        expected=OfferStatus.PUBLISHED,
        error="not_published",
        status=OfferStatus.UNPUBLISHED,
        note=_check_note(note),
        action="offers.offer.unpublished",
        seen_version=seen_version,
    )


# --- E-mails --------------------------------------------------------------------------------------------------


def reviewers(municipality_id: int):
    """Active staff who can review offers in the municipality."""
    return staff_with_permission(Permission.MANAGE_COMMUNITY, municipality_id)


def _tell_reviewers(offer: Offer) -> None:
    link = absolute_url(reverse("offers:review", args=[offer.municipality.code, offer.pk]))
    for user in reviewers(offer.municipality_id):
        notify(
            user,
            subject=_("An offer is waiting for review: %(title)s"),
            subject_params={"title": offer.title},
            template="offers/email/waiting_for_review.txt",
            context={"offer": offer, "link": link},
        )


def _tell_submitter(offer: Offer) -> None:
    user = offer.submitted_by
    if user is None:
        return
    templates = {
        OfferStatus.PUBLISHED: ("offers/email/approved.txt", _("Your offer is published: %(title)s")),
        OfferStatus.REJECTED: ("offers/email/rejected.txt", _("Your offer was not approved: %(title)s")),
        OfferStatus.UNPUBLISHED: ("offers/email/unpublished.txt", _("Your offer has been taken down: %(title)s")),
    }
    template, subject = templates[offer.status]
    link = absolute_url(reverse("offers:detail", args=[offer.pk]))
    context = {"offer": offer, "link": link}
    notify(user, subject=subject, subject_params={"title": offer.title}, template=template, context=context)
