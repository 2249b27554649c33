"""How every form in Sammen renders: DKFDS markup, labelled fields, errors linked to their inputs."""

from django import forms
from django.forms.renderers import TemplatesSetting

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
