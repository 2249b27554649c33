"""Reads: the campaigns a citizen may join, a person's registrations and proposals, the coordinator's pages
with their figures, and the guest parties still without a table with the public events of the days.

Figures follow the one rule of ``sammen.core.figures``: a count from 1 to 4 people or households reads "under 5",
and so does a number of people from fewer than 5 households. In the table of matches per municipality, whose
totals are shown, more cells are hidden while the hidden ones add up to 1–4, so that they cannot be worked out
from the total.
"""

import contextlib
import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from sammen.activities.queries import Filters, upcoming_occurrences
from sammen.christmas.models import (
    LIVE_PROPOSAL,
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
from sammen.core.calendar import local_datetime
from sammen.core.figures import Figure, figure, hide_complements
from sammen.municipalities.models import Municipality

PART_LABELS = {
    "distance": _("Distance"),
    "in_person": _("Meet at home"),
    "preferences": _("Food"),
    "interests": _("Interests"),
    "languages": _("Languages"),
    "availability": _("Time"),
}


def campaigns_for(user) -> QuerySet[Campaign]:
    """Campaigns open for registration today: for a citizen those of their municipality and those naming it as a
    partner; for a visitor who is not logged in, every open one."""
    today = timezone.localdate()
    campaigns = Campaign.objects.filter(registration_opens_on__lte=today, registration_closes_on__gte=today)
    if user.is_authenticated and user.municipality_id:
        campaigns = campaigns.filter(Q(municipality=user.municipality_id) | Q(partners=user.municipality_id))
    return campaigns.select_related("municipality").prefetch_related("partners").distinct().order_by("event_on", "id")


def campaign_for_page(pk: int) -> Campaign:
    return get_object_or_404(Campaign.objects.select_related("municipality").prefetch_related("partners"), pk=pk)


def live_registration(user, campaign: Campaign) -> Registration | None:
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(campaign=campaign, user=user, status=RegistrationStatus.ACTIVE).first()


def live_consent(user, campaign: Campaign) -> ContactConsent | None:
    if not user.is_authenticated:
        return None
    return ContactConsent.objects.filter(user=user, campaign=campaign, withdrawn_at__isnull=True).first()


def registrations_of(user) -> list[Registration]:
    """The person's registrations, latest campaign first, each with its live proposal (``live``) if any."""
    rows = list(
        Registration.objects.filter(user=user)
        .select_related("campaign__municipality")
        .order_by("-campaign__event_on", "-id")
    )
    proposals = Proposal.objects.filter(LIVE_PROPOSAL).exclude(status=ProposalStatus.PROPOSED)
    by_registration: dict[int, list[Proposal]] = {}
    for proposal in proposals.filter(Q(host__user=user) | Q(guest__user=user)).select_related("host", "guest"):
        mine = proposal.host if proposal.host.user_id == user.pk else proposal.guest
        by_registration.setdefault(mine.pk, []).append(proposal)
    for row in rows:
        row.live = by_registration.get(row.pk, [])
    return rows


def consents_of(user) -> QuerySet[ContactConsent]:
    return ContactConsent.objects.filter(user=user, withdrawn_at__isnull=True).select_related("campaign")


def own_registration(user, pk: int) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related("campaign__municipality"),
        pk=pk,
        user=user,
        status=RegistrationStatus.ACTIVE,
    )


def proposal_for_answer(user, pk: int) -> Proposal:
    """A proposal the person is one side of, once the coordinator has sent it; otherwise it does not exist."""
    return get_object_or_404(
        Proposal.objects.select_related("campaign__municipality", "host__user", "guest__user").filter(
            Q(host__user=user) | Q(guest__user=user)
        ),
        pk=pk,
        status__in=[
            ProposalStatus.SENT,
            ProposalStatus.ACCEPTED,
            ProposalStatus.DECLINED,
            ProposalStatus.CANCELLED,
        ],
        sent_at__isnull=False,
    )


# --- The coordinator's pages -------------------------------------------------------------------------------------


def campaigns_of(municipality: Municipality) -> QuerySet[Campaign]:
    return Campaign.objects.filter(municipality=municipality).prefetch_related("partners").order_by("-event_on", "-id")


def campaign_for_staff(municipality: Municipality, pk: int) -> Campaign:
    return get_object_or_404(
        Campaign.objects.select_related("municipality").prefetch_related("partners"), pk=pk, municipality=municipality
    )


def registrations_for_staff(campaign: Campaign) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(campaign=campaign, status=RegistrationStatus.ACTIVE)
        .select_related("user__municipality")
        .order_by("role", "created_at", "id")
    )


def proposals_for_staff(campaign: Campaign) -> list[Proposal]:
    """Every proposal of the campaign but those replaced, with the parts of its score labelled for the page."""
    rows = list(
        Proposal.objects.filter(campaign=campaign)
        .select_related("host__user", "guest__user")
        .order_by("status", "-score", "id")
    )
    for row in rows:
        row.labelled_parts = [labelled_part(part) for part in row.parts]
    return rows


def labelled_part(part: dict) -> dict:
    """A part of a score as the coordinator reads it: "Afstand: 4.2 km (−1.0)", "Mad: Vegetarisk (+1.0)"."""
    detail = part.get("detail", "")
    if part.get("name") == "distance":
        km = detail.removesuffix(" km")
        with contextlib.suppress(ValueError):
            detail = f"{number_format(float(km), decimal_pos=1)} km"
    elif part.get("name") == "preferences":
        foods = dict(Food.choices)
        detail = ", ".join(str(foods.get(item.partition("=")[2], item)) for item in detail.split(", "))
    elif part.get("name") == "in_person":
        detail = ""
    return {"label": PART_LABELS.get(part.get("name"), part.get("name")), "detail": detail, "points": part["points"]}


