"""The opportunities' section of the committee's status report: citizens who began a course, and where they stand
today in the words of the Kolding AKTIV report, hidden under 5 and never given away by the total."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sammen.core import report
from sammen.opportunities import services
from sammen.opportunities.models import CourseStatus
from tests.factories import municipality
from tests.factories.opportunities import a_course, job_consultant

pytestmark = pytest.mark.django_db


def rows(where=None):
    today = timezone.localdate()
    section = next(section for section in report.sections() if section.key == "opportunities")
    found = section.rows(where, today - datetime.timedelta(days=30), today, today - datetime.timedelta(days=365))
    return {str(row.label): (str(row.value), None if row.compared is None else str(row.compared)) for row in found}


def test_the_section_counts_courses_and_hides_small_groups_and_the_one_the_total_would_give_away():
    consultant = job_consultant("Kolding")
    courses = [a_course(consultant, name=f"Borger {n}") for n in range(8)]
    for course in courses[:6]:
        services.record_outcome(
            by=consultant, course=course, status=CourseStatus.INTERNSHIP, happened_on=timezone.localdate()
        )
    found = rows(municipality("Kolding"))
    assert found["Borgere, der begyndte et forløb hos en jobkonsulent"] == ("8", "0")
    assert found["Borgere i kontakt i alt"] == ("8", None)
    assert found["I praktik eller job"] == ("under 5", None)  # 6, hidden with the 2 in dialogue: 8 − 6 = 2
    assert found["Indtil videre kun i dialog"] == ("under 5", None)
    assert rows(municipality("Herning"))["Borgere i kontakt i alt"] == ("0", None)


def test_the_section_costs_one_query_whatever_the_number_of_courses():
    consultant = job_consultant("Kolding")
    a_course(consultant)
    with CaptureQueriesContext(connection) as few:
        rows()
    for n in range(5):
        a_course(consultant, name=f"Borger {n}")
    with CaptureQueriesContext(connection) as many:
        rows()
    assert len(few.captured_queries) == len(many.captured_queries) == 1
