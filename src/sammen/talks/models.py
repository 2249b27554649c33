"""Booked talks (conversation friends, language friends): a volunteer's time slots and a citizen's booking of one.

A weekly slot is a series whose dates are rows of their own (like an activity's dates), so that one date can be
withdrawn or booked without touching the others. Times are stored in UTC; the local weekday and hour are kept
beside them because citizens search by them and the committee counts supply and demand by them.

A slot is booked at most once: the booking service holds the slot's lock (``core.locking``) while it checks and
writes, and the database refuses a second live booking of a slot as a last line.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sammen.municipalities.models import Municipality
from sammen.volunteering.models import Programme, TalkChannel, Volunteer


class TimeOfDay(models.TextChoices):
    MORNING = "morning", _("Morning (before 12)")
    AFTERNOON = "afternoon", _("Afternoon (12–17)")
    EVENING = "evening", _("Evening (from 17)")


# Local start hours of each time of day, half-open.
TIME_OF_DAY_HOURS = {TimeOfDay.MORNING: (0, 12), TimeOfDay.AFTERNOON: (12, 17), TimeOfDay.EVENING: (17, 24)}


class SlotSeries(models.Model):
    """A weekly slot as the volunteer entered it; its dates are ``Slot`` rows."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="slot_series")
    first_day = models.DateField()
    repeat_until = models.DateField()
    starts = models.TimeField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.volunteer_id} weekly {self.first_day}–{self.repeat_until} {self.starts}"


class SlotStatus(models.TextChoices):
    FREE = "free", pgettext_lazy("time slot", "Free")
    BOOKED = "booked", _("Booked")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Slot(models.Model):
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="slots")
    series = models.ForeignKey(SlotSeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="slots")
    # Copied from the volunteer (kept in step by the services) so that the free-slot search is one index range.
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    volunteer_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    local_weekday = models.PositiveSmallIntegerField()  # 0 = Monday, in Copenhagen
    local_hour = models.PositiveSmallIntegerField()  # 0–23, in Copenhagen
    channels = models.JSONField(default=list)  # TalkChannel values the volunteer offers for this slot
    # " da en " – the volunteer's languages with spaces around each, so that a language is found with contains.
    languages = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=10, choices=SlotStatus.choices, default=SlotStatus.FREE)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["programme", "status", "starts_at"], name="slot_free_search"),
            # A search for one weekday would otherwise skip the other six days' free slots one by one.
            models.Index(fields=["programme", "status", "local_weekday", "starts_at"], name="slot_free_weekday"),
            models.Index(fields=["volunteer_user", "starts_at"], name="slot_volunteer_start"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="slot_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer_id} {self.starts_at:%Y-%m-%d %H:%M} {self.status}"


def new_room_name() -> str:
    # Unguessable: 128 random bits, URL- and Jitsi-safe.
    return "sammen-" + secrets.token_hex(16)


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")
    HELD = "held", _("Held")
    NO_SHOW = "no_show", _("The citizen did not come")


class Booking(models.Model):
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="bookings")
    citizen = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="talk_bookings")
    # Copied from the slot and the citizen at booking time: the lists and the committee's figures read them.
    volunteer_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    citizen_municipality = models.ForeignKey(Municipality, null=True, on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    channel = models.CharField(_("how"), max_length=10, choices=TalkChannel.choices)
    note = models.CharField(_("what you would like to talk about"), max_length=500, blank=True)
    room = models.CharField(max_length=60, unique=True, default=new_room_name)
    status = models.CharField(max_length=10, choices=BookingStatus.choices, default=BookingStatus.BOOKED)
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancel_reason = models.CharField(_("reason"), max_length=300, blank=True)
    settled_at = models.DateTimeField(null=True, blank=True)
    settled_automatically = models.BooleanField(default=False)
    reminder_day_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_soon_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["slot"], condition=~Q(status="cancelled"), name="one_live_booking_per_slot")
        ]
        indexes = [
            models.Index(fields=["citizen", "starts_at"], name="booking_citizen_start"),
            models.Index(fields=["volunteer_user", "starts_at"], name="booking_volunteer_start"),
            models.Index(fields=["status", "starts_at"], name="booking_status_start"),
            models.Index(fields=["programme", "starts_at"], name="booking_programme_start"),
        ]

    def __str__(self) -> str:
        return f"{self.slot_id} {self.citizen_id} {self.status}"


class Rating(models.Model):
    """A short optional rating after a talk, by either side."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="ratings")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    stars = models.PositiveSmallIntegerField(_("how was the talk"))
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["booking", "by"], name="one_rating_per_side"),
            models.CheckConstraint(condition=Q(stars__gte=1, stars__lte=5), name="rating_stars_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.booking_id} {self.stars}"


class UnmetSearch(models.Model):
    """A search for a free slot that found none: demand the committee sees against supply. No identity is kept,
    only the citizen's municipality and what was asked for."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(Municipality, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    weekday = models.PositiveSmallIntegerField(null=True, blank=True)  # asked-for local weekday, if any
    time_of_day = models.CharField(max_length=10, choices=TimeOfDay.choices, blank=True)
    language = models.CharField(max_length=10, blank=True)
    channel = models.CharField(max_length=10, blank=True)
    searched_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["programme", "searched_at"], name="unmet_programme_time")]

    def __str__(self) -> str:
        return f"{self.programme_id} {self.searched_at:%Y-%m-%d}"