def _people(value: int, *, families: int) -> Figure:
    """People (or seats) counted in 1 to 4 households tell about those households: hidden too."""
    return figure(value, people=min(value, families))


@dataclass(frozen=True)
class SideFigures:
    label: str
    families: Figure
    people: Figure
    matched_families: Figure
    matched_people: Figure


@dataclass(frozen=True)
class MunicipalityFigures:
    name: str
    hosts: Figure
    guests: Figure


@dataclass(frozen=True)
class CampaignFigures:
    sides: list[SideFigures]
    municipalities: list[MunicipalityFigures]
    total_hosts: Figure
    total_guests: Figure


def campaign_figures(campaign: Campaign) -> CampaignFigures:
    """Families and people registered on each side and matched (both said yes), and matches per municipality."""
    active = Registration.objects.filter(campaign=campaign, status=RegistrationStatus.ACTIVE)
    registered = {
        row["role"]: row for row in active.values("role").annotate(families=Count("id"), people=Sum("people"))
    }
    accepted = Proposal.objects.filter(campaign=campaign, status=ProposalStatus.ACCEPTED)
    matched_guests = accepted.aggregate(families=Count("id"), people=Sum("guest__people"))
    matched_hosts = accepted.aggregate(families=Count("host", distinct=True), people=Sum("guest__people"))
    sides = []
    for role, label, matched in ((Role.HOST, _("Hosts"), matched_hosts), (Role.GUEST, _("Guests"), matched_guests)):
        row = registered.get(role, {})
        sides.append(
            SideFigures(
                label=str(label),
                families=figure(row.get("families") or 0),
                people=_people(row.get("people") or 0, families=row.get("families") or 0),
                matched_families=figure(matched["families"] or 0),
                matched_people=_people(matched["people"] or 0, families=matched["families"] or 0),
            )
        )
    guests_by_place = dict(
        accepted.values("guest__user__municipality")
        .annotate(n=Count("id"))
        .values_list("guest__user__municipality", "n")
    )
    hosts_by_place = dict(
        accepted.values("host__user__municipality")
        .annotate(n=Count("host", distinct=True))
        .values_list("host__user__municipality", "n")
    )
    places = [campaign.municipality, *(m for m in campaign.partners.all() if m.pk != campaign.municipality_id)]
    hosts = hide_complements([figure(hosts_by_place.get(m.pk, 0)) for m in places])
    guests = hide_complements([figure(guests_by_place.get(m.pk, 0)) for m in places])
    return CampaignFigures(
        sides=sides,
        municipalities=[
            MunicipalityFigures(name=m.name, hosts=h, guests=g) for m, h, g in zip(places, hosts, guests, strict=True)
        ],
        total_hosts=figure(sum(hosts_by_place.values())),
        total_guests=figure(sum(guests_by_place.values())),
    )


def list_figures(campaigns: list[Campaign]) -> None:
    """Families registered on each side (``hosts``, ``guests``) and matches (``accepted``) for the list of
    campaigns, in two queries whatever the number of campaigns."""
    rows = (
        Registration.objects.filter(campaign__in=campaigns, status=RegistrationStatus.ACTIVE)
        .values("campaign", "role")
        .annotate(n=Count("id"))
    )
    found = {(row["campaign"], row["role"]): row["n"] for row in rows}
    accepted = dict(
        Proposal.objects.filter(campaign__in=campaigns, status=ProposalStatus.ACCEPTED)
        .values("campaign")
        .annotate(n=Count("id"))
        .values_list("campaign", "n")
    )
    for campaign in campaigns:
        campaign.hosts = figure(found.get((campaign.pk, Role.HOST), 0))
        campaign.guests = figure(found.get((campaign.pk, Role.GUEST), 0))
        campaign.accepted = figure(accepted.get(campaign.pk, 0))


# --- Guests without a table -------------------------------------------------------------------------------------

# The days of the activities an unmatched guest is told about, by the campaign's kind: (month, first day, last day).
EVENT_DAYS = {CampaignKind.CHRISTMAS: (12, 24, 26), CampaignKind.NEW_YEAR: (12, 31, 31)}
MOST_EVENTS_IN_EMAIL = 8


def events_for(campaign: Campaign, municipality_id: int | None) -> list:
    """Public activities on the days of the campaign (24–26 December, or 31 December) in the municipality."""
    month, first, last = EVENT_DAYS[campaign.kind]
    start = local_datetime(datetime.date(campaign.year, month, first), datetime.time(0))
    end = local_datetime(datetime.date(campaign.year, month, last) + datetime.timedelta(days=1), datetime.time(0))
    filters = Filters(
        municipality_ids=[municipality_id] if municipality_id else [],
        starts_from=max(start, timezone.now()),
        until=end,
    )
    return [o for o in upcoming_occurrences(filters)[:MOST_EVENTS_IN_EMAIL] if o.cancelled_at is None]


def unmatched_guests(campaign: Campaign) -> QuerySet[Registration]:
    """Active guest parties with no proposal in play: none proposed, sent or accepted."""
    return (
        Registration.objects.filter(campaign=campaign, role=Role.GUEST, status=RegistrationStatus.ACTIVE)
        .exclude(proposals_as_guest__status__in=[ProposalStatus.PROPOSED, ProposalStatus.SENT, ProposalStatus.ACCEPTED])
        .select_related("user")
        .order_by("created_at", "id")
    )
