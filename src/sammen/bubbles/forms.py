from django import forms
from django.utils.translation import gettext_lazy as _

from sammen.bubbles import services
from sammen.bubbles.models import MAXIMUM_AGE, MINIMUM_AGE, Bubble
from sammen.core.forms import SammenFormMixin
from sammen.core.text_policy import TextRefused
from sammen.municipalities.models import Municipality
from sammen.taxonomy.forms import category_filter
from sammen.taxonomy.models import Category


class BubbleForm(SammenFormMixin, forms.ModelForm):
    class Meta:
        model = Bubble
        fields = ["title", "body", "category", "age_min", "age_max", "municipality", "postal_code", "online_ok"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "title": _("Short and concrete, e.g. “Walking buddy in Gullestrup”."),
            "body": _("Everyone can read this. Do not write your phone number, address or CPR number."),
            "postal_code": _("Where you would like to meet."),
        }
        error_messages = {
            "title": {"required": _("Give your bubble a title.")},
            "body": {"required": _("Write a few words about what you are looking for.")},
            "category": {"required": _("Choose the category that fits best.")},
            "municipality": {"required": _("Choose the municipality where you would like to meet.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.only("name")
        self.fields["category"].queryset = Category.objects.all()
        for name in ("age_min", "age_max"):
            self.fields[name].widget.attrs.update({"min": MINIMUM_AGE, "max": MAXIMUM_AGE, "inputmode": "numeric"})
            self.fields[name].error_messages["min_value"] = _("Sammen is for people aged %(limit_value)s and over.")
            self.fields[name].error_messages["max_value"] = _("Choose an age of at most %(limit_value)s.")
        self.fields["body"].max_length = 2000
        # True after validation when the title or text holds an e-mail address or a phone number.
        self.contact_warning = False

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("age_min"), cleaned.get("age_max")
        if low is not None and high is not None and high < low:
            self.add_error("age_max", _("“To age” must be the same as or higher than “from age”."))
        if "title" in cleaned and "body" in cleaned:
            try:
                self.contact_warning = bool(services.check_bubble_text(title=cleaned["title"], body=cleaned["body"]))
            except TextRefused as error:
                self.add_error(error.field, str(error))
        return cleaned


class BubbleFilterForm(SammenFormMixin, forms.Form):
    # The public parameters are Danish, like every list's (see core.querynames); the view maps the values.
    SCOPE_CHOICES = [
        ("alle", _("All of Denmark")),
        ("min", _("My municipality")),
        ("valgte", _("Chosen municipalities")),
    ]
    # Newest first is the default: ranking by relevance must rank every match, which grows with the data.
    ORDER_CHOICES = [("nyeste", _("Newest first")), ("bedst", _("Best match first"))]
    RECENCY_CHOICES = [
        ("", _("Any time")),
        ("uge", _("The last week")),
        ("maaned", _("The last month")),
        ("kvartal", _("The last three months")),
    ]

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    hvor = forms.ChoiceField(label=_("Where"), choices=SCOPE_CHOICES, required=False)
    kommune = forms.ModelMultipleChoiceField(
        label=_("Municipalities"),
        queryset=Municipality.objects.only("name", "slug"),
        to_field_name="slug",
        required=False,
        help_text=_("Used when you choose “Chosen municipalities”. Hold Ctrl to choose more than one."),
    )
    kategori = category_filter()
    alder = forms.IntegerField(
        label=_("Age"),
        required=False,
        min_value=MINIMUM_AGE,
        max_value=MAXIMUM_AGE,
        help_text=_("Show bubbles looking for someone of this age."),
    )
    opslaaet = forms.ChoiceField(label=_("Posted"), choices=RECENCY_CHOICES, required=False)
    orden = forms.ChoiceField(label=_("Order"), choices=ORDER_CHOICES, required=False)
