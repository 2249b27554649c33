"""Time as Danes read it: the Copenhagen time zone, local dates and clock times as stored UTC moments, how a
moment is written in a message, and the ways something can repeat (activities, offers, talk slots)."""

import datetime
import zoneinfo

from django.db import models
from django.utils import dateformat, timezone
from django.utils.translation import gettext_lazy as _

COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")


class Recurrence(models.TextChoices):
    NONE = "", _("Only once")
    WEEKLY = "weekly", _("Every week")
    BIWEEKLY = "biweekly", _("Every other week")
    MONTHLY = "monthly", _("Every month")


NO_SUCH_TIME = _(
    "On %(day)s the clocks go forward from 2.00 to 3.00, so %(time)s does not exist that day. Choose another time."
)


def local_datetime(day: datetime.date, clock: datetime.time) -> datetime.datetime:
    """A Copenhagen date and clock time as an aware UTC datetime (zoneinfo picks the right offset for the day)."""
    clock = clock.replace(tzinfo=None)
    return datetime.datetime.combine(day, clock, tzinfo=COPENHAGEN).astimezone(datetime.UTC)


def skipped_by_clock_change(day: datetime.date, clock: datetime.time) -> bool:
    """True for a clock time that does not exist that day (the hour skipped when summer time begins), which
    zoneinfo would otherwise silently move an hour."""
    return local_datetime(day, clock).astimezone(COPENHAGEN).time() != clock.replace(tzinfo=None)


def no_such_time_params(day: datetime.date, clock: datetime.time) -> dict:
    """The parameters of ``NO_SUCH_TIME``."""
    return {"day": day.strftime("%d-%m-%Y"), "time": f"{clock:%H.%M}"}


def local_when(moment: datetime.datetime) -> str:
    """A moment as people read it, e.g. "tirsdag 1. december 2026 kl. 10.00" (in the active language)."""
    local = timezone.localtime(moment, COPENHAGEN)
    return str(_("%(day)s at %(time)s") % {"day": dateformat.format(local, "l j. F Y"), "time": f"{local:%H.%M}"})
