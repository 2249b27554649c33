"""Reads of municipalities and their units."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from sammen.municipalities.models import Municipality, MunicipalUnit


def units_of(municipality: Municipality) -> QuerySet[MunicipalUnit]:
    return (
        MunicipalUnit.objects.filter(municipality=municipality)
        .select_related("municipality")
        .order_by("-active", "name")
    )


def unit_of(municipality: Municipality, pk: int) -> MunicipalUnit:
    """The municipality's unit with this id, or 404 (a unit of another municipality does not exist here)."""
    return get_object_or_404(MunicipalUnit.objects.select_related("municipality"), pk=pk, municipality=municipality)


def slugs_of_ids(ids: list[str]) -> list[str]:
    """Municipality ids as slugs, for links made when lists named municipalities by id."""
    wanted = [int(pk) for pk in ids if pk.isdigit() and len(pk) <= 9]
    return list(Municipality.objects.filter(pk__in=wanted).order_by("pk").values_list("slug", flat=True))
