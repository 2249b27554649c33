"""The status report's period and comparison date, read from the query string."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FIRST_YEAR = 2000
LAST_YEAR = 2100
LONGEST_PERIOD_DAYS = 3653  # 10 years: the chart of months stays readable and the page fast


def same_day_a_year_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date, datetime.date]:
    """This year so far, compared with the same day last year."""
    today = today or timezone.localdate()
    return today.replace(month=1, day=1), today, same_day_a_year_before(today)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class PeriodForm(forms.Form):
    """The field names are the (Danish) names in the address: ?fra=2026-01-01&til=2026-12-03&sammenlign=…"""

    fra = forms.DateField(label=_("From"), input_formats=["%Y-%m-%d"], widget=DateInput())
    til = forms.DateField(label=_("To"), input_formats=["%Y-%m-%d"], widget=DateInput())
    sammenlign = forms.DateField(
        label=_("Compared with"),
        input_formats=["%Y-%m-%d"],
        widget=DateInput(),
        help_text=_("The same number of days up to this date."),
    )

    def clean(self):
        data = super().clean()
        for name in ("fra", "til", "sammenlign"):
            day = data.get(name)
            if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
                self.add_error(name, _("Choose a date between the years 2000 and 2100."))
        first, last = data.get("fra"), data.get("til")
        if first and last and first > last:
            self.add_error("til", _("The end of the period must come after its start."))
        elif first and last and (last - first).days > LONGEST_PERIOD_DAYS:
            self.add_error("til", _("Choose a period of at most 10 years."))
        return data


def read_period(query) -> tuple[PeriodForm, tuple[datetime.date, datetime.date, datetime.date], bool]:
    """The form, the period to show (first, last, comparison date) and whether the query string was refused; an
    empty query string gives the defaults without a message."""
    first, last, compared = default_period()
    initial = {"fra": first, "til": last, "sammenlign": compared}
    if not any(name in query for name in initial):
        return PeriodForm(initial=initial), (first, last, compared), False
    form = PeriodForm({name: query.get(name, "") for name in initial})
    if form.is_valid():
        data = form.cleaned_data
        return form, (data["fra"], data["til"], data["sammenlign"]), False
    return form, (first, last, compared), True
