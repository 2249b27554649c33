from django import forms
from django.utils.translation import gettext_lazy as _

from sammen.access.organisers import managed_units
from sammen.associations import queries as association_queries
from sammen.associations.models import Association
from sammen.core.forms import CalendarDateField, SammenFormMixin, TimeInput
from sammen.municipalities.forms import municipality_filter
from sammen.municipalities.models import Municipality, MunicipalUnit
from sammen.taskbank.models import Task
from sammen.taxonomy.forms import category_filter
from sammen.taxonomy.models import Category


def organiser_choices(user) -> list[tuple[str, str]]:
    """The associations and units the person may post tasks for, as "association-<id>" / "unit-<id>"."""
    choices = [(f"association-{a.pk}", a.name) for a in association_queries.represented_by(user)]
    choices += [(f"unit-{u.pk}", f"{u.name}, {u.municipality.name}") for u in managed_units(user)]
    return choices


def chosen_organiser(value: str):
    kind, _dash, pk = (value or "").partition("-")
    model = {"association": Association, "unit": MunicipalUnit}.get(kind)
    if model is None or not pk.isdigit():
        return None
    return model.objects.select_related("municipality").filter(pk=int(pk)).first()


class TaskForm(SammenFormMixin, forms.ModelForm):
    """The organiser's form; on a new task it also asks who posts it."""

    organiser = forms.ChoiceField(
        label=_("Who posts the task"),
        error_messages={
            "required": _("Choose the association or municipal unit behind the task."),
            "invalid_choice": _("Choose the association or municipal unit behind the task."),
        },
    )
    starts_on = CalendarDateField(label=_("Date"), help_text=_("The day of the task, or the first day of a window."))
    ends_on = CalendarDateField(
        label=_("Last day"),
        required=False,
        help_text=_("Only for a task that can be done any time within some days (at most 31)."),
    )

    class Meta:
        model = Task
        fields = [
            "title",
            "description",
            "category",
            "skills",
            "volunteers_needed",
            "minimum_age",
            "starts_on",
            "start_time",
            "end_time",
            "ends_on",
            "municipality",
            "address",
            "postal_code",
            "online",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "start_time": TimeInput,
            "end_time": TimeInput,
        }
        help_texts = {
            "title": _("Short and concrete, e.g. “Help set up chairs for the summer party”."),
            "description": _("What is to be done and what the volunteer should bring. Never write a CPR number."),
            "skills": _("A few words, e.g. “driving licence, baking”. Leave it empty if anyone can help."),
            "address": _("Where it takes place. Leave it empty if the task is done online."),
            "contact_name": _("Only the volunteers you accept see the contact details."),
        }
        error_messages = {
            "title": {"required": _("Give the task a title.")},
            "description": {"required": _("Describe the task in a few sentences.")},
            "category": {"required": _("Choose a category.")},
            "volunteers_needed": {
                "required": _("Write how many volunteers the task needs."),
                "min_value": _("A task needs at least 1 volunteer."),
                "max_value": _("A task can need at most 500 volunteers."),
            },
            "municipality": {"required": _("Choose the municipality where the task is.")},
            "contact_name": {"required": _("Write who the volunteers should contact.")},
        }

    SECTIONS = (
        (
            _("The task"),
            ("organiser", "title", "description", "category", "skills", "volunteers_needed", "minimum_age"),
        ),
        (_("When"), ("starts_on", "start_time", "end_time", "ends_on")),
        (_("Where"), ("municipality", "address", "postal_code", "online")),
        (_("Contact"), ("contact_name", "contact_email", "contact_phone")),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.all()
        self.fields["category"].empty_label = _("Choose category")
        self.fields["municipality"].queryset = Municipality.objects.only("name")
        self.fields["municipality"].empty_label = _("Choose municipality")
        self.fields["postal_code"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "postal-code"})
        if self.instance.pk:
            del self.fields["organiser"]
        else:
            self.fields["organiser"].choices = organiser_choices(user)

    def sections(self):
        return [(heading, [self[name] for name in names if name in self.fields]) for heading, names in self.SECTIONS]

    def task_fields(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "organiser"}

    def acting_for(self):
        return chosen_organiser(self.cleaned_data.get("organiser", ""))


class ListFilterForm(SammenFormMixin, forms.Form):
    """The public list's filters; the parameters are Danish words, as in the other public lists."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kommune = municipality_filter()
    dato = CalendarDateField(label=_("Date"), required=False)
    kompetencer = forms.CharField(label=_("Skills"), required=False, max_length=100)
    kategori = category_filter()


class OfferForm(SammenFormMixin, forms.Form):
    message = forms.CharField(
        label=_("Message to the organiser (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example what you are good at, or when you can come."),
    )


class ReasonForm(SammenFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, required=True)


class DeclineForm(SammenFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason (optional, the volunteer sees it)"), max_length=300, required=False)


class HoursForm(SammenFormMixin, forms.Form):
    hours = forms.CharField(
        label=_("Hours given"),
        max_length=60,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={"required": _("Write the hours, e.g. 2.5.")},
    )
