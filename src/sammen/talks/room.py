"""The talk page's use cases: what each of the two people sees of their talk right now (the video link, or for
the volunteer the citizen's phone number, each only during the talk window), and the rating after the talk.

The volunteer's reading of the citizen's phone number is written to the audit log every time the page shows it
(``talks.phone_number.viewed``). It is not ``record_personal_data_read``: that action is for staff looking at a
citizen's data in their work, which staff reviews and the data-protection officer read as such; a volunteer
reading the number of the person they are about to call is a different reading by a different kind of person,
and the citizen's extract of the log names it for what it is.
"""

import dataclasses
import datetime
import logging

from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.access.eligibility import check_not_suspended
from sammen.audit import services as audit
from sammen.core.errors import SammenError
from sammen.core.text_policy import check_text
from sammen.talks import jitsi, queries
from sammen.talks.models import Booking, BookingStatus, Rating
from sammen.volunteering.models import TalkChannel

logger = logging.getLogger(__name__)

ERRORS = {
    "not_participant": _("Only the two people in the talk can rate it."),
    "not_over": _("You can rate the talk when it is over."),
    "not_held": _("Only a talk that took place can be rated."),
    "already_rated": _("You have already rated this talk."),
    "stars": _("Choose from 1 to 5 stars."),
    "comment_long": _("Write at most %(max)s characters in the comment."),
}

COMMENT_MAX_LENGTH = 500


class Phase:
    BEFORE = "before"  # the window has not opened yet
    OPEN = "open"  # from 10 minutes before the start to the end
    OVER = "over"
    CANCELLED = "cancelled"


@dataclasses.dataclass(frozen=True)
class Room:
    booking: Booking
    is_volunteer: bool
    other: object  # the other person of the talk
    opens: datetime.datetime
    closes: datetime.datetime
    phase: str
    video_url: str = ""  # only in the window, for a video talk
    video_unavailable: bool = False  # the operator's video settings are wrong (logged)
    phone_number: object = None  # the citizen's number, only for the volunteer, only in the window
    phone_missing: bool = False  # a phone talk in the window, but the citizen has removed their number
    may_cancel: bool = False
    may_settle: bool = False
    may_rate: bool = False
    my_rating: Rating | None = None

    @property
    def demo_video(self) -> bool:
        return bool(self.video_url) and not jitsi.is_configured()


def _phase(booking: Booking, now: datetime.datetime, opens: datetime.datetime, closes: datetime.datetime) -> str:
    if booking.status == BookingStatus.CANCELLED:
        return Phase.CANCELLED
    if now < opens:
        return Phase.BEFORE
    if now < closes:
        return Phase.OPEN
    return Phase.OVER


def _ratable(booking: Booking, now: datetime.datetime) -> bool:
    return booking.status in (BookingStatus.BOOKED, BookingStatus.HELD) and now >= booking.ends_at


def rating_open(*, by, booking: Booking, now: datetime.datetime | None = None) -> bool:
    """May ``by`` still rate the talk (it is over, took place, and they have not rated it)?"""
    return _ratable(booking, now or timezone.now()) and not Rating.objects.filter(booking=booking, by=by).exists()


def open_room(*, viewer, booking: Booking, now: datetime.datetime | None = None) -> Room:
    """What ``viewer`` (the citizen or the volunteer of ``booking``) sees of the talk at ``now``. Showing the
    volunteer the citizen's phone number writes an audit row, each time."""
    now = now or timezone.now()
    if viewer.pk not in (booking.citizen_id, booking.volunteer_user_id):
        raise SammenError(jitsi.ERRORS["not_participant"])
    is_volunteer = viewer.pk == booking.volunteer_user_id
    citizen = booking.citizen
    opens, closes = queries.talk_window(booking)
    phase = _phase(booking, now, opens, closes)
    fields = {}
    if phase == Phase.OPEN and booking.channel == TalkChannel.VIDEO:
        try:
            fields["video_url"] = jitsi.room_url(booking, jitsi.room_token(booking=booking, user=viewer, now=now))
        except ImproperlyConfigured:
            logger.exception("No Jitsi token for booking %s: the video settings are wrong.", booking.pk)
            fields["video_unavailable"] = True
    if phase == Phase.OPEN and booking.channel == TalkChannel.PHONE and is_volunteer:
        if citizen.phone_number:
            with transaction.atomic():
                audit.record(
                    action="talks.phone_number.viewed",
                    actor=viewer,
                    data_subject=citizen,
                    obj=booking,
                    municipality=booking.citizen_municipality_id,
                    details={"what": "phone_number"},
                )
            fields["phone_number"] = citizen.phone_number
        else:
            fields["phone_missing"] = True
    live = booking.status == BookingStatus.BOOKED
    my_rating = Rating.objects.filter(booking=booking, by=viewer).first() if now >= booking.ends_at else None
    return Room(
        booking=booking,
        is_volunteer=is_volunteer,
        other=citizen if is_volunteer else booking.volunteer_user,
        opens=opens,
        closes=closes,
        phase=phase,
        may_cancel=live and now < booking.starts_at,
        may_settle=is_volunteer and live and now >= booking.starts_at,
        may_rate=my_rating is None and _ratable(booking, now),
        my_rating=my_rating,
        **fields,
    )


def rate_talk(*, by, booking: Booking, stars: int, comment: str = "", now: datetime.datetime | None = None) -> Rating:
    """A participant's short, optional rating after the talk: once per side."""
    now = now or timezone.now()
    if by.pk not in (booking.citizen_id, booking.volunteer_user_id):
        raise SammenError(ERRORS["not_participant"])
    check_not_suspended(by)
    if not isinstance(stars, int) or not 1 <= stars <= 5:
        raise SammenError(ERRORS["stars"])
    comment = (comment or "").strip()
    check_text({"comment": comment}, multi_line={"comment"})
    if len(comment) > COMMENT_MAX_LENGTH:
        raise SammenError(ERRORS["comment_long"], params={"max": COMMENT_MAX_LENGTH})
    if booking.status not in (BookingStatus.BOOKED, BookingStatus.HELD):
        raise SammenError(ERRORS["not_held"])
    if now < booking.ends_at:
        raise SammenError(ERRORS["not_over"])
    if Rating.objects.filter(booking=booking, by=by).exists():
        raise SammenError(ERRORS["already_rated"])
    try:
        with transaction.atomic():
            return Rating.objects.create(booking=booking, by=by, stars=stars, comment=comment, created_at=now)
    except IntegrityError as error:  # the same person rating twice at the same moment
        raise SammenError(ERRORS["already_rated"]) from error
