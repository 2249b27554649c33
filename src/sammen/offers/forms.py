from django import forms
from django.utils.translation import gettext_lazy as _

from sammen.access.organisers import managed_units
from sammen.associations import queries as association_queries
from sammen.associations.models import Association
from sammen.core.denmark import SPOKEN_LANGUAGES
from sammen.core.forms import CheckedModelMultipleChoiceField, SammenFormMixin, TimeInput
from sammen.municipalities.forms import municipality_filter
from sammen.municipalities.models import Municipality, MunicipalUnit
from sammen.offers.models import Offer, OfferStatus, Weekday
from sammen.taxonomy.models import Term
from sammen.taxonomy.vocabularies import Vocabulary


def provider_choices(user) -> list[tuple[str, str]]:
    """The associations and units the person may offer something for, as "association-<id>" / "unit-<id>"."""
    choices = [(f"association-{a.pk}", a.name) for a in association_queries.represented_by(user)]
    choices += [(f"unit-{u.pk}", f"{u.name}, {u.municipality.name}") for u in managed_units(user)]
    return choices


class OfferForm(SammenFormMixin, forms.ModelForm):
    """The provider's form; on a new offer it also asks who offers it."""

    provider = forms.ChoiceField(
        label=_("Who offers it"),
        error_messages={
            "required": _("Choose the association or unit behind the offer."),
            "invalid_choice": _("Choose the association or unit behind the offer."),
        },
    )
    online_url = forms.URLField(
        label=_("Online link"),
        required=False,
        assume_scheme="https",
        help_text=_("For offers that take place online."),
        error_messages={"invalid": _("Write the whole link, e.g. https://moede.dk/sorg.")},
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"), choices=SPOKEN_LANGUAGES, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Offer
        fields = [
            "title",
            "description",
            "problem_areas",
            "target_groups",
            "age_groups",
            "when",
            "schedule_weekday",
            "schedule_starts",
            "schedule_ends",
            "schedule_repeats",
            "municipality",
            "address",
            "postal_code",
            "online_url",
            "contact_name",
            "contact_email",
            "contact_phone",
            "price",
            "languages",
            "receives_rehabilitation",
        ]
        field_classes = {
            "problem_areas": CheckedModelMultipleChoiceField,
            "target_groups": CheckedModelMultipleChoiceField,
            "age_groups": CheckedModelMultipleChoiceField,
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "problem_areas": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "age_groups": forms.CheckboxSelectMultiple,
            "schedule_starts": TimeInput,
            "schedule_ends": TimeInput,
        }
        help_texts = {
            "title": _("Short and concrete, e.g. “Grief group for the bereaved”."),
            "description": _("What happens, who it is for and how to join. Never write a CPR number."),
            "problem_areas": _("What the offer helps with. Choose one or more."),
            "address": _("Where it takes place. Leave it empty if the offer is only online."),
            "price": _("Write 0 if it is free."),
            "receives_rehabilitation": _(
                "Tick if you welcome citizens who come from the municipality's rehabilitation (slusehold)."
            ),
        }
        error_messages = {
            "title": {"required": _("Give the offer a title.")},
            "description": {"required": _("Describe the offer in a few sentences.")},
            "problem_areas": {"required": _("Choose at least one problem area the offer helps with.")},
            "target_groups": {"required": _("Choose at least one target group.")},
            "age_groups": {"required": _("Choose at least one age group.")},
            "when": {"required": _("Write when the offer takes place.")},
            "municipality": {"required": _("Choose the municipality where the offer takes place.")},
            "price": {"min_value": _("The price cannot be negative.")},
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problem_areas"].queryset = Term.objects.of(Vocabulary.PROBLEM_AREA)
        self.fields["target_groups"].queryset = Term.objects.of(Vocabulary.TARGET_GROUP)
        self.fields["age_groups"].queryset = Term.objects.of(Vocabulary.AGE_GROUP)
        self.fields["municipality"].queryset = Municipality.objects.only("name")
        self.fields["municipality"].empty_label = _("Choose municipality")
        self.fields["schedule_weekday"].choices = [("", _("No fixed day")), *Weekday.choices]
        self.fields["postal_code"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "postal-code"})
        if self.instance.pk:
            del self.fields["provider"]
        else:
            self.fields["provider"].choices = provider_choices(user)
            self.order_fields(["provider"])

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("address", "").strip() and not cleaned.get("online_url"):
            self.add_error(
                "address", _("Give an address or an online link, so that people know where the offer takes place.")
            )
        starts, ends = cleaned.get("schedule_starts"), cleaned.get("schedule_ends")
        if starts is not None and ends is not None and ends <= starts:
            self.add_error("schedule_ends", _("The end time must be after the start time."))
        return cleaned

    SECTIONS = [
        (_("About the offer"), ["provider", "title", "description", "problem_areas"]),
        (_("Who it is for"), ["target_groups", "age_groups", "receives_rehabilitation"]),
        (
            _("When it takes place"),
            ["when", "schedule_weekday", "schedule_starts", "schedule_ends", "schedule_repeats"],
        ),
        (_("Where it takes place"), ["municipality", "address", "postal_code", "online_url"]),
        (_("Contact, price and languages"), ["contact_name", "contact_email", "contact_phone", "price", "languages"]),
    ]

    def sections(self):
        """The fields in groups with a heading each, so that the long form reads as a few short steps."""
        return [(heading, [self[name] for name in names if name in self.fields]) for heading, names in self.SECTIONS]

    def offer_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}

    def chosen_provider(self) -> dict:
        """``association=`` or ``unit=`` for the service, from the chosen value (which is one of the choices)."""
        kind, _sep, pk = self.cleaned_data["provider"].partition("-")
        if kind == "association":
            return {"association": Association.objects.get(pk=pk)}
        return {"unit": MunicipalUnit.objects.select_related("municipality").get(pk=pk)}


