from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sammen.associations import services
from sammen.associations.models import Association
from sammen.core.errors import SammenError
from sammen.core.forms import CheckedModelMultipleChoiceField, SammenFormMixin
from sammen.core.images import clean_picture
from sammen.municipalities.forms import municipality_filter
from sammen.municipalities.models import Municipality
from sammen.taxonomy.forms import category_filter
from sammen.taxonomy.models import Category

LOGO_SIZE = (512, 512)


class AssociationForm(SammenFormMixin, forms.ModelForm):
    # A plain text field: people paste "DK 1234 5674", which the service normalises to eight digits.
    cvr = forms.CharField(
        label=_("CVR number"),
        required=False,
        max_length=20,
        help_text=_("Optional. 8 digits. You find it on virk.dk."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    website = forms.URLField(
        label=_("web site"),
        required=False,
        assume_scheme="https",
        help_text=_("For example https://www.strikkeklubben.dk"),
        error_messages={"invalid": _("Write the whole address of the web site, starting with https://.")},
    )
    new_logo = forms.FileField(label=_("Logo"), required=False)
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    class Meta:
        model = Association
        fields = [
            "name",
            "cvr",
            "description",
            "categories",
            "municipality",
            "contact_email",
            "contact_phone",
            "website",
        ]
        field_classes = {"categories": CheckedModelMultipleChoiceField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "categories": forms.CheckboxSelectMultiple,
            "contact_phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        }
        labels = {"name": _("Name of the association")}
        help_texts = {
            "description": _("What does the association do, and who is welcome? Everyone can read this."),
            "categories": _("Choose what the association's activities are about."),
            "contact_email": _("Shown on the profile, so people can write to the association."),
            "contact_phone": _("Optional. Shown on the profile."),
        }
        error_messages = {
            "name": {"required": _("Write the name of the association.")},
            "description": {"required": _("Write a few words about the association.")},
            "municipality": {"required": _("Choose the municipality where the association is active.")},
            "contact_email": {
                "required": _("Write an e-mail address people can contact the association at."),
                "invalid": _("Write a whole e-mail address, for example kontakt@forening.dk."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.only("name")
        self.fields["categories"].queryset = Category.objects.all()
        self.fields["new_logo"].help_text = _(
            "JPEG, PNG or WebP, at most %(megabytes)s MB. We remove location and camera data from the picture."
        ) % {"megabytes": settings.SAMMEN_AVATAR_MAX_BYTES // (1024 * 1024)}
        self.fields["new_logo"].widget.attrs["accept"] = "image/jpeg,image/png,image/webp"
        if not (self.instance.pk and self.instance.logo):
            del self.fields["remove_logo"]

    def clean_cvr(self):
        try:
            return services.check_cvr(
                self.cleaned_data.get("cvr", ""), exclude=self.instance if self.instance.pk else None
            )
        except SammenError as error:
            raise ValidationError(str(error), code="cvr") from error

    def clean_new_logo(self):
        upload = self.cleaned_data.get("new_logo")
        if not upload:
            return None
        return clean_picture(upload, max_bytes=settings.SAMMEN_AVATAR_MAX_BYTES, size=LOGO_SIZE, name="logo.jpg")

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in services.ASSOCIATION_FIELDS}


class DirectoryFilterForm(SammenFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kommune = municipality_filter()
    kategori = category_filter()


class InvitationForm(SammenFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the person you invite"),
        help_text=_("They get an e-mail with a link. The link works for 14 days."),
        error_messages={
            "required": _("Write the e-mail address of the person you want to invite."),
            "invalid": _("Write a whole e-mail address, for example navn@eksempel.dk."),
        },
    )
