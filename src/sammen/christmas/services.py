"""Christmas friends use cases: coordinators (MANAGE_VOLUNTEERS in the campaign's municipality) create campaigns,
run the matching, send, skip and follow up proposals; citizens register as a host or a guest, change or withdraw
their registration, answer a proposal and give or withdraw their consent to be contacted later.

Contact details are private until both sides of a proposal have said yes: only then does each get the other's
name, e-mail, phone and (from the host) address. Accepting locks the host's registration and the proposal
(``sammen.core.locking``), so that two answers at the same moment can neither accept a proposal twice nor seat more
guests than the host has room for. Every function changes nothing when it raises.
"""

import datetime
from dataclasses import dataclass, field

import numpy as np
from allauth.account.models import EmailAddress
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.access.eligibility import ERRORS as ELIGIBILITY_ERRORS
from sammen.access.eligibility import check_not_suspended
from sammen.access.permissions import Permission, check_permission
from sammen.audit import services as audit
from sammen.christmas import queries
from sammen.christmas.models import (
    LIVE_PROPOSAL,
    MOST_KM,
    MOST_PEOPLE,
    REFUSED_PROPOSAL,
    Campaign,
    CampaignKind,
    ContactConsent,
    Food,
    Proposal,
    ProposalStatus,
    Registration,
    RegistrationStatus,
    Role,
)
from sammen.core.denmark import postal_code_validator
from sammen.core.errors import SammenError
from sammen.core.links import absolute_url
from sammen.core.locking import locked
from sammen.core.text_policy import check_text
from sammen.matching import Offer, Request, candidates, match_parties
from sammen.matching.engine import Candidates
from sammen.municipalities import postal_codes
from sammen.notifications.services import notify

LIMITS = {"title": 120, "description": 500, "address": 200}

ERRORS = {
    "not_staff": _("Only the coordinators of %(municipality)s Municipality can manage its Christmas friends."),
    "required": _("Fill in this field."),
    "too_long": _("The text is too long: write at most %(limit)s characters."),
    "not_participating": _("%(municipality)s Municipality does not take part in Sammen at the moment."),
    "kind": _("Choose Christmas Eve or New Year's Eve."),
    "year": _("Write a year from 2020 to 2100."),
    "window_order": _("Registration cannot close before it opens."),
    "event_year": _("The day itself must be in %(year)s."),
    "event_before_close": _("Registration must close before the day itself."),
    "matching_order": _("The matching date must be between the close of registration and the day itself."),
    "closed": _("Registration is not open: it is open from %(opens)s to %(closes)s."),
    "no_municipality": ELIGIBILITY_ERRORS["no_municipality"],
    "unverified": ELIGIBILITY_ERRORS["unverified"],
    "not_invited": _("This campaign is for the citizens of %(names)s. Your profile says you live elsewhere."),
    "role": _("Choose whether you are a host or a guest."),
    "people": _("Write a number from 1 to 20."),
    "distance": _("Write how far you can travel: from 1 to 100 km."),
    "food": _("Choose one of the kinds of food in the list."),
    "postal_unknown": _("Denmark has no postal code %(code)s. Check it and try again."),
    "postal_no_area": _(
        "The postal code %(code)s is for PO boxes or a large company, not for an area. Give the postal code of your "
        "home."
    ),
    "no_description": _("Write a few words about yourselves, e.g. who you are and what you like."),
    "no_address": _("Write your address. Your guests see it only when you have both said yes."),
    "twice": _("You are already registered in this campaign."),
    "not_yours": _("This is not your registration."),
    "withdrawn": _("The registration has been withdrawn."),
    "event_over": _("The day has passed."),
    "seats_below_accepted": _(
        "You have said yes to guests who are %(people)s people in all: you cannot have fewer seats than that."
    ),
    "people_fixed": _(
        "You have a proposal already, so you cannot change how many you are. Write to the coordinators instead."
    ),
    "consent_twice": _("You have already said yes to being contacted."),
    "consent_not_yours": _("This is not your consent."),
    "consent_withdrawn": _("The consent has already been withdrawn."),
    "not_proposed": _("Only a proposal that has not been sent yet can be sent or skipped (this one is “%(status)s”)."),
    "not_sent": _("This proposal is not waiting for an answer (it is “%(status)s”)."),
    "not_your_proposal": _("This proposal is not for you."),
    "already_accepted": _("You have already said yes. We will write to you when the other side has answered."),
    "registration_gone": _("One of the two has withdrawn the registration."),
    "full": _(
        "The host's table has no room for your party any more. The coordinators will try to find you another place."
    ),
    "busy": _("Many people are answering right now. Please try again in a moment."),
}


