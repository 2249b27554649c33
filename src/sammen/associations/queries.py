"""Reads for the association pages: the directory, a profile's upcoming dates, the staff lists."""

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from sammen.associations.models import Association, Representative
from sammen.municipalities.models import Municipality
from sammen.search.queries import filter_by_text


def directory(*, query: str = "", municipality=None, category=None) -> QuerySet[Association]:
    """Visible associations by name, narrowed by free text, municipality and category."""
    associations = Association.objects.visible().select_related("municipality").prefetch_related("categories")
    if municipality is not None:
        associations = associations.filter(municipality=municipality)
    if category is not None:
        associations = associations.filter(categories=category)
    return filter_by_text(associations, query)


def represented_by(user) -> QuerySet[Association]:
    """The visible associations the person represents: those ``access.organisers.may_act_for`` allows."""
    if not user.is_authenticated:
        return Association.objects.none()
    return Association.objects.visible().filter(representatives__user=user)


def association_for_page(slug: str) -> Association:
    """A visible association with what its profile shows, or 404."""
    return get_object_or_404(
        Association.objects.visible().select_related("municipality").prefetch_related("categories"), slug=slug
    )


def representatives_of(association: Association) -> QuerySet[Representative]:
    return association.representatives.select_related("user").only("id", "association_id", "user__display_name")


def pending_invitations(association: Association):
    return association.invitations.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


def associations_for_staff(municipality: Municipality) -> QuerySet[Association]:
    """All the municipality's associations, hidden ones too; those waiting for verification first."""
    return (
        Association.objects.filter(municipality=municipality)
        .prefetch_related("categories")
        .annotate(waiting=ExpressionWrapper(Q(verified_at__isnull=True), output_field=BooleanField()))
        .order_by("-waiting", "name", "id")
    )
