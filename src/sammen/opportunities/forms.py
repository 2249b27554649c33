"""The job consultants' forms (and an association representative's volunteering form); the services check
everything again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sammen.associations import queries as association_queries
from sammen.associations.models import Association
from sammen.core.forms import CalendarDateField, SammenFormMixin
from sammen.opportunities.matching import YES_KINDS
from sammen.opportunities.models import (
    MOST_HOURS_PER_WEEK,
    MOST_KM,
    ConsentWay,
    CourseStatus,
    NeedKind,
    OpportunityKind,
    TimeOfDay,
)
from sammen.taskbank.models import Task
from sammen.taxonomy.models import Category

TIME_CHOICES = [("", _("Any time of day")), *TimeOfDay.choices]


def _postal_code_field():
    return forms.CharField(
        label=_("Postal code"),
        max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
        error_messages={"required": _("Write the postal code.")},
    )


def _interests_field():
    return forms.ModelMultipleChoiceField(
        label=_("Interests"),
        queryset=Category.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class CourseForm(SammenFormMixin, forms.Form):
    name = forms.CharField(label=_("The citizen's name"), max_length=120, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    postal_code = _postal_code_field()
    started_on = CalendarDateField(label=_("Course started on"))
    interests = _interests_field()
    abilities = forms.CharField(
        label=_("Abilities"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    potentials = forms.CharField(
        label=_("Potentials"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    consent_way = forms.ChoiceField(
        label=_("How the citizen gave consent"),
        choices=ConsentWay.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the citizen gave their consent.")},
    )
    consent_given_on = CalendarDateField(label=_("Consent given on"))

    SECTIONS = (
        (_("The citizen"), ("name", "phone", "email", "postal_code")),
        (_("The course"), ("started_on", "interests", "abilities", "potentials")),
        (_("Consent"), ("consent_way", "consent_given_on")),
    )

    def sections(self):
        return [(heading, [self[name] for name in names if name in self.fields]) for heading, names in self.SECTIONS]


class CourseEditForm(CourseForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("started_on", "consent_way", "consent_given_on"):
            del self.fields[name]


class NeedForm(SammenFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Accommodation need"), choices=NeedKind.choices)
    number = forms.IntegerField(
        label=_("Hours a week or km"),
        required=False,
        min_value=1,
        max_value=MOST_KM,
        help_text=_("Only for “at most a number of hours a week” and “transport of at most a number of km”."),
    )
    time_of_day = forms.ChoiceField(
        label=_("Time of day"),
        choices=[("", _("Not relevant")), *TimeOfDay.choices],
        required=False,
        help_text=_("Only for “only at a time of day”."),
    )
    text = forms.CharField(label=_("Note"), max_length=500, required=False)


class OpportunityForm(SammenFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=OpportunityKind.choices, widget=forms.RadioSelect)
    title = forms.CharField(label=_("Title"), max_length=120, required=False)
    description = forms.CharField(
        label=_("Description"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    asks = forms.CharField(label=_("What it asks"), max_length=300, required=False)
    employer_name = forms.CharField(label=_("Employer"), max_length=120, required=False)
    association = forms.ModelChoiceField(label=_("Association"), queryset=Association.objects.none(), required=False)
    task = forms.ModelChoiceField(
        label=_("Task bank task"),
        queryset=Task.objects.none(),
        required=False,
        help_text=_("Title, description and place are taken from the task when you leave them empty."),
    )
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.all(), required=False)
    hours_per_week = forms.IntegerField(label=_("Hours per week"), min_value=1, max_value=MOST_HOURS_PER_WEEK)
    time_of_day = forms.ChoiceField(label=_("Time of day"), choices=TIME_CHOICES, required=False)
    postal_code = _postal_code_field()
    places = forms.IntegerField(label=_("Places"), min_value=1, max_value=50, initial=1)
    offers = forms.MultipleChoiceField(
        label=_("Accommodations it can offer"),
        choices=[(kind.value, kind.label) for kind in YES_KINDS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    fewest_hours = forms.IntegerField(
        label=_("Can go down to this many hours a week"), min_value=1, max_value=MOST_HOURS_PER_WEEK, required=False
    )
    other_times = forms.MultipleChoiceField(
        label=_("Can also be done at these times of day"),
        choices=TimeOfDay.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    SECTIONS = (
        (_("The opportunity"), ("kind", "title", "description", "asks", "category", "places")),
        (_("Who offers the opportunity"), ("employer_name", "association", "task")),
        (_("When and where"), ("hours_per_week", "time_of_day", "postal_code")),
        (_("Accommodations"), ("offers", "fewest_hours", "other_times")),
    )

    def __init__(self, *args, municipality=None, representative=None, **kwargs):
        super().__init__(*args, **kwargs)
        if representative is not None:
            self.fields["association"].queryset = association_queries.represented_by(representative)
            self.fields["association"].required = True
            self.fields["association"].empty_label = None
            for name in ("kind", "employer_name", "task"):
                del self.fields[name]
        else:
            self.fields["association"].queryset = Association.objects.visible().filter(municipality=municipality)
            self.fields["task"].queryset = Task.objects.published().filter(municipality=municipality)

    def sections(self):
        return [(heading, [self[name] for name in names if name in self.fields]) for heading, names in self.SECTIONS]

    def opportunity_fields(self) -> dict:
        data = self.cleaned_data
        accommodations = [{"kind": kind} for kind in data["offers"]]
        if data.get("fewest_hours"):
            accommodations.append({"kind": NeedKind.MAX_HOURS, "number": data["fewest_hours"]})
        accommodations += [{"kind": NeedKind.TIME_OF_DAY, "time_of_day": t} for t in data["other_times"]]
        names = ("kind", "title", "description", "asks", "employer_name", "association", "task", "category")
        fields = {name: data[name] for name in names if name in data}
        fields.update(
            hours_per_week=data["hours_per_week"],
            time_of_day=data["time_of_day"],
            postal_code=data["postal_code"],
            places=data["places"],
            accommodations=accommodations,
        )
        fields = {
            key: ("" if value is None and key in ("title", "description", "asks") else value)
            for key, value in fields.items()
        }
        return fields


class FollowUpForm(SammenFormMixin, forms.Form):
    due_on = CalendarDateField(label=_("Date of the check-in"))
    plan = forms.CharField(label=_("What to follow up on"), max_length=300, required=False)


class RecordFollowUpForm(SammenFormMixin, forms.Form):
    follow_up = forms.TypedChoiceField(label=_("Check-in"), coerce=int)
    done_on = CalendarDateField(label=_("Done on"))
    notes = forms.CharField(label=_("Notes"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, follow_ups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["follow_up"].choices = [
            (f.pk, f"{f.due_on:%d-%m-%Y}" + (f" – {f.plan}" if f.plan else "")) for f in follow_ups
        ]


class OutcomeForm(SammenFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=CourseStatus.choices)
    happened_on = CalendarDateField(label=_("Date"))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