def _check_staff(by, municipality) -> None:
    check_permission(
        by,
        Permission.MANAGE_VOLUNTEERS,
        municipality,
        refusal=ERRORS["not_staff"],
        params={"municipality": municipality.name},
    )


def _check_length(name: str, value: str, limit: int | None = None) -> None:
    limit = limit or LIMITS[name]
    if len(value or "") > limit:
        raise SammenError(ERRORS["too_long"], field=name, params={"limit": limit})


def _whole_number(value, *, name: str, low: int, high: int, message) -> int:
    """``value`` as a whole number from ``low`` to ``high``, or the field's message: also for "abc", 10**30, -3."""
    if isinstance(value, bool):
        raise SammenError(message, field=name)
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise SammenError(message, field=name) from None
    if not low <= number <= high:
        raise SammenError(message, field=name)
    return number


# --- Campaigns --------------------------------------------------------------------------------------------------

CAMPAIGN_FIELDS = (
    "kind",
    "year",
    "title",
    "registration_opens_on",
    "registration_closes_on",
    "matching_on",
    "event_on",
    "partners",
)


def _checked_campaign(fields: dict, *, municipality) -> dict:
    checked = {name: fields.get(name) for name in CAMPAIGN_FIELDS}
    if checked["kind"] not in CampaignKind.values:
        raise SammenError(ERRORS["kind"], field="kind")
    checked["year"] = _whole_number(checked["year"], name="year", low=2020, high=2100, message=ERRORS["year"])
    title = (checked["title"] or "").strip()
    if not title:
        raise SammenError(ERRORS["required"], field="title")
    _check_length("title", title)
    check_text({"title": title})
    checked["title"] = title
    for name in ("registration_opens_on", "registration_closes_on", "matching_on", "event_on"):
        if not isinstance(checked[name], datetime.date):
            raise SammenError(ERRORS["required"], field=name)
    if checked["registration_closes_on"] < checked["registration_opens_on"]:
        raise SammenError(ERRORS["window_order"], field="registration_closes_on")
    if checked["event_on"].year != checked["year"]:
        raise SammenError(ERRORS["event_year"], field="event_on", params={"year": checked["year"]})
    if checked["event_on"] <= checked["registration_closes_on"]:
        raise SammenError(ERRORS["event_before_close"], field="registration_closes_on")
    if not checked["registration_closes_on"] <= checked["matching_on"] < checked["event_on"]:
        raise SammenError(ERRORS["matching_order"], field="matching_on")
    checked["partners"] = [m for m in (checked["partners"] or []) if m.pk != municipality.pk]
    return checked


def create_campaign(*, by, municipality, fields: dict) -> Campaign:
    """A campaign of the municipality, open for registration between its two dates."""
    _check_staff(by, municipality)
    if not municipality.participates_on():
        raise SammenError(ERRORS["not_participating"], params={"municipality": municipality.name})
    checked = _checked_campaign(fields, municipality=municipality)
    partners = checked.pop("partners")
    with transaction.atomic():
        campaign = Campaign.objects.create(municipality=municipality, created_by=by, **checked)
        campaign.partners.set(partners)
        audit.record(
            action="christmas.campaign.created",
            actor=by,
            obj=campaign,
            municipality=municipality,
            details={"partners": sorted(m.code for m in partners)},
        )
    return campaign


