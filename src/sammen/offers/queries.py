"""Reads: the public catalogue, a provider's own offers, the staff review queue, and who may see an offer."""

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from sammen.access.organisers import managed_units, may_manage
from sammen.access.permissions import Permission, has_permission
from sammen.associations import queries as association_queries
from sammen.municipalities.models import Municipality
from sammen.offers.models import Offer, OfferStatus
from sammen.search.queries import filter_by_text
from sammen.taxonomy.models import Term


def _for_cards(offers: QuerySet) -> QuerySet:
    # The cards show the provider, the municipality and the problem areas: three queries for any page size.
    return offers.select_related("association", "unit", "municipality").prefetch_related("problem_areas")


def catalogue(
    *,
    query: str = "",
    problem_area: Term | None = None,
    target_group: Term | None = None,
    age_group: Term | None = None,
    municipality: Municipality | None = None,
    receives_rehabilitation: bool = False,
) -> QuerySet[Offer]:
    """Published offers that match every given filter, in title order."""
    offers = Offer.objects.published()
    if problem_area is not None:
        offers = offers.filter(problem_areas=problem_area)
    if target_group is not None:
        offers = offers.filter(target_groups=target_group)
    if age_group is not None:
        offers = offers.filter(age_groups=age_group)
    if municipality is not None:
        offers = offers.filter(municipality=municipality)
    if receives_rehabilitation:
        offers = offers.filter(receives_rehabilitation=True)
    return _for_cards(filter_by_text(offers, query))


def offer_for_page(pk: int) -> Offer:
    return get_object_or_404(
        Offer.objects.select_related("association", "unit", "municipality").prefetch_related(
            "problem_areas", "target_groups", "age_groups"
        ),
        pk=pk,
    )


def may_review(user, offer: Offer) -> bool:
    return has_permission(user, Permission.MANAGE_COMMUNITY, offer.municipality_id)


def visible_to(user, offer: Offer) -> bool:
    """Published offers are public; the others only for their provider and (once sent) the staff who review them."""
    provider_visible = (offer.association is None or offer.association.hidden_at is None) and (
        offer.unit is None or offer.unit.active
    )
    if offer.status == OfferStatus.PUBLISHED and provider_visible:
        return True
    # A draft is the provider's own business until they send it for review.
    return may_manage(user, offer) or (offer.status != OfferStatus.DRAFT and may_review(user, offer))


def offers_of_provider(user) -> QuerySet[Offer]:
    """The offers of the associations the person represents and of the units they manage, newest change first."""
    if not user.is_authenticated:
        return Offer.objects.none()
    offers = Offer.objects.filter(
        Q(association__in=association_queries.represented_by(user)) | Q(unit__in=managed_units(user))
    ).order_by("-updated_at", "-pk")
    return _for_cards(offers)


def review_queue(municipality: Municipality, *, status: str = "") -> QuerySet[Offer]:
    """The municipality's offers for staff: waiting ones first, then the rest; latest change first in each.

    Drafts are the provider's own business and are not shown.
    """
    offers = Offer.objects.filter(municipality=municipality).exclude(status=OfferStatus.DRAFT)
    if status:
        offers = offers.filter(status=status)
    waiting_first = Case(
        When(status=OfferStatus.SUBMITTED, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return (
        offers.select_related("association", "unit")
        .annotate(waiting=waiting_first)
        .order_by("waiting", "-updated_at", "-pk")
    )
