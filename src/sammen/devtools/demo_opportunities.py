"""Demo opportunities in Kolding (Kolding AKTIV): the demo job consultant, a few citizens' courses in different
states with their accommodation needs (skånehensyn), opportunities from employers, a protected employment place
and volunteering from the task bank, one proposal chosen and a follow-up plan.

Everything goes through the real services, so consent, the matching's reasons and the access log are as in real
use. Idempotent: made only when Kolding has no courses yet.
"""

import datetime

from django.utils import timezone

from sammen.accounts.models import User
from sammen.devtools.demo_names import demo_email
from sammen.municipalities.models import Municipality
from sammen.opportunities import services
from sammen.opportunities.models import Course
from sammen.taskbank.models import Task, TaskStatus
from sammen.taxonomy.models import Category

KOLDING = "621"
CONSULTANT = "jobkonsulent.kolding"

# (name, phone, postal code, abilities, needs, status reached)
COURSES = [
    (
        "Lone Andersen",
        "20304050",
        "6000",
        "God til mennesker og til at holde orden. Har arbejdet i butik.",
        [
            {"kind": "max_hours", "number": 10},
            {"kind": "no_lifting"},
            {"kind": "time_of_day", "time_of_day": "morning"},
        ],
        "internship",
    ),
    ("Karsten Holm", "21314151", "6000", "Glad for at bage og lave mad.", [{"kind": "quiet"}], "deciding"),
    (
        "Birgitte Lund",
        "22324252",
        "6070",
        "Har passet heste i mange år.",
        [{"kind": "breaks"}, {"kind": "transport_km", "number": 15}],
        "protected",
    ),
    ("Henrik Møller", "23334353", "6000", "Vil gerne ud blandt andre.", [], "referred_on"),
    ("Susanne Friis", "24344454", "6000", "Er god med tal.", [{"kind": "max_hours", "number": 6}], "in_contact"),
]

# (kind, title, description, employer, hours, time of day, accommodations)
OPPORTUNITIES = [
    (
        "internship",
        "Praktik i butik",
        "Sætte varer på plads, tjekke datoer og hjælpe kunder. Rolig start med en fast kollega.",
        "Rema 1000 Kolding Syd",
        8,
        "morning",
        [{"kind": "no_lifting"}, {"kind": "breaks"}],
    ),
    (
        "wage_subsidy",
        "Job med løntilskud på lager",
        "Pakke ordrer og modtage varer. Der er løft op til 15 kg.",
        "CC Pro Kolding",
        20,
        "morning",
        [{"kind": "public_transport"}],
    ),
    (
        "protected",
        "Beskyttet beskæftigelse i kantinen",
        "Hjælpe med frokosten til 60 medarbejdere i et roligt køkken.",
        "Værkstedet Nordhøj",
        12,
        "morning",
        [{"kind": "quiet"}, {"kind": "breaks"}, {"kind": "no_stairs"}, {"kind": "max_hours", "number": 6}],
    ),
]


def load_demo_opportunities() -> dict:
    kolding = Municipality.objects.get(code=KOLDING)
    if Course.objects.filter(municipality=kolding).exists():
        return {"opportunity_courses": 0}
    consultant = User.objects.get(email=demo_email(CONSULTANT))
    today = timezone.localdate()
    food = Category.objects.get(slug="mad-og-faellesspisning")
    opportunities = [
        services.post_opportunity(
            by=consultant,
            municipality=kolding,
            kind=kind,
            title=title,
            description=description,
            employer_name=employer,
            hours_per_week=hours,
            time_of_day=time_of_day,
            postal_code="6000",
            accommodations=accommodations,
        )
        for kind, title, description, employer, hours, time_of_day, accommodations in OPPORTUNITIES
    ]
    task = (
        Task.objects.filter(municipality=kolding, status=TaskStatus.PUBLISHED, ends_at__gt=timezone.now())
        .order_by("starts_at")
        .first()
    )
    if task is not None:
        opportunities.append(
            services.post_opportunity(
                by=consultant,
                municipality=kolding,
                kind="volunteering",
                task=task,
                title="",
                description="",
                hours_per_week=3,
                postal_code="",
                accommodations=[{"kind": "breaks"}, {"kind": "no_lifting"}],
            )
        )
    for n, (name, phone, postal_code, abilities, needs, status) in enumerate(COURSES):
        started = today - datetime.timedelta(days=120 - 20 * n)
        course = services.open_course(
            by=consultant,
            municipality=kolding,
            name=name,
            phone=phone,
            postal_code=postal_code,
            started_on=started,
            consent_way="in_person",
            consent_given_on=started,
            abilities=abilities,
            interests=[food] if n % 2 else [],
        )
        for need in needs:
            services.add_need(by=consultant, course=course, **need)
        services.plan_follow_up(by=consultant, course=course, due_on=today + datetime.timedelta(days=n + 1))
        if n == 0:
            proposals = services.propose_opportunities(by=consultant, course=course)
            if proposals:
                chosen = proposals[0].opportunity
                services.choose_opportunity(by=consultant, course=course, opportunity=chosen)
        if status != "in_contact":
            services.record_outcome(by=consultant, course=course, status=status, happened_on=started)
    return {"opportunity_courses": len(COURSES), "opportunities": len(opportunities)}