def update_campaign(*, by, campaign: Campaign, fields: dict) -> Campaign:
    _check_staff(by, campaign.municipality)
    current = {name: getattr(campaign, name) for name in CAMPAIGN_FIELDS if name != "partners"}
    current["partners"] = list(campaign.partners.all())
    checked = _checked_campaign(
        current | {k: v for k, v in fields.items() if k in CAMPAIGN_FIELDS}, municipality=campaign.municipality
    )
    partners = checked.pop("partners")
    with transaction.atomic(), locked(Campaign, [campaign.pk]):
        campaign = Campaign.objects.select_related("municipality").get(pk=campaign.pk)
        changed = sorted(name for name, value in checked.items() if getattr(campaign, name) != value)
        for name, value in checked.items():
            setattr(campaign, name, value)
        campaign.save()
        if {m.pk for m in partners} != set(campaign.partners.values_list("pk", flat=True)):
            changed.append("partners")
            campaign.partners.set(partners)
        audit.record(
            action="christmas.campaign.changed",
            actor=by,
            obj=campaign,
            municipality=campaign.municipality_id,
            details={"fields": changed},
        )
    return campaign


# --- Registering ------------------------------------------------------------------------------------------------

HOST_FIELDS = (
    "people",
    "description",
    "postal_code",
    "address",
    "step_free_home",
    "has_pets",
    "smoking",
    "food_served",
)
GUEST_FIELDS = (
    "people",
    "description",
    "postal_code",
    "max_distance_km",
    "needs_step_free",
    "no_pets",
    "non_smoking",
    "food_wanted",
)
FIELDS_OF = {Role.HOST: HOST_FIELDS, Role.GUEST: GUEST_FIELDS}


def _checked_registration(role: str, fields: dict) -> dict:
    """The fields of the role, checked; the postal code becomes a point too."""
    checked = {name: fields.get(name) for name in FIELDS_OF[role]}
    checked["people"] = _whole_number(
        checked["people"], name="people", low=1, high=MOST_PEOPLE, message=ERRORS["people"]
    )
    description = (checked["description"] or "").strip()
    if not description:
        raise SammenError(ERRORS["no_description"], field="description")
    _check_length("description", description)
    texts = {"description": description}
    if role == Role.HOST:
        address = (checked["address"] or "").strip()
        if not address:
            raise SammenError(ERRORS["no_address"], field="address")
        _check_length("address", address)
        texts["address"] = address
        checked["address"] = address
    check_text(texts, multi_line={"description"})
    checked["description"] = description
    code = (checked.pop("postal_code") or "").strip()
    if not code:
        raise SammenError(ERRORS["required"], field="postal_code")
    if not postal_code_validator.regex.match(code):
        raise SammenError(postal_code_validator.message, field="postal_code")
    if postal_codes.lookup(code) is None:
        raise SammenError(ERRORS["postal_unknown"], field="postal_code", params={"code": code})
    point = postal_codes.point(code)
    if point is None:
        raise SammenError(ERRORS["postal_no_area"], field="postal_code", params={"code": code})
    checked.update(postal_code=code, latitude=point[0], longitude=point[1])
    if role == Role.GUEST:
        checked["max_distance_km"] = _whole_number(
            checked["max_distance_km"], name="max_distance_km", low=1, high=MOST_KM, message=ERRORS["distance"]
        )
    food_field = "food_served" if role == Role.HOST else "food_wanted"
    checked[food_field] = checked[food_field] or ""
    if checked[food_field] and checked[food_field] not in Food.values:
        raise SammenError(ERRORS["food"], field=food_field)
    for name in FIELDS_OF[role]:
        if name in ("step_free_home", "has_pets", "smoking", "needs_step_free", "no_pets", "non_smoking"):
            checked[name] = bool(checked[name])
    return checked


