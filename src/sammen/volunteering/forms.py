"""The volunteer's and the coordinator's forms. They read what was typed; the rules live in ``services``, whose
messages the views put next to the field they are about."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sammen.associations.models import Association
from sammen.core.denmark import SPOKEN_LANGUAGES
from sammen.core.forms import CalendarDateField, SammenFormMixin, style_widgets
from sammen.volunteering.models import (
    Course,
    LanguageLevel,
    Lesson,
    ProgrammeKind,
    TalkChannel,
    VolunteerProfile,
    VolunteerStatus,
)
from sammen.volunteering.services import ERRORS, PROFILE_LIMITS, PROGRAMME_LIMITS

LANGUAGE_PREFIX = "language_"


class ProfileForm(SammenFormMixin, forms.Form):
    """What the volunteer tells about themselves, and the languages they speak, one level list per language."""

    motivation = forms.CharField(
        label=_("Why would you like to volunteer?"),
        max_length=PROFILE_LIMITS["motivation"],
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only the coordinators read this."),
        error_messages={"required": ERRORS["no_motivation"]},
    )
    presentation = forms.CharField(
        label=_("A short presentation of yourself"),
        max_length=PROFILE_LIMITS["presentation"],
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "The citizens you talk with see it. Write your first name and a little about yourself – never your phone "
            "number, address or CPR number."
        ),
        error_messages={"required": ERRORS["no_presentation"]},
    )
    topics = forms.CharField(
        label=_("What do you like to talk about?"),
        max_length=PROFILE_LIMITS["topics"],
        required=False,
        help_text=_("For example gardening, books, football or travelling."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        level_choices = [("", _("I do not speak it")), *LanguageLevel.choices]
        for code, name in SPOKEN_LANGUAGES:
            self.fields[LANGUAGE_PREFIX + code] = forms.ChoiceField(
                label=name, choices=level_choices, required=False, widget=forms.Select
            )
        style_widgets(self)

    @classmethod
    def initial_from(cls, profile: VolunteerProfile | None) -> dict:
        if profile is None:
            return {LANGUAGE_PREFIX + "da": LanguageLevel.NATIVE}
        initial = {"motivation": profile.motivation, "presentation": profile.presentation, "topics": profile.topics}
        initial |= {LANGUAGE_PREFIX + entry["code"]: entry["level"] for entry in profile.languages}
        return initial

    @property
    def language_field_names(self) -> list[str]:
        return [LANGUAGE_PREFIX + code for code, _name in SPOKEN_LANGUAGES]

    def text_fields(self):
        return [self[name] for name in ("motivation", "presentation", "topics")]

    def language_fields(self):
        return [self[name] for name in self.language_field_names]

    def profile(self) -> dict:
        """The keyword arguments of ``services.join`` and ``services.update_profile``."""
        data = self.cleaned_data
        return {
            "motivation": data["motivation"],
            "presentation": data["presentation"],
            "topics": data["topics"],
            "languages": [
                {"code": name.removeprefix(LANGUAGE_PREFIX), "level": data[name]}
                for name in self.language_field_names
                if data.get(name)
            ],
        }


class JoinForm(ProfileForm):
    accept_agreement = forms.BooleanField(label=_("I have read the volunteer agreement and accept it"), required=False)


class QuizForm(SammenFormMixin, forms.Form):
    """One group of checkboxes per question of the lesson: one or more answers can be right."""

    def __init__(self, *args, lesson: Lesson, **kwargs):
        super().__init__(*args, **kwargs)
        self.lesson = lesson
        for question in lesson.questions.all():
            self.fields[f"question_{question.pk}"] = forms.TypedMultipleChoiceField(
                label=question.text,
                choices=[(choice.pk, choice.text) for choice in question.choices.all()],
                coerce=int,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("One or more answers can be right: tick all the right ones."),
                error_messages={
                    "required": _("Tick at least one answer."),
                    "invalid_choice": ERRORS["unknown_answer"],
                },
            )
        style_widgets(self)

    def answers(self) -> dict[int, set[int]]:
        return {
            int(name.removeprefix("question_")): set(chosen)
            for name, chosen in self.cleaned_data.items()
            if name.startswith("question_")
        }


class DeclineForm(SammenFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why is the volunteer not approved?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The volunteer gets this by e-mail."),
        error_messages={"required": ERRORS["no_reason"]},
    )


class RecordCheckForm(SammenFormMixin, forms.Form):
    seen_on = CalendarDateField(
        label=_("Date you saw the criminal-record check"),
        help_text=_("Only the date is kept – never the document."),
        error_messages={"required": _("Choose the date."), "invalid": _("Write the date as dd-mm-yyyy.")},
    )


class VolunteerFilterForm(SammenFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All")), *VolunteerStatus.choices], required=False)


class ProgrammeForm(SammenFormMixin, forms.Form):
    """A coordinator's programme. Course content is edited in the platform administration."""

    name = forms.CharField(
        label=_("Name"), max_length=PROGRAMME_LIMITS["name"], error_messages={"required": ERRORS["no_name"]}
    )
    kind = forms.ChoiceField(
        label=_("What the volunteers do"),
        choices=ProgrammeKind.choices,
        error_messages={"invalid_choice": ERRORS["bad_kind"]},
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=PROGRAMME_LIMITS["description"],
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": ERRORS["no_description"]},
    )
    audience = forms.CharField(
        label=_("Who it is for"),
        max_length=PROGRAMME_LIMITS["audience"],
        help_text=_("For example “Everyone over 15 who would like a chat”."),
        error_messages={"required": ERRORS["no_audience"]},
    )
    association = forms.ModelChoiceField(
        label=_("Run by an association"),
        queryset=Association.objects.none(),
        required=False,
        help_text=_("Leave it empty if the municipality runs the programme itself."),
    )
    course = forms.ModelChoiceField(
        label=_("Course volunteers must pass"),
        queryset=Course.objects.order_by("title", "pk"),
        required=False,
        help_text=_("Leave it empty if there is no course."),
    )
    talk_minutes = forms.IntegerField(
        label=_("Length of a talk (minutes)"), widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    channels = forms.MultipleChoiceField(
        label=_("Ways to talk"),
        choices=TalkChannel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": ERRORS["bad_channel"]},
    )
    requires_approval = forms.BooleanField(label=_("Staff approve each volunteer"), required=False)
    requires_record_check = forms.BooleanField(
        label=_("Reaches people under 18 (staff must see a criminal-record check)"), required=False
    )
    volunteer_minimum_age = forms.IntegerField(
        label=_("Minimum age of volunteers"), widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    citizen_minimum_age = forms.IntegerField(
        label=_("Minimum age of citizens"), widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    max_future_bookings = forms.IntegerField(
        label=_("Future bookings a citizen may hold"), widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    language_filter = forms.BooleanField(label=_("Citizens choose a language"), required=False)
    active = forms.BooleanField(label=_("Open for new volunteers"), required=False)

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["association"].queryset = Association.objects.visible().filter(municipality=municipality)

    def programme_fields(self) -> dict:
        return dict(self.cleaned_data)
