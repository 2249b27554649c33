"""The forms of the phone-number pages: the number (and whether to get text messages on it), and the code."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sammen.accounts import phone
from sammen.core.errors import SammenError
from sammen.core.forms import SammenFormMixin


class PhoneNumberForm(SammenFormMixin, forms.Form):
    phone_number = forms.CharField(
        label=_("Your phone number"),
        help_text=_("A Danish number with eight digits, for example 20 30 40 50."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        error_messages={"required": _("Write your phone number.")},
    )
    wants_sms = forms.BooleanField(
        label=_("Send me text messages (SMS) on this number"),
        required=False,
        help_text=_(
            "For example a reminder before a talk. We first send a code to the number, to check that it can receive "
            "text messages."
        ),
    )

    def clean_phone_number(self):
        # The service checks again; here the message is put next to the field.
        value = self.cleaned_data["phone_number"]
        try:
            phone.parse_danish_number(value)
        except SammenError as error:
            raise forms.ValidationError(str(error), code="phone_number") from error
        return value


class CodeForm(SammenFormMixin, forms.Form):
    code = forms.CharField(
        label=_("The code from the text message"),
        help_text=_("6 digits."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
        error_messages={"required": _("Write the 6 digits from the text message.")},
    )