def _check_may_register(user, campaign: Campaign) -> None:
    """Citizens of the campaign's municipality and of its partners; a partner need not take part in Sammen itself,
    since the campaign's municipality (which does) invited its citizens."""
    if user.municipality_id is None:
        raise SammenError(ERRORS["no_municipality"])
    allowed = campaign.municipality_ids()
    if user.municipality_id not in allowed:
        names = [campaign.municipality.name, *(m.name for m in campaign.partners.all())]
        raise SammenError(ERRORS["not_invited"], params={"names": ", ".join(names)})
    if not EmailAddress.objects.filter(user=user, verified=True).exists():
        raise SammenError(ERRORS["unverified"])
    check_not_suspended(user)


def _check_open(campaign: Campaign) -> None:
    if not campaign.is_open():
        raise SammenError(
            ERRORS["closed"],
            params={
                "opens": campaign.registration_opens_on.strftime("%d-%m-%Y"),
                "closes": campaign.registration_closes_on.strftime("%d-%m-%Y"),
            },
        )


def register(*, user, campaign: Campaign, role: str, fields: dict, contact_consent: bool = False) -> Registration:
    """Register as a host (seats at your table) or a guest (a party of 1–20). A guest party larger than every
    table is registered all the same: tables may come, and the matching shows the coordinator why it was left."""
    if role not in Role.values:
        raise SammenError(ERRORS["role"])
    _check_may_register(user, campaign)
    _check_open(campaign)
    checked = _checked_registration(role, fields)
    try:
        with transaction.atomic():
            if Registration.objects.filter(campaign=campaign, user=user, status=RegistrationStatus.ACTIVE).exists():
                raise SammenError(ERRORS["twice"])
            now = timezone.now()
            registration = Registration.objects.create(
                campaign=campaign, user=user, role=role, created_at=now, changed_at=now, **checked
            )
            audit.record(
                action="christmas.registration.created",
                actor=user,
                obj=registration,
                municipality=campaign.municipality_id,
                details={"role": role, "people": registration.people},
            )
            if contact_consent:
                _give_consent(user, campaign)
    except IntegrityError as error:
        raise SammenError(ERRORS["twice"]) from error
    return registration


def _accepted_people(host: Registration) -> int:
    """The people of the guest parties the host's table already holds (both sides said yes)."""
    total = Proposal.objects.filter(host=host, status=ProposalStatus.ACCEPTED).aggregate(people=Sum("guest__people"))
    return total["people"] or 0


def _own_live(user, registration: Registration) -> Registration:
    if registration.user_id != user.pk:
        raise SammenError(ERRORS["not_yours"])
    registration = Registration.objects.select_related("campaign__municipality").get(pk=registration.pk)
    if registration.status != RegistrationStatus.ACTIVE:
        raise SammenError(ERRORS["withdrawn"])
    if registration.campaign.event_on < timezone.localdate():
        raise SammenError(ERRORS["event_over"])
    return registration


def update_registration(*, user, registration: Registration, fields: dict) -> Registration:
    """Change what you told; a proposal not yet sent is dropped (the next matching makes a new one)."""
    checked = _checked_registration(registration.role, fields)
    with transaction.atomic(), locked(Registration, [registration.pk], busy_message=ERRORS["busy"]):
        registration = _own_live(user, registration)
        if registration.is_host:
            accepted = _accepted_people(registration)
            if checked["people"] < accepted:
                raise SammenError(ERRORS["seats_below_accepted"], field="people", params={"people": accepted})
        elif (
            checked["people"] != registration.people
            and registration.proposals_as_guest.filter(
                status__in=[ProposalStatus.SENT, ProposalStatus.ACCEPTED]
            ).exists()
        ):
            raise SammenError(ERRORS["people_fixed"], field="people")
        changed = sorted(name for name, value in checked.items() if getattr(registration, name) != value)
        for name, value in checked.items():
            setattr(registration, name, value)
        registration.changed_at = timezone.now()
        registration.save()
        dropped, _kinds = _unsent_proposals_of(registration).delete()
        audit.record(
            action="christmas.registration.changed",
            actor=user,
            obj=registration,
            municipality=registration.campaign.municipality_id,
            details={"fields": changed, "unsent_proposals_dropped": dropped},
        )
    return registration


