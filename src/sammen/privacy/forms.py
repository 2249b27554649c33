from django import forms
from django.utils.translation import gettext_lazy as _

from sammen.core.forms import SammenFormMixin
from sammen.privacy.services import CONFIRMATION_WORD


class DeleteAccountForm(SammenFormMixin, forms.Form):
    """Confirm with the password, or — for an account without one (MitID and other identity providers) — by
    typing the confirmation word. The service checks which."""

    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Type your password to confirm. Your account has not been deleted.")},
    )
    word = forms.CharField(
        label=_("Type %(word)s to confirm") % {"word": CONFIRMATION_WORD},
        error_messages={"required": _("Type the word to confirm. Your account has not been deleted.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.has_usable_password():
            del self.fields["word"]
        else:
            del self.fields["password"]