class GuidelinesForm(SammenFormMixin, forms.Form):
    """Three separate boxes: each point of the guidelines is accepted on its own, never by one blanket tick."""

    non_profit = forms.BooleanField(
        label=_("The offer is run by a non-profit association or by the municipality, and not to make money."),
        error_messages={"required": _("Confirm that the offer is non-profit or public.")},
    )
    no_referral = forms.BooleanField(
        label=_("Anyone in the target group can come without a referral from the municipality or a doctor."),
        error_messages={"required": _("Confirm that no referral is needed.")},
    )
    no_discrimination = forms.BooleanField(
        label=_(
            "Nobody is turned away because of gender, ethnic origin, religion, disability, sexual orientation or "
            "political views."
        ),
        error_messages={"required": _("Confirm that the offer does not discriminate.")},
    )


class ReviewNoteForm(SammenFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Note to the provider"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("Sent by e-mail to the person who submitted the offer and shown on their list of offers."),
        error_messages={"required": _("Write a note that tells the provider why.")},
    )


class CatalogueFilterForm(SammenFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    problemomraade = forms.ModelChoiceField(
        label=_("Problem area"),
        queryset=Term.objects.of(Vocabulary.PROBLEM_AREA),
        to_field_name="slug",
        required=False,
        empty_label=_("All problem areas"),
    )
    maalgruppe = forms.ModelChoiceField(
        label=_("Target group"),
        queryset=Term.objects.of(Vocabulary.TARGET_GROUP),
        to_field_name="slug",
        required=False,
        empty_label=_("All target groups"),
    )
    aldersgruppe = forms.ModelChoiceField(
        label=_("Age group"),
        queryset=Term.objects.of(Vocabulary.AGE_GROUP),
        to_field_name="slug",
        required=False,
        empty_label=_("All ages"),
    )
    kommune = municipality_filter()
    slusehold = forms.BooleanField(
        label=_("Only offers that receive citizens from municipal rehabilitation (slusehold)"), required=False
    )


class ReviewQueueFilterForm(SammenFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All (waiting first)"))] + [c for c in OfferStatus.choices if c[0] != OfferStatus.DRAFT],
    )