def _unsent_proposals_of(registration: Registration):
    side = "host" if registration.is_host else "guest"
    return Proposal.objects.filter(**{side: registration}, status=ProposalStatus.PROPOSED)


def withdraw_registration(*, user, registration: Registration) -> Registration:
    """Withdraw; the registration's live proposals are cancelled and the other side of a sent one is told."""
    with transaction.atomic(), locked(Registration, [registration.pk], busy_message=ERRORS["busy"]):
        registration = _own_live(user, registration)
        side = "host" if registration.is_host else "guest"
        live = list(
            Proposal.objects.filter(LIVE_PROPOSAL, **{side: registration}).select_related(
                "campaign", "host__user", "guest__user"
            )
        )
        now = timezone.now()
        registration.status = RegistrationStatus.WITHDRAWN
        registration.withdrawn_at = registration.changed_at = now
        registration.save(update_fields=["status", "withdrawn_at", "changed_at"])
        for proposal in live:
            was_sent = proposal.status != ProposalStatus.PROPOSED
            proposal.status = ProposalStatus.CANCELLED
            proposal.changed_at = now
            proposal.save(update_fields=["status", "changed_at"])
            if was_sent:
                other = proposal.guest if registration.is_host else proposal.host
                _tell(other.user, "cancelled", proposal=proposal, me=other)
        audit.record(
            action="christmas.registration.withdrawn",
            actor=user,
            obj=registration,
            municipality=registration.campaign.municipality_id,
            details={"proposals_cancelled": len(live)},
        )
    return registration


# --- Consent to be contacted later ------------------------------------------------------------------------------


def _give_consent(user, campaign: Campaign) -> ContactConsent:
    if ContactConsent.objects.filter(user=user, campaign=campaign, withdrawn_at__isnull=True).exists():
        raise SammenError(ERRORS["consent_twice"])
    consent = ContactConsent.objects.create(user=user, campaign=campaign)
    audit.record(action="christmas.consent.given", actor=user, obj=consent, municipality=campaign.municipality_id)
    return consent


def give_contact_consent(*, user, campaign: Campaign) -> ContactConsent:
    """The person says yes to being told about other activities later: a consent of its own."""
    try:
        with transaction.atomic():
            return _give_consent(user, campaign)
    except IntegrityError as error:
        raise SammenError(ERRORS["consent_twice"]) from error


def withdraw_contact_consent(*, user, consent: ContactConsent) -> ContactConsent:
    if consent.user_id != user.pk:
        raise SammenError(ERRORS["consent_not_yours"])
    with transaction.atomic():
        consent = ContactConsent.objects.select_for_update().select_related("campaign").get(pk=consent.pk)
        if consent.withdrawn_at is not None:
            raise SammenError(ERRORS["consent_withdrawn"])
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
        audit.record(
            action="christmas.consent.withdrawn",
            actor=user,
            obj=consent,
            municipality=consent.campaign.municipality_id,
        )
    return consent


# --- Matching ---------------------------------------------------------------------------------------------------


@dataclass
class MatchingReport:
    proposals: int = 0
    unmatched: list[Registration] = field(default_factory=list)
    # Unmatched parties larger than every table there is: the coordinator can tell them at once.
    too_large: list[Registration] = field(default_factory=list)


def _table(host: Registration, seats: int) -> Offer:
    return Offer(
        id=host.pk,
        point=host.point,
        capacity=seats,
        attributes={
            "step_free": host.step_free_home,
            "pets": host.has_pets,
            "smoking": host.smoking,
            "food": host.food_served or "any",
        },
    )


def _party(guest: Registration) -> Request:
    wishes = {}
    if guest.needs_step_free:
        wishes["step_free"] = True
    if guest.no_pets:
        wishes["pets"] = False
    if guest.non_smoking:
        wishes["smoking"] = False
    return Request(
        id=guest.pk,
        point=guest.point,
        needs=guest.people,
        max_distance_km=guest.max_distance_km,
        wishes=wishes,
        preferences={"food": guest.food_wanted} if guest.food_wanted else {},
    )


