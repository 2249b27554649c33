"""How courses and opportunities map onto the one matching engine (``sammen.matching``).

Every structured accommodation need is a hard constraint, so the engine never proposes an opportunity that
breaks one: a need becomes a ``wish`` of the course and what the opportunity can offer becomes its
``attributes`` ("at most 10 hours a week" wishes ``hours`` in 1–10; "no lifting" wishes ``no_lifting``
True), and "transport of at most N km" is the course's ``max_distance_km``. A need of the kind "other" is free
text that no machine can check: it is shown beside each proposal for the consultant to judge.

Both directions use ``match_one_to_many``: opportunities for a citizen (each opportunity one request, the
course an offer with room for ``PROPOSALS`` of them), and citizens for an opportunity (each course one request,
the opportunity an offer with the same room).
"""

from sammen.matching.engine import IN_PERSON, Offer, Request, explain, match_one_to_many
from sammen.municipalities import postal_codes
from sammen.opportunities.models import MOST_KM, NeedKind, TimeOfDay

PROPOSALS = 5
YES_KINDS = (
    NeedKind.NO_LIFTING,
    NeedKind.NO_STANDING,
    NeedKind.NO_STAIRS,
    NeedKind.BREAKS,
    NeedKind.QUIET,
    NeedKind.PUBLIC_TRANSPORT,
)
ALL_TIMES = frozenset(TimeOfDay.values)


def need_wish(need) -> tuple[str, object] | None:
    """The hard wish one need stands for, or None (transport distance and "other" are not wishes)."""
    if need.kind == NeedKind.MAX_HOURS:
        return "hours", frozenset(range(1, (need.number or 0) + 1))
    if need.kind == NeedKind.TIME_OF_DAY:
        return f"time_{need.time_of_day}", True
    if need.kind in YES_KINDS:
        return need.kind, True
    return None


def course_wishes(needs) -> dict[str, object]:
    return dict(wish for wish in map(need_wish, needs) if wish is not None)


def course_distance(needs) -> float | None:
    limits = [need.number for need in needs if need.kind == NeedKind.TRANSPORT_KM and need.number]
    return float(min(limits)) if limits else None


def opportunity_times(opportunity, accommodations) -> frozenset[str]:
    """The times of day the opportunity can be done: its own (any, when it names none) and those it offers."""
    times = {opportunity.time_of_day} if opportunity.time_of_day else set(ALL_TIMES)
    times |= {a.time_of_day for a in accommodations if a.kind == NeedKind.TIME_OF_DAY and a.time_of_day}
    return frozenset(times)


def opportunity_attributes(opportunity, accommodations) -> dict[str, object]:
    """What the opportunity can offer, as attributes the needs' wishes are checked against."""
    hours = [opportunity.hours_per_week]
    hours += [a.number for a in accommodations if a.kind == NeedKind.MAX_HOURS and a.number]
    attributes: dict[str, object] = {"hours": min(hours)}
    offered = {a.kind for a in accommodations}
    for kind in YES_KINDS:
        attributes[kind] = kind in offered
    for time in opportunity_times(opportunity, accommodations):
        attributes[f"time_{time}"] = True
    return attributes


def course_point(course) -> tuple[float, float] | None:
    return postal_codes.point(course.postal_code)


def _interests(course) -> frozenset[str]:
    return frozenset(category.slug for category in course.interests.all())


def _course_times(needs) -> frozenset[str]:
    times = {need.time_of_day for need in needs if need.kind == NeedKind.TIME_OF_DAY and need.time_of_day}
    return frozenset(times) or ALL_TIMES


def _course_side(course, cls, **extra):
    needs = list(course.needs.all())
    return cls(
        id=course.pk,
        point=course_point(course),
        channels=frozenset({IN_PERSON}),
        interests=_interests(course),
        availability=_course_times(needs),
        wishes=course_wishes(needs),
        max_distance_km=course_distance(needs),
        **extra,
    )


def _opportunity_side(opportunity, cls, **extra):
    accommodations = list(opportunity.accommodations.all())
    return cls(
        id=opportunity.pk,
        point=opportunity.point,
        channels=frozenset({IN_PERSON}),
        interests=frozenset({opportunity.category.slug}) if opportunity.category_id else frozenset(),
        availability=opportunity_times(opportunity, accommodations),
        attributes=opportunity_attributes(opportunity, accommodations),
        **extra,
    )


def opportunities_for(course, opportunities, *, room: int = PROPOSALS):
    """The engine's proposals of opportunities for one course (each proposal's request is an opportunity)."""
    requests = [_opportunity_side(o, Request) for o in opportunities]
    if not requests:
        return []
    offer = _course_side(course, Offer, capacity=room)
    return match_one_to_many(requests, [offer], max_km=MOST_KM).proposals


def courses_for(opportunity, courses, *, room: int = PROPOSALS):
    """The engine's proposals of courses (citizens) for one opportunity (each proposal's request is a course)."""
    requests = [_course_side(c, Request) for c in courses]
    if not requests:
        return []
    offer = _opportunity_side(opportunity, Offer, capacity=room)
    return match_one_to_many(requests, [offer], max_km=MOST_KM).proposals


def broken_needs(course, opportunity) -> list:
    """The course's structured needs the opportunity breaks, each checked by the engine on its own."""
    offer = _opportunity_side(opportunity, Offer)
    point = course_point(course)
    broken = []
    for need in course.needs.all():
        wish = need_wish(need)
        if wish is not None:
            request = Request(id=course.pk, point=point, wishes=dict([wish]), max_distance_km=MOST_KM)
        elif need.kind == NeedKind.TRANSPORT_KM and need.number:
            request = Request(id=course.pk, point=point, max_distance_km=float(need.number))
        else:
            continue
        if explain(request, offer, max_km=MOST_KM) is None:
            broken.append(need)
    return broken


def reasons(parts) -> list[dict]:
    """The parts of a proposal's score as stored JSON: name, points and detail."""
    return [{"name": part.name, "points": round(part.points, 2), "detail": part.detail} for part in parts]
