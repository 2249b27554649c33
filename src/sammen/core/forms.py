"""How every form in Sammen renders: DKFDS markup, labelled fields, errors linked to their inputs."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from sammen.core.errors import SammenError
from sammen.core.ids import parse_id

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


def add_service_error(form: forms.BaseForm, error: SammenError) -> None:
    """Put a service's message next to the field it names (``error.field``), or above the form; the form keeps
    what the person typed."""
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, str(error))


class CheckedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses a chosen id that is not a whole number a database column can hold before asking the database:
    SQLite raises OverflowError (a server error) on a posted 30-digit number."""

    def _check_values(self, value):
        for pk in value:
            if parse_id(pk) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


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
