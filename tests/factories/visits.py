"""Visiting friends: a visits programme, visiting friends with their room, citizens' requests and pairs."""

import datetime
import itertools

from django.utils import timezone

from sammen.messaging.services import open_conversation
from sammen.municipalities import postal_codes
from sammen.visits.models import Pair, PairStatus, RequestStatus, VisitorRoom, VisitRequest
from sammen.volunteering.models import ProgrammeKind, VolunteerStatus
from tests.factories.people import citizen
from tests.factories.volunteering import ProgrammeFactory, volunteer

_numbers = itertools.count(1)


def visits_programme(**fields):
    """ "Besøgsven", national: volunteers who visit a citizen regularly, approved by staff."""
    defaults = {
        "kind": ProgrammeKind.VISITS,
        "name": "Besøgsven",
        "slug": f"besoegsven-{next(_numbers)}",
        "description": "Bliv besøgsven for en borger, der savner selskab.",
        "audience": "Alle over 18, der har tid til et fast besøg",
        "channels": [],
    }
    return ProgrammeFactory(**{**defaults, **fields})


def visitor(
    name: str = "Vibeke",
    municipality_name: str = "Herning",
    *,
    programme=None,
    postal_code: str = "7400",
    gender: str = "woman",
    status=VolunteerStatus.ACTIVE,
    **room,
):
    """An active visiting friend living at ``postal_code`` with a room for one friend (in person or online,
    10 km, every mobility), unless ``room`` says otherwise; ``room=None`` for no room yet."""
    user = citizen(municipality_name, display_name=name, postal_code=postal_code, gender=gender)
    member = volunteer(user, programme or visits_programme(), status=status)
    if room.pop("no_room", False):
        return member
    interests = room.pop("interests", [])
    defaults = {
        "capacity": 1,
        "hours_per_month": 4,
        "way": "either",
        "max_km": 10,
        "mobility": "bedridden",
        "availability": ["tue_afternoon", "thu_afternoon"],
        "gender": gender,
        "phone": "20 30 40 50",
    }
    made = VisitorRoom.objects.create(volunteer=member, **{**defaults, **room})
    made.interests.set(interests)
    return member


def visit_request(person=None, *, municipality_name: str = "Herning", interests=(), **fields) -> VisitRequest:
    """A waiting request of ``person`` (a new citizen of the municipality if none): weekly visits in person, walks
    without help, at postal code 7400, Tuesday afternoons."""
    person = person or citizen(municipality_name, display_name="Bent", postal_code=fields.get("postal_code", "7400"))
    defaults = {
        "way": "in_person",
        "frequency": "weekly",
        "mobility": "walks",
        "availability": ["tue_afternoon"],
        "languages": ["da"],
        "postal_code": person.postal_code or "7400",
        "phone": "30 40 50 60",
    }
    values = {**defaults, **fields}
    point = postal_codes.point(values["postal_code"])
    made = VisitRequest.objects.create(
        citizen=person,
        municipality=person.municipality,
        latitude=point[0] if point else None,
        longitude=point[1] if point else None,
        **values,
    )
    made.interests.set(interests)
    return made


def proposed_pair(request: VisitRequest, member, **fields) -> Pair:
    defaults = {"channel": "in_person", "score": 3.0, "reasons": [{"name": "in_person", "points": 2.0, "detail": ""}]}
    return Pair.objects.create(request=request, volunteer=member, **{**defaults, **fields})


def active_pair(request: VisitRequest, member, *, started_days_ago: int = 20) -> Pair:
    """A pair both said yes to ``started_days_ago`` days ago, with its conversation; check-in due in 14 days."""
    started = timezone.now() - datetime.timedelta(days=started_days_ago)
    conversation = open_conversation(author=member.user, responder=request.citizen, topic="Besøgsven")
    request.status = RequestStatus.MATCHED
    request.save(update_fields=["status"])
    return proposed_pair(
        request,
        member,
        status=PairStatus.ACTIVE,
        confirmed_at=started,
        volunteer_accepted_at=started,
        citizen_accepted_at=started,
        started_at=started,
        conversation=conversation,
        next_check_in_on=timezone.localdate(started) + datetime.timedelta(days=14),
    )
