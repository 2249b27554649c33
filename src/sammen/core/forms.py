"""How every form in Sammen renders: DKFDS markup, labelled fields, errors linked to their inputs."""

import datetime

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

# Order matters: CheckboxSelectMultiple is a subclass of RadioSelect in Django.
WIDGET_CLASSES = {
    forms.CheckboxInput: "form-checkbox",
    forms.CheckboxSelectMultiple: "form-checkbox",
    forms.RadioSelect: "form-radio",
    forms.Select: "form-select",
    forms.SelectMultiple: "form-select",
    forms.ClearableFileInput: "form-file-input",
    forms.FileInput: "form-file-input",
}


class DKFDSFormRenderer(TemplatesSetting):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


def style_widgets(form: forms.BaseForm) -> None:
    """Give each widget its DKFDS class; called by every Sammen form (and by allauth's through the adapter)."""
    for field in form.fields.values():
        widget = field.widget
        css = next((cls for kind, cls in WIDGET_CLASSES.items() if isinstance(widget, kind)), "form-input")
        existing = widget.attrs.get("class", "")
        if css not in existing.split():
            widget.attrs["class"] = f"{existing} {css}".strip()


class SammenFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


EARLIEST_DATE = datetime.date(2000, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)


class CalendarDateField(forms.DateField):
    """A date on the calendar of things that happen (activities, filters): between 2000 and 2100, so that a typo
    like year 9999 gets a message instead of overflowing the date arithmetic behind it."""

    widget = DateInput
    default_error_messages = {
        "out_of_range": _("Choose a date between %(earliest)s and %(latest)s."),
    }

    def validate(self, value):
        super().validate(value)
        if value and not EARLIEST_DATE <= value <= LATEST_DATE:
            raise forms.ValidationError(
                self.error_messages["out_of_range"],
                code="out_of_range",
                params={"earliest": f"{EARLIEST_DATE:%d-%m-%Y}", "latest": f"{LATEST_DATE:%d-%m-%Y}"},
            )

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "min": f"{EARLIEST_DATE:%Y-%m-%d}", "max": f"{LATEST_DATE:%Y-%m-%d}"}
