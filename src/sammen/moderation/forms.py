from django import forms
from django.utils.translation import gettext_lazy as _

from sammen.core.forms import SammenFormMixin
from sammen.moderation.models import ReportReason


class ReportForm(SammenFormMixin, forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you reporting this?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a reason.")},
    )
    text = forms.CharField(
        label=_("Tell us more"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only the municipality's moderators read this."),
    )


class WarnForm(SammenFormMixin, forms.Form):
    text = forms.CharField(
        label=_("The warning (sent by e-mail)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the warning.")},
    )


class SuspendForm(SammenFormMixin, forms.Form):
    days = forms.IntegerField(
        label=_("Number of days"),
        min_value=1,
        max_value=365,
        error_messages={
            "required": _("Write a number of days from 1 to 365."),
            "min_value": _("Write a number of days from 1 to 365."),
            "max_value": _("Write a number of days from 1 to 365."),
        },
    )
    reason = forms.CharField(
        label=_("Reason (sent by e-mail)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the reason.")},
    )


class ResolveForm(SammenFormMixin, forms.Form):
    outcome = forms.CharField(
        label=_("What was done (the reporter is told)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write what you did, so that the person who reported it can be told.")},
    )