def _without(cand: Candidates, parties: list[Request], tables: list[Offer], refused: set[tuple[int, int]]):
    """The candidate pairs less those the guest, the host or the coordinator turned down before."""
    if not refused or not len(cand):
        return cand
    keep = np.array(
        [(parties[r].id, tables[o].id) not in refused for r, o in zip(cand.request, cand.offer, strict=True)],
        dtype=bool,
    )
    return Candidates(cand.request[keep], cand.offer[keep], cand.score[keep], cand.in_person[keep])


def run_matching(*, by, campaign: Campaign) -> MatchingReport:
    """Propose a table for every guest party without one: never a party split, never a table over its seats, the
    guests' hard wishes (step-free, no pets, smoke-free, distance) kept, food as a preference, and never a pair
    turned down before. Proposals not yet sent are replaced; sent and accepted ones stay and keep their seats."""
    _check_staff(by, campaign.municipality)
    with transaction.atomic(), locked(Campaign, [campaign.pk], busy_message=ERRORS["busy"]):
        campaign = Campaign.objects.select_related("municipality").get(pk=campaign.pk)
        if campaign.event_on < timezone.localdate():
            raise SammenError(ERRORS["event_over"])
        replaced, _kinds = Proposal.objects.filter(campaign=campaign, status=ProposalStatus.PROPOSED).delete()
        active = Registration.objects.filter(campaign=campaign, status=RegistrationStatus.ACTIVE)
        taken = dict(
            Proposal.objects.filter(campaign=campaign, status__in=[ProposalStatus.SENT, ProposalStatus.ACCEPTED])
            .values("host")
            .annotate(people=Sum("guest__people"))
            .values_list("host", "people")
        )
        hosts = [h for h in active.filter(role=Role.HOST) if h.point is not None]
        tables = [_table(h, h.people - taken.get(h.pk, 0)) for h in hosts if h.people - taken.get(h.pk, 0) > 0]
        guests = list(
            active.filter(role=Role.GUEST)
            .exclude(proposals_as_guest__status__in=[ProposalStatus.SENT, ProposalStatus.ACCEPTED])
            .select_related("user")
            .order_by("created_at", "id")
        )
        parties = [_party(g) for g in guests if g.point is not None]
        report = MatchingReport()
        matched_ids: set[int] = set()
        if parties and tables:
            refused = set(
                Proposal.objects.filter(REFUSED_PROPOSAL, campaign=campaign).values_list("guest_id", "host_id")
            )
            cand = _without(candidates(parties, tables, max_km=MOST_KM), parties, tables, refused)
            matching = match_parties(parties, tables, cand=cand, max_km=MOST_KM)
            now = timezone.now()
            Proposal.objects.bulk_create(
                Proposal(
                    campaign=campaign,
                    host_id=p.offer_id,
                    guest_id=p.request_id,
                    score=round(p.score, 2),
                    parts=[
                        {"name": part.name, "points": round(part.points, 2), "detail": part.detail} for part in p.parts
                    ],
                    created_at=now,
                    changed_at=now,
                )
                for p in matching.proposals
            )
            report.proposals = len(matching.proposals)
            matched_ids = {p.request_id for p in matching.proposals}
        largest = max((t.capacity for t in tables), default=0)
        report.unmatched = [g for g in guests if g.pk not in matched_ids]
        report.too_large = [g for g in report.unmatched if g.people > largest]
        audit.record(
            action="christmas.matching.run",
            actor=by,
            obj=campaign,
            municipality=campaign.municipality_id,
            details={
                "proposals": report.proposals,
                "replaced": replaced,
                "unmatched": len(report.unmatched),
                "too_large": len(report.too_large),
            },
        )
    return report


