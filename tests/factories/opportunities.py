"""Opportunities (Kolding AKTIV): a job consultant, courses with accommodation needs and opportunities, all made
through the services as a consultant would."""

import datetime

from django.utils import timezone

from sammen.municipalities.models import StaffRole
from sammen.opportunities import services
from sammen.opportunities.models import Course, Opportunity
from tests.factories.municipalities import municipality, participating
from tests.factories.people import staff
from tests.helpers import with_totp


def job_consultant(municipality_name: str = "Kolding", **fields):
    """A job consultant (jobkonsulent) with two-factor login set up."""
    participating(municipality_name)
    person = staff(StaffRole.JOB_CONSULTANT, municipality_name, **fields)
    with_totp(person)
    return person


def course_fields(**overrides) -> dict:
    """Lone in Kolding (6000), without a Sammen account, started a week ago, consent given at the first meeting."""
    week_ago = timezone.localdate() - datetime.timedelta(days=7)
    fields = {
        "name": "Lone Andersen",
        "phone": "20304050",
        "email": "",
        "postal_code": "6000",
        "started_on": week_ago,
        "consent_way": "in_person",
        "consent_given_on": week_ago,
        "abilities": "God til mennesker og til at holde orden.",
        "potentials": "Vil gerne prøve en arbejdsplads igen.",
        "interests": [],
    }
    return fields | overrides


def a_course(by, *, needs=(), **overrides) -> Course:
    """A course opened by the consultant, with the needs given as dicts of kind, number, time_of_day and text."""
    course = services.open_course(by=by, municipality=municipality("Kolding"), **course_fields(**overrides))
    for need in needs:
        services.add_need(by=by, course=course, **need)
    return course


def opportunity_fields(**overrides) -> dict:
    """An internship in a shop in Kolding (6000), 8 hours a week in the morning, which can offer no lifting."""
    fields = {
        "kind": "internship",
        "title": "Praktik i butik",
        "description": "Sætte varer på plads og hjælpe kunder.",
        "employer_name": "Brugsen i Kolding",
        "hours_per_week": 8,
        "time_of_day": "morning",
        "postal_code": "6000",
        "accommodations": [{"kind": "no_lifting"}],
    }
    return fields | overrides


def an_opportunity(by, **overrides) -> Opportunity:
    return services.post_opportunity(by=by, municipality=municipality("Kolding"), **opportunity_fields(**overrides))
