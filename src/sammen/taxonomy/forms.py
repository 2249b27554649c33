"""Form fields for choosing a national category, shared by the public lists' filters (by slug)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sammen.taxonomy.models import Category


def category_filter(**options) -> forms.ModelChoiceField:
    """One category to filter by, or all."""
    return forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.all(),
        to_field_name="slug",
        required=False,
        **{"empty_label": _("All categories"), **options},
    )