def _proposal_for_staff(by, proposal: Proposal) -> Proposal:
    proposal = Proposal.objects.select_related("campaign__municipality", "host__user", "guest__user").get(
        pk=proposal.pk
    )
    _check_staff(by, proposal.campaign.municipality)
    if proposal.status != ProposalStatus.PROPOSED:
        raise SammenError(ERRORS["not_proposed"], params={"status": proposal.get_status_display()})
    return proposal


def confirm_proposal(*, by, proposal: Proposal) -> Proposal:
    """The coordinator sends the proposal: both sides are asked to say yes, without each other's contact details."""
    _check_staff(by, proposal.campaign.municipality)
    with (
        transaction.atomic(),
        locked(Registration, [proposal.host_id], busy_message=ERRORS["busy"]),
        locked(Proposal, [proposal.pk], busy_message=ERRORS["busy"]),
    ):
        proposal = _proposal_for_staff(by, proposal)
        if RegistrationStatus.WITHDRAWN in (proposal.host.status, proposal.guest.status):
            raise SammenError(ERRORS["registration_gone"])
        now = timezone.now()
        proposal.status = ProposalStatus.SENT
        proposal.sent_at = proposal.changed_at = now
        proposal.save(update_fields=["status", "sent_at", "changed_at"])
        audit.record(
            action="christmas.proposal.sent", actor=by, obj=proposal, municipality=proposal.campaign.municipality_id
        )
        _tell(proposal.host.user, "proposed", proposal=proposal, me=proposal.host, other=proposal.guest)
        _tell(proposal.guest.user, "proposed", proposal=proposal, me=proposal.guest, other=proposal.host)
    return proposal


def skip_proposal(*, by, proposal: Proposal) -> Proposal:
    """The coordinator turns the proposal down; the pair is never proposed again."""
    _check_staff(by, proposal.campaign.municipality)
    with transaction.atomic(), locked(Proposal, [proposal.pk], busy_message=ERRORS["busy"]):
        proposal = _proposal_for_staff(by, proposal)
        proposal.status = ProposalStatus.SKIPPED
        proposal.changed_at = timezone.now()
        proposal.save(update_fields=["status", "changed_at"])
        audit.record(
            action="christmas.proposal.skipped", actor=by, obj=proposal, municipality=proposal.campaign.municipality_id
        )
    return proposal


def _answerable(user, proposal: Proposal) -> tuple[Proposal, str]:
    proposal = Proposal.objects.select_related("campaign", "host__user", "guest__user").get(pk=proposal.pk)
    side = proposal.side_of(user)
    if side is None:
        raise SammenError(ERRORS["not_your_proposal"])
    if proposal.status != ProposalStatus.SENT:
        raise SammenError(ERRORS["not_sent"], params={"status": proposal.get_status_display()})
    if RegistrationStatus.WITHDRAWN in (proposal.host.status, proposal.guest.status):
        raise SammenError(ERRORS["registration_gone"])
    if proposal.campaign.event_on < timezone.localdate():
        raise SammenError(ERRORS["event_over"])
    return proposal, side


def accept_proposal(*, user, proposal: Proposal) -> Proposal:
    """One side says yes. When both have, and the host's table still has room for the party, each side gets the
    other's contact details by e-mail — only then."""
    with (
        transaction.atomic(),
        locked(Registration, [proposal.host_id], busy_message=ERRORS["busy"]),
        locked(Proposal, [proposal.pk], busy_message=ERRORS["busy"]),
    ):
        proposal, side = _answerable(user, proposal)
        stamp = "host_accepted_at" if side == Role.HOST else "guest_accepted_at"
        if getattr(proposal, stamp) is not None:
            raise SammenError(ERRORS["already_accepted"])
        now = timezone.now()
        setattr(proposal, stamp, now)
        both = proposal.host_accepted_at is not None and proposal.guest_accepted_at is not None
        if both:
            if _accepted_people(proposal.host) + proposal.guest.people > proposal.host.people:
                raise SammenError(ERRORS["full"])
            proposal.status = ProposalStatus.ACCEPTED
        proposal.changed_at = now
        proposal.save(update_fields=[stamp, "status", "changed_at"])
        audit.record(
            action="christmas.proposal.accepted_by_both" if both else f"christmas.proposal.accepted_by_{side}",
            actor=user,
            obj=proposal,
            municipality=proposal.campaign.municipality_id,
        )
        if both:
            _tell(proposal.host.user, "matched", proposal=proposal, me=proposal.host, other=proposal.guest)
            _tell(proposal.guest.user, "matched", proposal=proposal, me=proposal.guest, other=proposal.host)
    return proposal


