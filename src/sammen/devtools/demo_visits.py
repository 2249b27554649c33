"""Demo visiting friends in Holstebro: Holstebro Municipality's programme "Besøgsven i Holstebro" (with the national
course), four active visiting friends with their rooms, six citizens asking for a friend (one enrolled by staff
with consent on paper, one happy with a friend from another municipality), and one active pair with meetings over
the last weeks, so that the coordinator's overview and figures have something to show.

Joining, the course, approval, rooms, requests, the matching, confirming and both yeses go through the real
services; the past meetings are written as rows, since the services rightly refuse dates before the pair started.
Idempotent like the rest of the demo: each step looks for what it would make first.
"""

import datetime

from allauth.account.models import EmailAddress
from django.utils import timezone

from sammen.accounts.models import User
from sammen.accounts.services import record_consents
from sammen.devtools.demo_names import DEMO_PASSWORD, PLATFORM_ADMIN, demo_email
from sammen.municipalities.models import Municipality
from sammen.taxonomy.models import Category
from sammen.visits import services as visit_services
from sammen.visits.models import Meeting, Pair, PairStatus, VisitorRoom, VisitRequest
from sammen.volunteering import services as volunteering_services
from sammen.volunteering.models import Programme, ProgrammeKind, Volunteer, VolunteerStatus

HOLSTEBRO = "661"
SLUG = "besoegsven-holstebro"
# (login, name, gender, postal code, room: capacity, hours a month, km, way, mobility, times, interests)
VISITORS = [
    (
        "besoegsven1.holstebro",
        "Grethe",
        "woman",
        "7500",
        2,
        8,
        10,
        "either",
        "bedridden",
        ["tue_afternoon", "thu_afternoon"],
        ["gaature", "kultur"],
    ),
    (
        "besoegsven2.holstebro",
        "Jens",
        "man",
        "7500",
        1,
        4,
        15,
        "in_person",
        "wheelchair",
        ["mon_morning", "wed_morning"],
        ["natur", "spil"],
    ),
    (
        "besoegsven3.holstebro",
        "Aisha",
        "woman",
        "7500",
        2,
        6,
        0,
        "online",
        "bedridden",
        ["mon_evening", "thu_evening"],
        ["sprog", "mad-og-faellesspisning"],
    ),
    (
        "besoegsven4.holstebro",
        "Poul",
        "man",
        "7500",
        1,
        4,
        20,
        "either",
        "walker",
        ["fri_afternoon", "sat_morning"],
        ["kreativitet"],
    ),
]
# (citizen login, way, frequency, mobility, gender wish, times, interests, another municipality is fine, about)
REQUESTS = [
    (
        "borger1.holstebro",
        "in_person",
        "weekly",
        "walker",
        "",
        ["tue_afternoon"],
        ["gaature"],
        False,
        "Jeg savner nogen at gå en tur med.",
    ),
    (
        "borger2.holstebro",
        "either",
        "fortnightly",
        "walks",
        "woman",
        ["thu_evening"],
        ["sprog"],
        False,
        "Jeg vil gerne øve dansk.",
    ),
    (
        "borger3.holstebro",
        "in_person",
        "weekly",
        "bedridden",
        "",
        ["thu_afternoon"],
        ["kultur"],
        False,
        "Jeg kommer ikke så meget ud mere.",
    ),
    (
        "borger4.holstebro",
        "in_person",
        "monthly",
        "walks",
        "man",
        ["wed_morning"],
        ["natur"],
        True,
        "Jeg kan godt lide fugle.",
    ),
    (
        "borger5.holstebro",
        "online",
        "weekly",
        "wheelchair",
        "",
        ["mon_evening"],
        ["spil"],
        False,
        "Kortspil over video?",
    ),
    ("borger6.holstebro", "in_person", "fortnightly", "walks", "", ["sat_morning"], ["kreativitet"], False, ""),
]
ENROLLED = "borger3.holstebro"  # outreach staff enrolled her, with her consent on paper
PAIRED = ("borger1.holstebro", "besoegsven1.holstebro")
MEETINGS = [(40, 120), (33, 90), (26, 120), (19, 60), (12, 90)]  # (days ago, minutes)


def load_demo_visits() -> dict:
    municipality = Municipality.objects.get(code=HOLSTEBRO)
    admin = User.objects.get(email=demo_email(PLATFORM_ADMIN))
    programme = _programme(municipality)
    members = [_visitor(programme, admin, *row) for row in VISITORS]
    requests = [_request(municipality, admin, *row) for row in REQUESTS]
    pair = _active_pair(admin, municipality)
    return {"visitors": len(members), "visit_requests": len(requests), "visit_meetings": pair.meetings.count()}


def _programme(municipality) -> Programme:
    programme = Programme.objects.filter(slug=SLUG).first()
    if programme is None:
        course = Programme.objects.get(slug="snak-sammen").course
        programme = Programme.objects.create(
            kind=ProgrammeKind.VISITS,
            name="Besøgsven i Holstebro",
            slug=SLUG,
            description="Som besøgsven besøger du fast en borger, der savner selskab: en kop kaffe, en gåtur, et "
            "spil kort. I kan også mødes på video eller i telefonen. Du får et kort e-kursus og supervision.",
            audience="Voksne, der har et par timer om måneden",
            municipality=municipality,
            course=course,
            channels=[],
        )
    return programme


