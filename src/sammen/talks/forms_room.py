"""The talk page's form: the optional rating after a talk."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sammen.core.forms import SammenFormMixin
from sammen.talks.room import COMMENT_MAX_LENGTH

STARS = [
    ("5", _("5 stars – a very good talk")),
    ("4", _("4 stars – a good talk")),
    ("3", _("3 stars – all right")),
    ("2", _("2 stars – not so good")),
    ("1", _("1 star – a bad talk")),
]


class RatingForm(SammenFormMixin, forms.Form):
    stars = forms.TypedChoiceField(
        label=_("How was the talk?"),
        choices=STARS,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose from 1 to 5 stars."), "invalid_choice": _("Choose from 1 to 5 stars.")},
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A few words, if you like. The other person does not see your rating."),
        error_messages={"max_length": _("Write at most %(limit_value)s characters in the comment.")},
    )