def decline_proposal(*, user, proposal: Proposal) -> Proposal:
    """One side says no, thank you; the other side is told kindly, and the pair is never proposed again."""
    with (
        transaction.atomic(),
        locked(Registration, [proposal.host_id], busy_message=ERRORS["busy"]),
        locked(Proposal, [proposal.pk], busy_message=ERRORS["busy"]),
    ):
        proposal, side = _answerable(user, proposal)
        proposal.status = ProposalStatus.DECLINED
        proposal.declined_by = side
        proposal.changed_at = timezone.now()
        proposal.save(update_fields=["status", "declined_by", "changed_at"])
        audit.record(
            action="christmas.proposal.declined",
            actor=user,
            obj=proposal,
            municipality=proposal.campaign.municipality_id,
            details={"by": side},
        )
        other = proposal.guest if side == Role.HOST else proposal.host
        _tell(other.user, "declined", proposal=proposal, me=other)
    return proposal


# --- Guests without a table -------------------------------------------------------------------------------------


def tell_unmatched(*, by, campaign: Campaign) -> int:
    """E-mail every guest party still without a table (once each) the open events of the days in their
    municipality, so that nobody has to be alone. Returns how many were told."""
    _check_staff(by, campaign.municipality)
    with transaction.atomic(), locked(Campaign, [campaign.pk], busy_message=ERRORS["busy"]):
        campaign = Campaign.objects.select_related("municipality").get(pk=campaign.pk)
        if campaign.event_on < timezone.localdate():
            raise SammenError(ERRORS["event_over"])
        guests = list(queries.unmatched_guests(campaign).filter(told_unmatched_at__isnull=True))
        events: dict[int | None, list] = {}
        now = timezone.now()
        for guest in guests:
            place = guest.user.municipality_id
            if place not in events:
                events[place] = [
                    {
                        "title": o.activity.title,
                        "starts_at": o.starts_at,
                        "link": absolute_url(reverse("activities:occurrence", args=[o.pk])),
                    }
                    for o in queries.events_for(campaign, place)
                ]
            _tell(
                guest.user,
                "unmatched",
                proposal=None,
                me=guest,
                events=events[place],
                campaign=campaign,
                calendar=absolute_url(reverse("activities:list")),
            )
            guest.told_unmatched_at = now
            guest.save(update_fields=["told_unmatched_at"])
        audit.record(
            action="christmas.unmatched.told",
            actor=by,
            obj=campaign,
            municipality=campaign.municipality_id,
            details={"guests": len(guests)},
        )
    return len(guests)


# --- E-mails ----------------------------------------------------------------------------------------------------

SUBJECTS = {
    "proposed": _("A proposal for Christmas friends: %(title)s"),
    "matched": _("You are Christmas friends: %(title)s"),
    "declined": _("About the proposal for Christmas friends: %(title)s"),
    "cancelled": _("Cancelled: the proposal for Christmas friends (%(title)s)"),
    "unmatched": _("Christmas friends: we did not find a table for you (%(title)s)"),
}


def _tell(person, kind: str, *, proposal: Proposal | None, me: Registration, **context) -> None:
    campaign = context.get("campaign") or proposal.campaign
    link = reverse("christmas:answer", args=[proposal.pk]) if proposal is not None else reverse("christmas:mine")
    notify(
        person,
        subject=SUBJECTS[kind],
        subject_params={"title": campaign.title},
        template=f"christmas/email/{kind}.txt",
        context={
            "campaign": campaign,
            "proposal": proposal,
            "me": me,
            "link": absolute_url(link),
            **context,
        },
    )
