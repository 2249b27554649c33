"""Reads for the job consultants' pages: a course or opportunity of the municipality (or 404), the overview's
lists, the figures of seed 004 (with small numbers hidden), and proposals' reasons in words."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.core.figures import Figure, figure, hide_complements
from sammen.opportunities.models import (
    Course,
    CourseStatus,
    FollowUp,
    Opportunity,
    OpportunityStatus,
    Proposal,
    ProposalStatus,
    TimeOfDay,
)
from sammen.taxonomy.categories import NATIONAL_CATEGORIES

REASON_LABELS = {
    "distance": _("Distance"),
    "in_person": _("Meets in person"),
    "interests": _("Shared interests"),
    "availability": _("Time of day fits"),
    "preferences": _("Preferences met"),
    "languages": _("Languages"),
}

# The figures of seed 004 (Kolding AKTIV's status), each the statuses it counts.
FIGURE_GROUPS = (
    (_("Only in dialogue so far"), (CourseStatus.IN_CONTACT,)),
    (_("In a longer course"), (CourseStatus.LONGER_COURSE,)),
    (_("In internship or job"), (CourseStatus.INTERNSHIP, CourseStatus.WAGE_SUBSIDY)),
    (
        _("In protected employment, moving towards ordinary work"),
        (CourseStatus.PROTECTED, CourseStatus.TOWARDS_ORDINARY),
    ),
    (_("Referred on to citizen-to-citizen communities"), (CourseStatus.REFERRED_ON,)),
    (_("Still deciding"), (CourseStatus.DECIDING,)),
    (_("Ended"), (CourseStatus.ENDED,)),
)


@dataclass
class Figures:
    in_contact: Figure
    rows: list[tuple[str, Figure]]


def figures(municipality) -> Figures:
    """How many citizens have been in contact, and where they are now; groups of 1–4 read "under 5", and so
    many more as keep the total from giving them away."""
    counts = dict(
        Course.objects.filter(municipality=municipality).values_list("status").annotate(n=Count("id")).order_by()
    )
    cells = [figure(sum(counts.get(status, 0) for status in statuses)) for _label, statuses in FIGURE_GROUPS]
    total = figure(sum(counts.values()))
    cells = hide_complements(cells) if total.shown else cells
    return Figures(
        in_contact=total, rows=[(label, cell) for (label, _s), cell in zip(FIGURE_GROUPS, cells, strict=True)]
    )


def my_courses(municipality, consultant):
    return (
        Course.objects.filter(municipality=municipality, consultant=consultant)
        .exclude(status=CourseStatus.ENDED)
        .select_related("citizen")
        .order_by("-started_on", "-id")
    )


def open_opportunities(municipality):
    return Opportunity.objects.filter(municipality=municipality, status=OpportunityStatus.OPEN).select_related(
        "association"
    )


def follow_ups_due(municipality, consultant, *, days: int = 7):
    horizon = timezone.localdate() + datetime.timedelta(days=days)
    return (
        FollowUp.objects.filter(
            course__municipality=municipality, course__consultant=consultant, done_at__isnull=True, due_on__lte=horizon
        )
        .select_related("course__citizen")
        .order_by("due_on", "id")
    )


def course_for_consultant(municipality, pk: int) -> Course:
    """A course of the municipality with what its page shows, or 404 (never another municipality's)."""
    proposals = Proposal.objects.select_related("opportunity__association").order_by("status", "-score", "id")
    return get_object_or_404(
        Course.objects.select_related("citizen", "consultant", "consent_recorded_by").prefetch_related(
            "needs",
            "interests",
            "outcomes__recorded_by",
            Prefetch("follow_ups", queryset=FollowUp.objects.select_related("done_by")),
            Prefetch("proposals", queryset=proposals),
        ),
        municipality=municipality,
        pk=pk,
    )


def opportunity_for_consultant(municipality, pk: int) -> Opportunity:
    proposals = Proposal.objects.select_related("course__citizen").order_by("status", "-score", "id")
    return get_object_or_404(
        Opportunity.objects.select_related("association", "task", "category", "posted_by").prefetch_related(
            "accommodations", Prefetch("proposals", queryset=proposals)
        ),
        municipality=municipality,
        pk=pk,
    )


def waiting(proposals) -> list[Proposal]:
    return [p for p in proposals if p.status == ProposalStatus.PROPOSED]


def reasons_in_words(reasons: list[dict]) -> list[tuple[str, str]]:
    """A proposal's stored parts as (label, detail) in the reader's language; interests by their names."""
    shown = []
    for part in reasons:
        name, detail = part.get("name", ""), part.get("detail", "")
        if name == "in_person":
            continue
        if name == "interests":
            detail = ", ".join(str(NATIONAL_CATEGORIES.get(slug.strip(), slug)) for slug in detail.split(","))
        if name == "availability":
            detail = ", ".join(
                str(TimeOfDay(t.strip()).label) for t in detail.split(",") if t.strip() in TimeOfDay.values
            )
        shown.append((str(REASON_LABELS.get(name, name)), detail))
    return shown
