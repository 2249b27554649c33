from allauth.mfa.base.forms import AuthenticateForm
from django import forms
from django.utils.translation import gettext_lazy as _

from sammen.accounts.models import User


class TwoFactorCodeForm(AuthenticateForm):
    """allauth's code form at login, refusing an account that was locked while its login waited for the code
    (wrong codes count towards the lockout, so the third one locks the account in the middle of its login)."""

    def clean_code(self) -> str:
        if User.objects.filter(pk=self.user.pk, locked_at__isnull=False).exists():
            raise forms.ValidationError(
                _(
                    "Your staff account is locked. Contact your municipality's Sammen administrator to have it "
                    "unlocked."
                ),
                code="locked",
            )
        return super().clean_code()
