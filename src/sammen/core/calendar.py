"""Time as Danes read it: the Copenhagen time zone, and the ways something can repeat (activities, offers)."""

import zoneinfo

from django.db import models
from django.utils.translation import gettext_lazy as _

COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")


class Recurrence(models.TextChoices):
    NONE = "", _("Only once")
    WEEKLY = "weekly", _("Every week")
    BIWEEKLY = "biweekly", _("Every other week")
    MONTHLY = "monthly", _("Every month")
