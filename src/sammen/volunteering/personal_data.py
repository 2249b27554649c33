"""A volunteer's programmes and course progress, for "Hent mine data" (see ``sammen.core.personal_data``)."""

from django.utils.translation import gettext_lazy as _

from sammen.core.personal_data import register
from sammen.volunteering.models import LessonProgress, Volunteer


def export_volunteering(user) -> list:
    rows = [
        {
            _("Programme"): str(volunteer.programme),
            _("Status"): volunteer.get_status_display(),
            _("Agreement accepted"): volunteer.agreement_accepted_at,
            _("Course passed"): volunteer.course_passed_at,
            _("Criminal-record check seen on"): volunteer.record_check_seen_on,
        }
        for volunteer in Volunteer.objects.filter(user=user).select_related("programme").order_by("pk")
    ]
    rows += [
        {
            _("Lesson"): str(progress.lesson),
            _("Passed"): progress.passed_at,
            _("Last score (percent)"): progress.last_score,
        }
        for progress in LessonProgress.objects.filter(user=user).select_related("lesson").order_by("pk")
    ]
    return rows


register(
    "volunteering.volunteerships",
    title=_("You as a volunteer"),
    order=63,
    export=export_volunteering,
    on_deletion=_("Your volunteer profile, programmes and course progress are deleted."),
)
