from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sammen.accounts import services
from sammen.accounts.models import User
from sammen.core.denmark import SPOKEN_LANGUAGES, postal_code_validator
from sammen.core.errors import SammenError
from sammen.core.forms import CheckedModelMultipleChoiceField, DateInput, SammenFormMixin, style_widgets
from sammen.municipalities.models import Municipality
from sammen.taxonomy.models import Category

EMAIL_TAKEN = _("An account with this e-mail address already exists. Log in, or ask for a new password.")


class MunicipalityChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=Municipality.objects.only("name"),
            label=_("Your municipality"),
            empty_label=_("Choose municipality"),
            error_messages={"required": _("Choose the municipality you live in.")},
            **kwargs,
        )


def _clean_display_name(form: forms.BaseForm) -> str:
    """The sign-up's and the profile's check of the name others see (the service checks it again)."""
    name = form.cleaned_data["display_name"]
    try:
        services.check_display_name(name)
    except SammenError as error:
        raise forms.ValidationError(str(error), code="text_policy") from error
    return name


class SignupForm(AllauthSignupForm):
    """allauth's sign-up (e-mail, password) plus what Sammen needs to know from the start."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=60,
        help_text=_("The name others see. You may use a pseudonym."),
        error_messages={"required": _("Write the name others should see.")},
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        widget=DateInput(),
        help_text=_("You must be at least 15 years old. Others do not see your date of birth."),
        error_messages={
            "required": _("Write your date of birth."),
            "invalid": _("Write the date as day-month-year, e.g. 24-12-1950."),
        },
    )
    municipality = MunicipalityChoiceField()
    postal_code = forms.CharField(
        label=_("Postal code"),
        max_length=4,
        validators=[postal_code_validator],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
        error_messages={"required": _("Write your postal code (4 digits).")},
    )
    accept_terms = forms.BooleanField(
        label=_("I accept the terms of use and have read the privacy notice"),
        error_messages={"required": _("You must accept the terms of use to create a profile.")},
    )

    field_order = ["email", "display_name", "date_of_birth", "municipality", "postal_code", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail")
        self.fields["email"].widget.attrs.pop("placeholder", None)
        for name in ("password1", "password2"):
            self.fields[name].widget.attrs.pop("placeholder", None)
        self.fields["accept_terms"].help_text = format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("core:terms"),
            _("Terms of use"),
            reverse("core:privacy"),
            _("Privacy notice"),
        )
        style_widgets(self)

    def validate_unique_email(self, value):
        # Telling a new user that the address is taken is more useful here than enumeration protection;
        # the login and password-reset forms still never reveal whether an account exists.
        if User.objects.filter(email__iexact=value).exists():
            raise forms.ValidationError(EMAIL_TAKEN, code="email_taken")
        return super().validate_unique_email(value)

    clean_display_name = _clean_display_name

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        services.validate_date_of_birth(born)
        return born

    def custom_signup(self, request, user):
        services.complete_signup(
            user=user,
            display_name=self.cleaned_data["display_name"],
            date_of_birth=self.cleaned_data["date_of_birth"],
            municipality=self.cleaned_data["municipality"],
            postal_code=self.cleaned_data["postal_code"],
            language=get_language() or settings.LANGUAGE_CODE,
        )


class ProfileForm(SammenFormMixin, forms.ModelForm):
    municipality = MunicipalityChoiceField()
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak"), choices=SPOKEN_LANGUAGES, required=False, widget=forms.CheckboxSelectMultiple
    )
    interests = CheckedModelMultipleChoiceField(
        label=_("Interests"),
        queryset=Category.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    new_avatar = forms.FileField(
        label=_("Upload a photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_avatar = forms.BooleanField(label=_("Remove my photo"), required=False)

    class Meta:
        model = User
        fields = [
            "display_name",
            "municipality",
            "postal_code",
            "gender",
            "languages",
            "interests",
            "avatar_symbol",
            "easy_read",
            "language",
            "notify_by_email",
            "is_volunteer",
        ]
        widgets = {
            "avatar_symbol": forms.RadioSelect,
            "gender": forms.RadioSelect,
            "postal_code": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
        }
        error_messages = {
            "display_name": {"required": _("Write the name others should see.")},
            "postal_code": {"required": _("Write your postal code (4 digits).")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["postal_code"].required = True
        self.fields["new_avatar"].help_text = _(
            "JPEG, PNG or WebP, at most %(megabytes)s MB. We remove location and camera data from the picture."
        ) % {"megabytes": settings.SAMMEN_AVATAR_MAX_BYTES // (1024 * 1024)}
        self.fields["gender"].required = False
        self.fields["gender"].choices = [("", _("Prefer not to say")), *self.fields["gender"].choices[1:]]
        self.fields["avatar_symbol"].required = False
        self.fields["avatar_symbol"].choices = [("", _("No symbol")), *self.fields["avatar_symbol"].choices[1:]]
        style_widgets(self)

    clean_display_name = _clean_display_name

    def clean_new_avatar(self):
        upload = self.cleaned_data.get("new_avatar")
        return services.clean_avatar(upload) if upload else None

    def save_profile(self) -> User:
        changes = {name: self.cleaned_data[name] for name in self.Meta.fields if name != "interests"}
        return services.update_profile(
            user=self.instance,
            changes=changes,
            interests=self.cleaned_data["interests"],
            new_avatar=self.cleaned_data.get("new_avatar"),
            remove_avatar=self.cleaned_data.get("remove_avatar", False),
        )
