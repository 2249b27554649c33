"""A citizen's course with a job consultant, for "Hent mine data" (see ``sammen.core.personal_data``), and the
retention of ended courses."""

import datetime

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from sammen.audit import services as audit
from sammen.core.personal_data import record, register
from sammen.opportunities.models import Course, CourseStatus


def export_courses(user) -> list:
    courses = Course.objects.filter(citizen=user).select_related("municipality", "consultant").order_by("started_on")
    return [
        record(
            course,
            "municipality",
            "started_on",
            "interests",
            "abilities",
            "potentials",
            "consent_way",
            "consent_given_on",
            extra={_("Job consultant"): course.consultant.display_name, _("Status"): course.get_status_display()},
        )
        for course in courses
    ]


def unlink_courses(user) -> None:
    """The course is the job consultant's record of the municipality's work, which the municipality keeps by its own
    rules; it stays as a course without an account, with only the name the consultant knows the citizen by."""
    for course in Course.objects.select_for_update().filter(citizen=user):
        course.name = course.name or user.display_name
        course.citizen = None
        course.save(update_fields=["name", "citizen", "updated_at"])


def purge_ended_courses(now: datetime.datetime) -> int:
    """Delete ended courses untouched for ``SAMMEN_OPPORTUNITY_RETENTION_DAYS``, with their proposals, follow-ups and
    outcomes. Idempotent."""
    cutoff = now - datetime.timedelta(days=settings.SAMMEN_OPPORTUNITY_RETENTION_DAYS)
    expired = Course.objects.filter(status=CourseStatus.ENDED, updated_at__lt=cutoff)
    return audit.delete_past_retention(expired, action="opportunities.course.purged")


register(
    "opportunities.courses",
    title=_("Your course with a job consultant"),
    order=64,
    export=export_courses,
    on_deletion=_(
        "Your course with a job consultant is the municipality's record: it is no longer linked to your account, "
        "and is kept by the municipality's own rules."
    ),
    erase=unlink_courses,
    purge=purge_ended_courses,
)
