"""The referral pages' forms: they parse what was typed; the services decide what is allowed."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sammen.activities.models import Activity
from sammen.associations.models import Association
from sammen.core.forms import CalendarDateField, SammenFormMixin, TimeInput
from sammen.core.ids import parse_id
from sammen.municipalities.models import MunicipalUnit
from sammen.offers.models import Offer
from sammen.referrals import queries
from sammen.referrals.models import ConsentWay, ContactWay, EndReason, ReceiverKind, ReferralStatus
from sammen.referrals.services import LIMITS, MAX_FOLLOW_UP_DAYS


class IdChoiceField(forms.ModelChoiceField):
    """A choice whose posted id is refused as "not a valid choice" before the database sees a 30-digit number."""

    def to_python(self, value):
        if value not in self.empty_values and parse_id(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class CitizenFields(SammenFormMixin, forms.Form):
    """Who is referred, what the receiver needs to know, and the consent."""

    receiver = IdChoiceField(label=_("Receiver"), queryset=None, empty_label=_("Choose a receiver"))
    citizen_email = forms.CharField(
        label=_("The citizen's login on Sammen"),
        required=False,
        max_length=LIMITS["email"],
        help_text=_("If the citizen has a Sammen profile, write its e-mail address: they then see the referral there."),
    )
    name = forms.CharField(label=_("The citizen's name"), required=False, max_length=LIMITS["name"])
    phone = forms.CharField(label=_("Phone"), required=False, max_length=LIMITS["phone"])
    email = forms.CharField(label=_("E-mail"), required=False, max_length=LIMITS["email"])
    postal_code = forms.CharField(label=_("Postal code"), required=False, max_length=4)
    needs = forms.CharField(
        label=_("What the receiver needs to know"),
        required=False,
        max_length=LIMITS["needs"],
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only what the receiver needs to welcome the citizen. Never a CPR number."),
    )
    consent_given = forms.BooleanField(
        label=_("The citizen agrees that these details are shared with the receiver"), required=False
    )
    consent_how = forms.ChoiceField(
        label=_("How the consent was given"), choices=ConsentWay.choices, required=False, widget=forms.RadioSelect
    )
    consent_given_on = CalendarDateField(label=_("The day the consent was given"), required=False)

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiver"].queryset = queries.accepting_receivers(municipality)
        self.fields["consent_given_on"].initial = timezone.localdate

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("name", "phone", "email", "postal_code", "needs")}

    def consent(self) -> dict:
        return {
            "given": self.cleaned_data["consent_given"],
            "how": self.cleaned_data["consent_how"],
            "given_on": self.cleaned_data["consent_given_on"],
        }


class ReferForm(CitizenFields):
    pass


class ExternalReferralForm(CitizenFields):
    sender_name = forms.CharField(
        label=_("Sent by"), max_length=LIMITS["sender"], help_text=_("For example the general practice or hospital.")
    )
    external_id = forms.CharField(
        label=_("The sender's reference"),
        required=False,
        max_length=64,
        help_text=_("The same reference from the same sender is registered only once."),
    )
    received_on = CalendarDateField(label=_("Received on"), help_text=_("The deadline runs from this day."))

    field_order = ["sender_name", "external_id", "received_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate
        self.fields["consent_how"].help_text = _("As the sender tells it.")


class ReceiverForm(SammenFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of receiver"), choices=ReceiverKind.choices, widget=forms.RadioSelect)
    offer = IdChoiceField(label=_("Offer"), queryset=None, required=False)
    activity = IdChoiceField(label=_("Activity"), queryset=None, required=False)
    association = IdChoiceField(label=_("Association (slusehold team)"), queryset=None, required=False)
    unit = IdChoiceField(label=_("Municipal unit (service)"), queryset=None, required=False)
    name = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=LIMITS["name"],
        help_text=_("Empty: the name of the offer, activity, association or unit."),
    )
    smoking_cessation = forms.BooleanField(
        label=_("Smoking cessation (the first contact within 7 days)"), required=False
    )
    follow_up_days = forms.IntegerField(
        label=_("Days to the first contact"),
        required=False,
        min_value=1,
        max_value=MAX_FOLLOW_UP_DAYS,
        help_text=_("Empty: the municipality's usual number of days."),
    )
    accepting = forms.BooleanField(label=_("Accepts referrals"), required=False, initial=True)

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = Offer.objects.published().filter(municipality=municipality)
        self.fields["activity"].queryset = Activity.objects.visible().filter(municipality=municipality)
        self.fields["association"].queryset = Association.objects.visible().filter(municipality=municipality)
        self.fields["unit"].queryset = MunicipalUnit.objects.filter(municipality=municipality, active=True)

    def target(self):
        kind = self.cleaned_data["kind"]
        return self.cleaned_data.get(
            {"offer": "offer", "activity": "activity", "team": "association"}.get(kind, "unit")
        )


class ReceiverEditForm(SammenFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=LIMITS["name"])
    follow_up_days = forms.IntegerField(
        label=_("Days to the first contact"), required=False, min_value=1, max_value=MAX_FOLLOW_UP_DAYS
    )
    accepting = forms.BooleanField(label=_("Accepts referrals"), required=False)

    def __init__(self, *args, receiver, **kwargs):
        super().__init__(*args, **kwargs)
        if receiver.smoking_cessation:
            # The national guideline fixes smoking cessation's deadline at 7 days.
            self.fields["follow_up_days"].disabled = True
            self.fields["follow_up_days"].help_text = _("Smoking cessation: always 7 days.")


class ContactForm(SammenFormMixin, forms.Form):
    email = forms.CharField(
        label=_("The contact's login on Sammen (e-mail)"),
        max_length=LIMITS["email"],
        help_text=_("The person must have a Sammen profile. They see only this receiver's referrals."),
    )


class ApiKeyForm(SammenFormMixin, forms.Form):
    sender_name = forms.CharField(
        label=_("The sending organisation"),
        max_length=LIMITS["sender"],
        help_text=_("E.g. “Lægehuset Bryggergade” or “Regionshospitalet Gødstrup, medicinsk afdeling”."),
    )


class FirstContactForm(SammenFormMixin, forms.Form):
    day = CalendarDateField(label=_("Day of the first contact"))
    time = forms.TimeField(label=_("Time"), widget=TimeInput)
    how = forms.ChoiceField(
        label=pgettext_lazy("first contact", "How"), choices=ContactWay.choices, widget=forms.RadioSelect
    )
    notes = forms.CharField(
        label=_("Outcome"),
        required=False,
        max_length=LIMITS["notes"],
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        now = timezone.localtime()
        self.fields["day"].initial = now.date()
        self.fields["time"].initial = now.time().replace(second=0, microsecond=0)

    def moment(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.cleaned_data["day"], self.cleaned_data["time"]))


class AdvanceForm(SammenFormMixin, forms.Form):
    to = forms.ChoiceField(
        choices=[
            (ReferralStatus.STARTED, ReferralStatus.STARTED.label),
            (ReferralStatus.COMPLETED, ReferralStatus.COMPLETED.label),
        ],
        widget=forms.HiddenInput,
    )
    notes = forms.CharField(
        label=_("Outcome"),
        required=False,
        max_length=LIMITS["notes"],
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EndForm(SammenFormMixin, forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=EndReason.choices, widget=forms.RadioSelect)
    reason_text = forms.CharField(
        label=_("The reason in a few words"),
        required=False,
        max_length=LIMITS["reason_text"],
        help_text=_("Needed when you choose “Other”."),
    )


class StatusFilterForm(SammenFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Show"),
        required=False,
        initial="open",
        choices=[
            ("", _("All")),
            ("open", pgettext_lazy("referrals", "Open")),
            ("overdue", _("Overdue")),
            *ReferralStatus.choices,
        ],
    )
