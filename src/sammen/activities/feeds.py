"""Activity dates for other programs: iCalendar (.ics) for calendar apps and JSON for municipalities' web sites.

Both are built from the same rows as the list page (``queries.upcoming_occurrences``). An event's UID is the
date's id and the site's host, so that a calendar app updates a moved or cancelled date instead of adding a
second one.
"""

import datetime
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from sammen.activities.models import Occurrence

# How far feeds reach: a year ahead, and a month back so that subscribed calendars keep the dates just past.
HORIZON = datetime.timedelta(days=366)
HISTORY = datetime.timedelta(days=31)
MAX_EVENTS = 1000
# The start of the description is enough in a calendar (the URL leads to the rest); long text makes big files
# and is slow to fold into iCalendar's 75-octet lines.
DESCRIPTION_CHARS = 200
ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"


def feed_window(now: datetime.datetime | None = None) -> tuple[datetime.datetime, datetime.datetime]:
    now = now or timezone.now()
    return now - HISTORY, now + HORIZON


def occurrence_uid(occurrence: Occurrence) -> str:
    host = urlsplit(settings.SAMMEN_BASE_URL).hostname or "sammen"
    return f"occurrence-{occurrence.pk}@{host}"


def place_text(occurrence: Occurrence) -> str:
    """The address as one line ("Torvet 1, 7400 Herning Kommune"), or empty for an online activity."""
    activity = occurrence.activity
    if not activity.address:
        return ""
    parts = [activity.address, " ".join(filter(None, [activity.postal_code, occurrence.municipality.name]))]
    return ", ".join(part for part in parts if part)


def ics_calendar(occurrences, *, name: str, link_for, now: datetime.datetime | None = None) -> bytes:
    """An iCalendar file with one VEVENT per date; ``link_for(occurrence)`` gives the absolute URL of its page.

    Times are written in UTC (``...Z``), which every calendar app shows in its own time zone.
    """
    now = now or timezone.now()
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Sammen//Aktiviteter//DA")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Copenhagen")
    for occurrence in occurrences:
        activity = occurrence.activity
        event = icalendar.Event()
        event.add("uid", occurrence_uid(occurrence))
        event.add("dtstamp", now.astimezone(datetime.UTC))
        event.add("dtstart", occurrence.starts_at.astimezone(datetime.UTC))
        event.add("dtend", occurrence.ends_at.astimezone(datetime.UTC))
        event.add("summary", activity.title)
        organiser = _("Organiser: %(name)s") % {"name": activity.organiser_name}
        event.add("description", f"{organiser}\n{Truncator(activity.description).chars(DESCRIPTION_CHARS)}")
        event.add("location", place_text(occurrence) or activity.online_url)
        link = link_for(occurrence)
        event.add("url", link)
        cancelled = occurrence.cancelled_at or activity.cancelled_at
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        event.add("categories", [str(activity.category.name)])
        calendar.add_component(event)
    return calendar.to_ical()


def json_occurrence(occurrence: Occurrence, *, url: str) -> dict:
    """One date as the public JSON feed shows it: times in ISO 8601 with the Copenhagen offset."""
    activity = occurrence.activity
    return {
        "id": occurrence.pk,
        "activity_id": activity.pk,
        "title": activity.title,
        "starts_at": timezone.localtime(occurrence.starts_at).isoformat(),
        "ends_at": timezone.localtime(occurrence.ends_at).isoformat(),
        "place": place_text(occurrence) or None,
        "municipality": occurrence.municipality.name,
        "online": not activity.address and bool(activity.online_url),
        "organiser": activity.organiser_name,
        "category": activity.category.slug,
        "target_groups": [term.slug for term in activity.target_groups.all()],
        "accessibility": [term.slug for term in activity.accessibility.all()],
        "price": str(activity.price),
        "url": url,
        "signup_required": activity.signup_required,
        "seats_left": max(occurrence.seats_left, 0) if activity.signup_required and occurrence.capacity else None,
        "cancelled": occurrence.cancelled_at is not None,
    }
