"""The organiser's forms. They only read what was typed; the rules (end after start, seats, deadline, place…)
live in ``services``, whose messages the views put next to the field they are about."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from sammen.access.organisers import managed_units
from sammen.activities.services import ERRORS
from sammen.associations import queries as association_queries
from sammen.core.calendar import Recurrence, local_datetime
from sammen.core.denmark import SPOKEN_LANGUAGES, postal_code_validator
from sammen.core.forms import CalendarDateField, CheckedModelMultipleChoiceField, DateInput, SammenFormMixin, TimeInput
from sammen.municipalities.models import Municipality
from sammen.taxonomy.models import Category, Term
from sammen.taxonomy.vocabularies import Vocabulary

MYSELF = "self"


def organiser_choices(user) -> list[tuple[str, str]]:
    """ "Myself", then the associations the person represents and the units they manage."""
    choices = [(MYSELF, _("Myself"))]
    choices += [(f"association-{a.pk}", a.name) for a in association_queries.represented_by(user)]
    choices += [(f"unit-{u.pk}", str(u)) for u in managed_units(user)]
    return choices


def chosen_organiser(user, value: str):
    """The association or unit behind a choice of :func:`organiser_choices` (``None`` for "Myself")."""
    kind, _sep, pk = value.partition("-")
    if kind == "association":
        return association_queries.represented_by(user).get(pk=pk)
    if kind == "unit":
        return managed_units(user).get(pk=pk)
    return None


MAX_SEATS = 10_000


def day_field(**kwargs) -> CalendarDateField:
    return CalendarDateField(
        label=_("Date"),
        widget=DateInput,
        error_messages={"required": _("Choose the date."), "invalid": _("Write the date as dd-mm-yyyy.")},
        **kwargs,
    )


def clock_field(label, *, required_message) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        widget=TimeInput,
        error_messages={"required": required_message, "invalid": _("Write the time as 10:00.")},
    )


def seats_field(help_text) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Number of seats"),
        required=False,
        max_value=MAX_SEATS,
        error_messages={"max_value": _("An activity can have at most %(limit_value)s seats.")},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=help_text,
    )


class ActivityForm(SammenFormMixin, forms.Form):
    """What the whole activity shares. ``ActivityCreateForm`` adds who organises it and when."""

    title = forms.CharField(
        label=_("Title"),
        max_length=120,
        help_text=_("Short and concrete, e.g. “Walking group by the lake”."),
        error_messages={"required": _("Give the activity a title.")},
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What happens, and what people should bring. Never write a CPR number."),
        error_messages={"required": _("Describe the activity in a few words.")},
    )
    target_groups = CheckedModelMultipleChoiceField(
        label=_("Who is it for?"),
        queryset=Term.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose one or more."),
        error_messages={"required": ERRORS["no_target_group"]},
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.all(),
        error_messages={"required": _("Choose the category that fits best.")},
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.only("name"),
        error_messages={"required": _("Choose the municipality where the activity takes place.")},
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=200,
        required=False,
        help_text=_("Street and number, or a place everybody knows. Leave it empty if the activity is online."),
    )
    postal_code = forms.CharField(
        label=_("Postal code"),
        max_length=4,
        required=False,
        validators=[postal_code_validator],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    online_url = forms.URLField(
        label=_("Link to the online meeting"),
        required=False,
        assume_scheme="https",
        help_text=_("Only for activities that take place online."),
    )
    price = forms.DecimalField(
        label=_("Price in kroner"),
        min_value=0,
        max_digits=7,
        decimal_places=2,
        initial=0,
        help_text=_("Write 0 if it is free."),
        error_messages={"required": _("Write the price, or 0 if it is free.")},
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"), choices=SPOKEN_LANGUAGES, required=False, widget=forms.CheckboxSelectMultiple
    )
    accessibility = CheckedModelMultipleChoiceField(
        label=_("Accessibility"),
        queryset=Term.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    signup_required = forms.BooleanField(
        label=_("People must sign up"),
        required=False,
        initial=True,
        help_text=_("Untick if people can just come (drop-in)."),
    )
    capacity = seats_field(
        _("Leave it empty if there is no limit. When the seats are taken, people go on a waiting list.")
    )

    FIELDSETS = [
        (_("What"), ["title", "description"]),
        (_("Target group and category"), ["target_groups", "category"]),
        (_("Where"), ["municipality", "address", "postal_code", "online_url"]),
        (_("Practical"), ["price", "languages", "accessibility", "seats"]),
    ]
    ACTIVITY_FIELDS = [
        "title",
        "description",
        "target_groups",
        "category",
        "municipality",
        "address",
        "postal_code",
        "online_url",
        "price",
        "languages",
        "accessibility",
        "signup_required",
        "capacity",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_groups"].queryset = Term.objects.of(Vocabulary.TARGET_GROUP)
        self.fields["accessibility"].queryset = Term.objects.of(Vocabulary.ACCESSIBILITY)

    def fieldsets(self):
        """(legend, bound fields) for each group of the form; "seats" stands for the sign-up fields."""
        seat_fields = [name for name in ("signup_required", "capacity", "deadline_date", "deadline_time")]
        for legend, names in self.FIELDSETS:
            expanded = []
            for name in names:
                expanded += seat_fields if name == "seats" else [name]
            yield legend, [self[name] for name in expanded if name in self.fields]

    def activity_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.ACTIVITY_FIELDS}
        data["target_groups"] = list(data["target_groups"])
        data["accessibility"] = list(data["accessibility"])
        return data


class ActivityCreateForm(ActivityForm):
    organiser = forms.ChoiceField(
        label=_("Who organises the activity?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose who organises the activity."),
            "invalid_choice": _("Choose who organises the activity."),
        },
    )
    first_date = day_field(help_text=_("For a series: the first date."))
    starts = clock_field(_("Start time"), required_message=_("Write when it starts."))
    ends = clock_field(_("End time"), required_message=_("Write when it ends."))
    recurrence = forms.ChoiceField(
        label=_("Repeats"), choices=Recurrence.choices, required=False, widget=forms.RadioSelect, initial=""
    )
    repeat_until = CalendarDateField(
        label=_("Repeat until"),
        widget=DateInput,
        required=False,
        help_text=_("The last date of the series, at most one year ahead."),
        error_messages={"invalid": _("Write the date as dd-mm-yyyy.")},
    )
    deadline_date = CalendarDateField(
        label=_("Sign-up deadline (date)"),
        widget=DateInput,
        required=False,
        help_text=_("For a series, each date closes as long before its start as the first date does."),
        error_messages={"invalid": _("Write the date as dd-mm-yyyy.")},
    )
    deadline_time = forms.TimeField(
        label=_("Sign-up deadline (time)"),
        widget=TimeInput,
        required=False,
        error_messages={"invalid": _("Write the time as 10:00.")},
    )

    FIELDSETS = [
        (_("Organiser"), ["organiser"]),
        *ActivityForm.FIELDSETS[:2],
        (_("When"), ["first_date", "starts", "ends", "recurrence", "repeat_until"]),
        *ActivityForm.FIELDSETS[2:],
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].choices = organiser_choices(user)
        self.fields["organiser"].initial = MYSELF

    def clean(self):
        cleaned = super().clean()
        day, clock = cleaned.get("deadline_date"), cleaned.get("deadline_time")
        if day and not clock and "deadline_time" not in self.errors:
            self.add_error("deadline_time", _("Write the time of the deadline too."))
        if clock and not day and "deadline_date" not in self.errors:
            self.add_error("deadline_date", _("Write the date of the deadline too."))
        return cleaned

    def signup_deadline(self) -> datetime.datetime | None:
        day, clock = self.cleaned_data.get("deadline_date"), self.cleaned_data.get("deadline_time")
        return local_datetime(day, clock) if day and clock else None


class OccurrenceForm(SammenFormMixin, forms.Form):
    """Move one date or change its seats."""

    day = day_field()
    starts = clock_field(_("Start time"), required_message=_("Write when it starts."))
    ends = clock_field(_("End time"), required_message=_("Write when it ends."))
    capacity = seats_field(_("Leave it empty if there is no limit."))


class MessageForm(SammenFormMixin, forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Sent by e-mail to everyone signed up and on the waiting list. Never write a CPR number."),
        error_messages={"required": _("Write a message.")},
    )


class CancelForm(SammenFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to everyone signed up, e.g. “The leader is ill”."),
        error_messages={"required": _("Write a short reason, so that the participants know why.")},
    )
