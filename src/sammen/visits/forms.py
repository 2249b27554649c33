"""The visiting-friend forms; they only shape and type what people send, the services decide what is allowed."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from sammen.activities.models import Activity
from sammen.core.denmark import SPOKEN_LANGUAGES
from sammen.core.forms import CalendarDateField, CheckedModelMultipleChoiceField, SammenFormMixin
from sammen.taxonomy.models import Category
from sammen.visits.models import DAY_PARTS, WEEKDAYS, Frequency, GenderWish, Mobility, Way


def slot_choices() -> list[tuple[str, str]]:
    """The availability slots, "Monday morning" … "Sunday evening", in the reader's language."""
    return [
        (f"{day}_{part}", capfirst(f"{day_name} {part_name}"))
        for day, day_name in WEEKDAYS
        for part, part_name in DAY_PARTS
    ]


def _slots_field(label):
    return forms.MultipleChoiceField(
        label=label,
        required=False,
        choices=slot_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick the times that usually suit you."),
    )


def _interests_field():
    return CheckedModelMultipleChoiceField(
        label=_("Interests"),
        queryset=Category.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class RequestForm(SammenFormMixin, forms.Form):
    way = forms.ChoiceField(label=_("How would you like to meet?"), choices=Way.choices, widget=forms.RadioSelect)
    frequency = forms.ChoiceField(label=_("How often?"), choices=Frequency.choices, widget=forms.RadioSelect)
    mobility = forms.ChoiceField(label=_("How do you get about?"), choices=Mobility.choices, widget=forms.RadioSelect)
    gender_wish = forms.ChoiceField(
        label=_("Your visiting friend should be"),
        choices=GenderWish.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    interests = _interests_field()
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak"), choices=SPOKEN_LANGUAGES, widget=forms.CheckboxSelectMultiple, required=False
    )
    availability = _slots_field(_("When can you?"))
    postal_code = forms.CharField(
        label=_("Postal code"),
        max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    accepts_other_municipality = forms.BooleanField(
        label=_("A visiting friend from another municipality is fine"), required=False
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=20,
        required=False,
        help_text=_("Your visiting friend gets it when you have both said yes."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    about = forms.CharField(
        label=_("A little about you"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you like, what you would like to do together. Never write a CPR number."),
    )

    def request_fields(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "interests"}


class EnrolForm(RequestForm):
    display_name = forms.CharField(label=_("The citizen's name"), max_length=60)
    email = forms.CharField(
        label=_("The citizen's e-mail"),
        max_length=254,
        required=False,
        help_text=_("Leave it empty for a citizen without e-mail: then give a phone number."),
    )
    consent_on = CalendarDateField(label=_("Consent signed on"), help_text=_("The date on the paper consent."))

    field_order = ["display_name", "email", "phone", "postal_code", "consent_on"]

    def request_fields(self) -> dict:
        skip = {"interests", "display_name", "email", "consent_on"}
        return {name: value for name, value in self.cleaned_data.items() if name not in skip}


class RoomForm(SammenFormMixin, forms.Form):
    capacity = forms.IntegerField(label=_("How many friends can you have?"), min_value=1, max_value=5)
    hours_per_month = forms.IntegerField(label=_("Hours a month"), min_value=1, max_value=80)
    max_km = forms.IntegerField(label=_("How far will you travel (km)?"), min_value=0, max_value=100)
    way = forms.ChoiceField(label=_("How would you like to meet?"), choices=Way.choices, widget=forms.RadioSelect)
    mobility = forms.ChoiceField(
        label=_("Whom can you visit in person?"),
        choices=Mobility.choices,
        widget=forms.RadioSelect,
        help_text=_("Choose the hardest you are ready for. A bedridden citizen is visited at home."),
    )
    availability = _slots_field(_("When can you?"))
    interests = _interests_field()
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=20,
        required=False,
        help_text=_("Your friends get it when you have both said yes."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def room_fields(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "interests"}


class MeetingForm(SammenFormMixin, forms.Form):
    on = CalendarDateField(label=_("Date"))
    minutes = forms.IntegerField(label=_("How many minutes?"), min_value=1, max_value=1440)
    way = forms.ChoiceField(label=_("How did you meet?"), choices=Way.choices[:2], widget=forms.RadioSelect)


class EndForm(SammenFormMixin, forms.Form):
    reason = forms.CharField(label=_("Why would you like to stop?"), max_length=300)
    wants_new = forms.BooleanField(label=_("I would like a new visiting friend"), required=False)


class StaffEndForm(EndForm):
    wants_new = forms.BooleanField(label=_("The citizen would like a new visiting friend"), required=False)


class CheckInForm(SammenFormMixin, forms.Form):
    note = forms.CharField(label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class TalkForm(SammenFormMixin, forms.Form):
    message = forms.CharField(
        label=_("What would you like to talk about?"), max_length=1000, widget=forms.Textarea(attrs={"rows": 4})
    )


class AnswerForm(SammenFormMixin, forms.Form):
    answer = forms.CharField(
        label=_("Your answer"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example a time and a place for the talk."),
    )


class SupervisionForm(SammenFormMixin, forms.Form):
    activity = forms.ModelChoiceField(label=_("Activity"), queryset=Activity.objects.none())

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = Activity.objects.filter(municipality=municipality).order_by("-id")
