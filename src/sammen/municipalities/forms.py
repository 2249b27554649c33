"""Form fields for choosing municipalities, shared by the public lists' filters (by slug, as their links are)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sammen.municipalities.models import Municipality


def municipality_filter(**options) -> forms.ModelChoiceField:
    """One municipality to filter by, or all."""
    return forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.only("name", "slug"),
        to_field_name="slug",
        required=False,
        **{"empty_label": _("All municipalities"), **options},
    )
