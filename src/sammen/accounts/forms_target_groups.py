"""The form of the voluntary questions about target groups: three answers, each of which may be left out, and an
explicit, unticked consent."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sammen.accounts.target_groups import ERRORS, QUESTIONS
from sammen.core.forms import SammenFormMixin

CHOICES = [("yes", _("Yes")), ("no", _("No")), ("", _("I would rather not say"))]
VALUES = {"yes": True, "no": False, "": None}


def _question(label):
    return forms.ChoiceField(label=label, choices=CHOICES, required=False, widget=forms.RadioSelect)


class TargetGroupForm(SammenFormMixin, forms.Form):
    other_ethnic_background = _question(_("Do you have another ethnic background than Danish?"))
    psychologically_vulnerable = _question(_("Do you see yourself as psychologically vulnerable?"))
    outside_education_or_work = _question(
        _("Are you outside education and the labour market, for example without a job and not studying?")
    )
    consent = forms.BooleanField(
        label=_(
            "I consent to Sammen keeping my answers and counting them in totals for my municipality. I can withdraw "
            "my consent at any time by removing my answers."
        ),
        required=True,
        error_messages={"required": ERRORS["no_consent"]},
    )

    @classmethod
    def initial_from(cls, answers) -> dict:
        """The saved answers as the form's choices; the consent is never ticked in advance."""
        if answers is None:
            return {question: "" for question in QUESTIONS}
        return {
            question: {True: "yes", False: "no", None: ""}[getattr(answers, question)] for question in QUESTIONS
        }

    def answers(self) -> dict[str, bool | None]:
        return {question: VALUES[self.cleaned_data[question]] for question in QUESTIONS}
