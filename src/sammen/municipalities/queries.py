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
