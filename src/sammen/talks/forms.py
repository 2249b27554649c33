"""The forms of booked talks. They only read what was typed; the rules live in ``services``, whose messages the
views put next to the field they are about. The free-slot filters are query parameters with Danish names and
values (``dag``, ``ugedag``, ``tid``, ``kanal``, ``sprog``), like every public list's."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sammen.core.denmark import SPOKEN_LANGUAGES
from sammen.core.forms import CalendarDateField, SammenFormMixin, TimeInput
from sammen.talks.models import TimeOfDay
from sammen.talks.services import ERRORS, NOTE_LENGTH, REASON_LENGTH
from sammen.volunteering.models import TalkChannel

# Danish values in the address, the code's values behind them.
WEEKDAYS = {
    "mandag": (0, _("Monday")),
    "tirsdag": (1, _("Tuesday")),
    "onsdag": (2, _("Wednesday")),
    "torsdag": (3, _("Thursday")),
    "fredag": (4, _("Friday")),
    "loerdag": (5, _("Saturday")),
    "soendag": (6, _("Sunday")),
}
TIMES_OF_DAY = {"formiddag": TimeOfDay.MORNING, "eftermiddag": TimeOfDay.AFTERNOON, "aften": TimeOfDay.EVENING}
CHANNELS = {"video": TalkChannel.VIDEO, "telefon": TalkChannel.PHONE}
ONCE, WEEKLY = "once", "weekly"


def _any(label):
    return [("", label)]


class FreeSlotFilterForm(SammenFormMixin, forms.Form):
    dag = CalendarDateField(label=_("Day"), required=False)
    ugedag = forms.ChoiceField(
        label=_("Weekday"), required=False, choices=_any(_("Any weekday")) + [(k, v[1]) for k, v in WEEKDAYS.items()]
    )
    tid = forms.ChoiceField(
        label=_("Time of day"),
        required=False,
        choices=_any(_("Any time of day")) + [(k, TimeOfDay(v).label) for k, v in TIMES_OF_DAY.items()],
    )
    kanal = forms.ChoiceField(label=_("How to talk"), required=False)
    sprog = forms.ChoiceField(label=_("Language"), required=False, choices=_any(_("Any language")) + SPOKEN_LANGUAGES)

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        offered = [(key, TalkChannel(value).label) for key, value in CHANNELS.items() if value in programme.channels]
        self.fields["kanal"].choices = _any(_("Video or phone")) + offered
        if len(offered) < 2:
            del self.fields["kanal"]
        if not programme.language_filter:
            del self.fields["sprog"]
        else:
            self.fields["sprog"].help_text = _("A language the volunteer speaks with you.")

    def filters(self) -> dict:
        """The valid filters as ``queries.free_slots`` takes them; an invalid one is shown with its message and
        left out."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        weekday = WEEKDAYS.get(cleaned.get("ugedag") or "")
        return {
            "day": cleaned.get("dag"),
            "weekday": weekday[0] if weekday else None,
            "time_of_day": TIMES_OF_DAY.get(cleaned.get("tid") or ""),
            "channel": CHANNELS.get(cleaned.get("kanal") or ""),
            "language": cleaned.get("sprog") or None,
        }


class SlotForm(SammenFormMixin, forms.Form):
    """A time a volunteer offers: once, or at the same clock time every week."""

    volunteer = forms.ModelChoiceField(label=_("Programme"), queryset=None, empty_label=None)
    day = CalendarDateField(
        label=_("Date"),
        error_messages={"required": _("Choose the date."), "invalid": _("Write the date as dd-mm-yyyy.")},
    )
    starts = forms.TimeField(
        label=_("Starts at"),
        widget=TimeInput,
        help_text=_("Danish time."),
        error_messages={"required": _("Choose the time."), "invalid": _("Write the time as 19:00.")},
    )
    channels = forms.MultipleChoiceField(
        label=_("How you can talk"),
        widget=forms.CheckboxSelectMultiple,
        choices=TalkChannel.choices,
        error_messages={"required": ERRORS["no_channel"]},
    )
    repeat = forms.ChoiceField(
        label=_("How often"),
        widget=forms.RadioSelect,
        choices=[(ONCE, _("Only once")), (WEEKLY, _("Every week"))],
        initial=ONCE,
        error_messages={"required": _("Choose once or every week.")},
    )
    weekly_until = CalendarDateField(
        label=_("Every week until"),
        required=False,
        help_text=_("Only for a weekly time; at most a year ahead."),
    )

    def __init__(self, *args, volunteers, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["volunteer"]
        field.queryset = volunteers
        field.label_from_instance = lambda volunteer: volunteer.programme.name
        choices = list(volunteers)
        if len(choices) == 1:
            field.widget = forms.HiddenInput()
            field.initial = choices[0].pk
        programmes = {channel for volunteer in choices for channel in volunteer.programme.channels}
        self.fields["channels"].choices = [
            (value, label) for value, label in TalkChannel.choices if value in programmes
        ]
        self.fields["channels"].initial = [value for value, label in self.fields["channels"].choices]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("repeat") == WEEKLY and not cleaned.get("weekly_until"):
            self.add_error("weekly_until", _("Choose the date the time repeats until."))
        return cleaned

    def repeat_until(self):
        return self.cleaned_data["weekly_until"] if self.cleaned_data.get("repeat") == WEEKLY else None


class BookingForm(SammenFormMixin, forms.Form):
    channel = forms.ChoiceField(
        label=_("How would you like to talk?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose video or phone.")},
    )
    note = forms.CharField(
        label=_("What would you like to talk about?"),
        required=False,
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few words for the volunteer, if you like. Never write a CPR number."),
        error_messages={"max_length": _("Write at most %(limit_value)s characters (you wrote %(show_value)s).")},
    )

    def __init__(self, *args, slot, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["channel"]
        field.choices = [(value, label) for value, label in TalkChannel.choices if value in slot.channels]
        if len(field.choices) == 1:
            field.initial = field.choices[0][0]


class CancelForm(SammenFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why do you cancel?"),
        max_length=REASON_LENGTH,
        help_text=_("A short reason. The other person is told at once, by e-mail and SMS."),
        error_messages={
            "required": ERRORS["no_reason"],
            "max_length": _("Write at most %(limit_value)s characters (you wrote %(show_value)s)."),
        },
    )


class SettleForm(forms.Form):
    outcome = forms.ChoiceField(choices=[("held", "held"), ("no_show", "no_show")])
