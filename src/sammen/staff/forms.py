from django import forms
from django.utils.translation import gettext_lazy as _

from sammen.core.forms import DateInput, SammenFormMixin
from sammen.municipalities.models import Municipality, MunicipalUnit
from sammen.staff import services
from sammen.staff.services import DETAIL_FIELDS


class MunicipalityDetailsForm(SammenFormMixin, forms.ModelForm):
    class Meta:
        model = Municipality
        fields = DETAIL_FIELDS


class ParticipationForm(SammenFormMixin, forms.Form):
    day = forms.DateField(label=_("Date"), widget=DateInput(), error_messages={"required": _("Choose a date.")})


class CitizenSearchForm(SammenFormMixin, forms.Form):
    q = forms.CharField(label=_("Name or e-mail"), max_length=100, required=False)


class AuditExportForm(SammenFormMixin, forms.Form):
    email = forms.EmailField(label=_("The person's e-mail address"))


class UnitForm(SammenFormMixin, forms.ModelForm):
    website = forms.URLField(
        label=_("web site"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Write the whole address of the web site, starting with https://.")},
    )

    class Meta:
        model = MunicipalUnit
        fields = list(services.UNIT_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"name": {"required": _("Write the name of the unit.")}}