def _user(login: str, **fields) -> User:
    email = demo_email(login)
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, **fields)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        record_consents(user=user)
    return user


def _visitor(programme, admin, login, name, gender, postal, capacity, hours, km, way, mobility, times, interests):
    user = _user(
        login,
        display_name=name,
        gender=gender,
        municipality=programme.municipality,
        postal_code=postal,
        date_of_birth=datetime.date(1958, 5, 1),
        is_volunteer=True,
    )
    member = Volunteer.objects.filter(user=user, programme=programme).exclude(status=VolunteerStatus.LEFT).first()
    if member is None:
        member = volunteering_services.join(
            user=user,
            programme=programme,
            motivation="Jeg har tid, og jeg ved, hvor meget et fast besøg betyder.",
            presentation=f"Jeg hedder {name} og bor i Holstebro.",
            topics="Hverdagen, haven og gamle dage",
            languages=[{"code": "da", "level": "native"}],
            accept_agreement=True,
        )
        if member.status == VolunteerStatus.ONBOARDING:
            for lesson in programme.course.lessons.prefetch_related("questions__choices"):
                answers = {
                    question.pk: {choice.pk for choice in question.choices.all() if choice.correct}
                    for question in lesson.questions.all()
                }
                volunteering_services.answer_quiz(user=user, lesson=lesson, answers=answers)
            member.refresh_from_db()
        member = volunteering_services.approve(by=admin, volunteer=member)
    if not VisitorRoom.objects.filter(volunteer=member).exists():
        visit_services.set_room(
            volunteer=member,
            by=user,
            fields={
                "capacity": capacity,
                "hours_per_month": hours,
                "max_km": km,
                "way": way,
                "mobility": mobility,
                "availability": times,
                "phone": f"97 40 10 {login[len('besoegsven')]:0>2}",
            },
            interests=Category.objects.filter(slug__in=interests),
        )
    return member


def _request(municipality, admin, login, way, frequency, mobility, gender, times, interests, other, about):
    user = User.objects.get(email=demo_email(login))
    existing = VisitRequest.objects.filter(citizen=user).first()
    if existing is not None:
        return existing
    fields = {
        "way": way,
        "frequency": frequency,
        "mobility": mobility,
        "gender_wish": gender,
        "availability": times,
        "languages": ["da"],
        "about": about,
        "postal_code": user.postal_code or "7500",
        "accepts_other_municipality": other,
        "phone": "",
    }
    chosen = Category.objects.filter(slug__in=interests)
    if login == ENROLLED:
        return visit_services.enrol_citizen(
            by=admin,
            municipality=municipality,
            display_name=user.display_name,
            email=user.email,
            consent_on=timezone.localdate() - datetime.timedelta(days=7),
            fields={**fields, "phone": "97 11 22 33"},
            interests=chosen,
        )
    return visit_services.ask_for_friend(citizen=user, fields=fields, interests=chosen)


def _active_pair(admin, municipality) -> Pair:
    citizen_login, visitor_login = PAIRED
    request = VisitRequest.objects.get(citizen__email=demo_email(citizen_login))
    member = Volunteer.objects.get(user__email=demo_email(visitor_login), programme__slug=SLUG)
    pair = Pair.objects.filter(request=request, volunteer=member).first()
    if pair is None:
        pair = Pair.objects.create(
            request=request,
            volunteer=member,
            channel="in_person",
            score=5.5,
            reasons=[
                {"name": "distance", "points": -0.5, "detail": "2.0 km"},
                {"name": "in_person", "points": 2.0, "detail": "in_person"},
                {"name": "interests", "points": 1.0, "detail": "gaature"},
                {"name": "languages", "points": 1.5, "detail": "da"},
                {"name": "availability", "points": 0.5, "detail": "tue_afternoon"},
            ],
            proposed_by=admin,
        )
        pair = visit_services.confirm(by=admin, pair=pair)
        pair = visit_services.accept(by=member.user, pair=pair)
        pair = visit_services.record_citizen_acceptance(by=admin, pair=pair)
    if pair.status == PairStatus.ACTIVE and not pair.meetings.exists():
        # The pair has been meeting for weeks: move its start back, then write the meetings since.
        started = timezone.now() - datetime.timedelta(days=45)
        Pair.objects.filter(pk=pair.pk).update(
            started_at=started, next_check_in_on=timezone.localdate() - datetime.timedelta(days=2)
        )
        today = timezone.localdate()
        Meeting.objects.bulk_create(
            Meeting(
                pair=pair,
                on=today - datetime.timedelta(days=days),
                minutes=minutes,
                way="in_person",
                logged_by=member.user,
            )
            for days, minutes in MEETINGS
        )
    return pair
