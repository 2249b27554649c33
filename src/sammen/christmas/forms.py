from django import forms
from django.utils.translation import gettext_lazy as _

from sammen.christmas.models import MOST_KM, MOST_PEOPLE, CampaignKind, Food
from sammen.core.forms import CalendarDateField, CheckedModelMultipleChoiceField, SammenFormMixin
from sammen.municipalities.models import Municipality

PEOPLE_ERRORS = {
    "required": _("Write a number from 1 to 20."),
    "invalid": _("Write a number from 1 to 20."),
    "min_value": _("Write a number from 1 to 20."),
    "max_value": _("Write a number from 1 to 20."),
}
DISTANCE_ERRORS = {
    "required": _("Write how far you can travel: from 1 to 100 km."),
    "invalid": _("Write how far you can travel: from 1 to 100 km."),
    "min_value": _("Write how far you can travel: from 1 to 100 km."),
    "max_value": _("Write how far you can travel: from 1 to 100 km."),
}


class CampaignForm(SammenFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=120,
        help_text=_("E.g. “Christmas friends in Herning 2026”."),
        error_messages={"required": _("Give the campaign a title.")},
    )
    kind = forms.ChoiceField(label=_("Which evening"), choices=CampaignKind.choices)
    year = forms.IntegerField(
        label=_("Year"),
        min_value=2020,
        max_value=2100,
        error_messages={
            "required": _("Write a year from 2020 to 2100."),
            "invalid": _("Write a year from 2020 to 2100."),
            "min_value": _("Write a year from 2020 to 2100."),
            "max_value": _("Write a year from 2020 to 2100."),
        },
    )
    registration_opens_on = CalendarDateField(label=_("Registration opens"))
    registration_closes_on = CalendarDateField(label=_("Registration closes"))
    matching_on = CalendarDateField(label=_("Matching date"))
    event_on = CalendarDateField(label=_("The day itself"), help_text=_("E.g. 24 December."))
    partners = CheckedModelMultipleChoiceField(
        label=_("Partner municipalities"),
        queryset=Municipality.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Their citizens may also register, and be matched with yours."),
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = Municipality.objects.exclude(pk=municipality.pk).filter(
            region_code=municipality.region_code
        )
        self.fields["year"].widget.attrs["inputmode"] = "numeric"


class RegistrationForm(SammenFormMixin, forms.Form):
    """The host's or the guest's form: the fields of the other role are removed."""

    people = forms.IntegerField(min_value=1, max_value=MOST_PEOPLE, error_messages=PEOPLE_ERRORS)
    description = forms.CharField(
        label=_("About you"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write a few words about yourselves, e.g. who you are and what you like.")},
    )
    postal_code = forms.CharField(
        label=_("Your postal code"),
        max_length=4,
        error_messages={"required": _("Fill in this field.")},
        help_text=_("Four digits, e.g. 7400. We use it to find someone near you."),
    )
    # The host's side.
    address = forms.CharField(
        label=_("Your address"),
        max_length=200,
        required=False,
        help_text=_("Street and number. Your guests see it only when you have both said yes."),
    )
    step_free_home = forms.BooleanField(label=_("My home is step-free (no steps, or a ramp)"), required=False)
    has_pets = forms.BooleanField(label=_("There are pets in my home"), required=False)
    smoking = forms.BooleanField(label=_("People smoke in my home"), required=False)
    food_served = forms.ChoiceField(
        label=_("The food I serve"), choices=[("", _("Not decided")), *Food.choices], required=False
    )
    # The guest's side.
    max_distance_km = forms.IntegerField(
        label=_("How far can you travel (km)?"),
        min_value=1,
        max_value=MOST_KM,
        error_messages=DISTANCE_ERRORS,
        help_text=_("From 1 to 100 km. On Christmas Eve there are few buses."),
    )
    needs_step_free = forms.BooleanField(label=_("We need a step-free home"), required=False)
    no_pets = forms.BooleanField(label=_("We cannot be with pets (e.g. allergy)"), required=False)
    non_smoking = forms.BooleanField(label=_("We need a smoke-free home"), required=False)
    food_wanted = forms.ChoiceField(
        label=_("The food we would like"), choices=[("", _("Anything"))] + list(Food.choices), required=False
    )
    contact_consent = forms.BooleanField(
        label=_("You may tell me about other activities later"),
        required=False,
        help_text=_(
            "This is a consent of its own. You can withdraw it at any time on the page “My Christmas friends”."
        ),
    )

    HOST_ONLY = ("address", "step_free_home", "has_pets", "smoking", "food_served")
    GUEST_ONLY = ("max_distance_km", "needs_step_free", "no_pets", "non_smoking", "food_wanted")

    def __init__(self, *args, role: str, with_consent: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.GUEST_ONLY if role == "host" else self.HOST_ONLY:
            del self.fields[name]
        if not with_consent:
            del self.fields["contact_consent"]
        if role == "host":
            self.fields["address"].required = True
            self.fields["address"].error_messages["required"] = _(
                "Write your address. Your guests see it only when you have both said yes."
            )
            self.fields["people"].label = _("How many guests can you seat?")
            self.fields["people"].help_text = _("From 1 to 20. Count the guests only, not your own household.")
            self.fields["description"].help_text = _(
                "Who you are and what your Christmas is like, e.g. “We are a couple in our sixties with a dog; we "
                "dance around the tree.” Never write a CPR number."
            )
        else:
            self.fields["people"].label = _("How many are you?")
            self.fields["people"].help_text = _("From 1 to 20: everyone who would come, yourself included.")
            self.fields["description"].help_text = _(
                "Who you are, e.g. “I am 78 and live alone; I like to sing.” Never write a CPR number."
            )
        for name in ("people", "max_distance_km", "postal_code"):
            if name in self.fields:
                self.fields[name].widget.attrs["inputmode"] = "numeric"
        self.fields["postal_code"].widget.attrs["autocomplete"] = "postal-code"
        if "address" in self.fields:
            self.fields["address"].widget.attrs["autocomplete"] = "street-address"

    def registration_fields(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "contact_consent"}
