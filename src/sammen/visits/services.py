"""Visiting-friend use cases: a citizen asks for a friend (or outreach staff enrol them, with their consent on
paper), a volunteer says what room they have, the coordinator runs the matching and confirms or skips each
proposal, both parties accept (staff may record the citizen's yes after a phone call), and then the pair meets,
logs its meetings, is checked in on and may end, kindly. Volunteers ask for a talk with the coordinator, and the
coordinator adds group supervision sessions (activities with sign-up).

Services check the acting person themselves (as the task bank does); every refusal is a ``SammenError`` with a
message for the person and changes nothing. A confirmation takes the volunteer's lock (``core.locking``) before it
counts the places taken, so that two coordinators confirming at the same moment never overfill a room.

Across municipality borders: a request is matched only with visiting friends who live in the citizen's own
municipality, unless the citizen said a friend from another municipality is fine; then any visiting friend
whose travelling distance reaches the citizen (or who meets online) may be proposed. Sammen has no table of
neighbouring municipalities, and the distance the volunteer will travel is the honest test of "close enough".
"""

import datetime
import re

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import get_random_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sammen.access.eligibility import check_may_contribute
from sammen.access.permissions import Permission, check_permission, has_permission
from sammen.activities.models import Activity
from sammen.audit import services as audit
from sammen.core.denmark import SPOKEN_LANGUAGES
from sammen.core.errors import SammenError
from sammen.core.links import absolute_url
from sammen.core.locking import locked
from sammen.core.text_policy import check_text
from sammen.matching import IN_PERSON, Offer, Request, candidates, match_one_to_many
from sammen.matching.engine import Candidates
from sammen.messaging.services import open_conversation
from sammen.municipalities import postal_codes
from sammen.municipalities.models import Municipality
from sammen.notifications.services import notify
from sammen.visits.models import (
    LIVE_PAIR,
    LIVE_REQUEST,
    MOBILITY_ORDER,
    SLOTS,
    TAKES_ROOM,
    CheckIn,
    Frequency,
    GenderWish,
    Meeting,
    Mobility,
    Pair,
    PairStatus,
    RequestStatus,
    SupervisionSession,
    TalkRequest,
    VisitorRoom,
    VisitRequest,
    Way,
)
from sammen.volunteering.models import ProgrammeKind, Volunteer, VolunteerStatus
from sammen.volunteering.queries import looking_after_municipality_id
from sammen.wellbeing import services as wellbeing

FIRST_CHECK_IN = datetime.timedelta(days=14)
NEXT_CHECK_IN = datetime.timedelta(days=30)
MINUTES_PER_DAY = 24 * 60
# A consent on paper older than this is too old to enrol on: ask the citizen again.
CONSENT_VALID_DAYS = 365
# Accounts of citizens without e-mail (phone or letter only) get an address here that can receive nothing.
NO_EMAIL_DOMAIN = "ingen-email.sammen.invalid"
ONLINE_CHANNELS = frozenset({"video", "phone"})
MAX_KM = 100
LIMITS = {"about": 1000, "reason": 300, "message": 1000, "answer": 1000, "note": 2000, "display_name": 60}
_PHONE = re.compile(r"^\+?[0-9 ]{8,16}$")

ERRORS = {
    "busy": _("Many people are doing the same right now. Please try again in a moment."),
    "too_long": _("The text is too long: write at most %(limit)s characters."),
    "required": _("Fill in this field."),
    "choice": _("Choose one of the options."),
    "postal_code": _("Denmark has no postal code %(code)s. Write the 4 digits of your postal code, e.g. 7500."),
    "phone": _("Write the phone number with 8 digits, e.g. 20 30 40 50."),
    "language": _("Choose the languages from the list."),
    "slot": _("Choose the times from the list."),
    # Asking
    "already_asked": _("You have already asked for a visiting friend."),
    "already_on_list": _("%(name)s is already on the list for a visiting friend."),
    "not_yours": _("This is not your request."),
    "not_waiting": _("The request is no longer waiting (it is “%(status)s”)."),
    "no_municipality": _("Add your municipality to your profile first."),
    # Enrolling
    "not_enroller": _("You cannot enrol citizens in %(municipality)s Municipality."),
    "not_participating": _("%(municipality)s Municipality does not take part in Sammen at the moment."),
    "consent_required": _("Write the date the citizen signed the consent."),
    "consent_future": _("The date of the consent cannot be in the future."),
    "consent_old": _("The consent is more than a year old. Ask the citizen to sign a new one."),
    "other_municipality": _("This person lives in another municipality. Their own municipality can enrol them."),
    "staff_account": _("This e-mail address belongs to a staff member. Use the citizen's own address."),
    "email": _("Write the whole e-mail address, e.g. ellen@example.dk, or leave it empty."),
    "no_contact": _("Give an e-mail address or a phone number, so that the visiting friend can reach the citizen."),
    # Room
    "not_visitor": _("Only an active visiting friend can say how many friends they have room for."),
    "capacity": _("You can have between 1 and 5 friends."),
    "hours": _("Write between 1 and 80 hours a month."),
    "km": _("Write between 0 and 100 km."),
    "capacity_below": _("You already have %(taken)s friends, so you cannot have room for fewer."),
    # Matching
    "not_coordinator": _("Only a coordinator of %(municipality)s Municipality can do this."),
    "not_proposed": _("Only a proposed pair can be confirmed or skipped (this one is “%(status)s”)."),
    "request_not_waiting": _("The citizen is no longer waiting for a visiting friend."),
    "volunteer_not_active": _("The volunteer is not active at the moment."),
    "room_full": _("%(name)s has no room for another friend right now."),
    # Answering
    "not_party": _("Only the two people in the pair can do this."),
    "not_asked": _("The pair is not waiting for an answer (it is “%(status)s”)."),
    "already_accepted": _("You have already said yes."),
    "no_phone_record": _("Only staff who enrol citizens or run visiting friends can record the citizen's answer."),
    # Meetings
    "not_active": _("The pair is not active (it is “%(status)s”)."),
    "minutes_positive": _("Write how many minutes you met, more than 0."),
    "minutes_too_many": _("A day has only 24 hours. Together your meetings that day would be %(minutes)s minutes."),
    "future": _("The date cannot be in the future."),
    "before_start": _("The date cannot be before you became visiting friends (%(start)s)."),
    "not_number": _("Write a whole number."),
    # Ending
    "no_reason": _("Write a short reason."),
    "visitor_left": _("The visiting friend has stopped as a volunteer."),
    "not_ender": _("Only the two people in the pair or a coordinator can end it."),
    # Talks and supervision
    "not_answered_yet": _("This request has already been answered."),
    "activity_elsewhere": _("The activity must take place in %(municipality)s Municipality."),
    "activity_twice": _("The activity is already a supervision session."),
}

# What each e-mail is about.
SUBJECTS = {
    "enrolled": _("You are on the list for a visiting friend"),
    "asked_volunteer": _("Would you like to visit %(name)s?"),
    "asked_citizen": _("We have found a visiting friend for you"),
    "started": _("You are now visiting friends with %(name)s"),
    "ended": _("About your visiting friendship with %(name)s"),
    "talk_answered": _("The coordinator has answered you"),
}


# --- Checks -----------------------------------------------------------------------------------------------------


def _text(name: str, value, *, multi_line: bool = False, required: bool = False) -> str:
    value = str(value or "").strip()
    if required and not value:
        raise SammenError(ERRORS["required"], field=name)
    check_text({name: value}, multi_line={name} if multi_line else ())
    limit = LIMITS.get(name)
    if limit is not None and len(value) > limit:
        raise SammenError(ERRORS["too_long"], field=name, params={"limit": limit})
    return value


def _choice(name: str, value, choices) -> str:
    value = value or ""
    if value not in {str(choice) for choice in choices.values}:
        raise SammenError(ERRORS["choice"], field=name)
    return value


def _whole(name: str, value, low: int, high: int, message: str) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise SammenError(ERRORS["not_number"], field=name) from None
    if not low <= number <= high:
        raise SammenError(ERRORS[message], field=name)
    return number


def _postal_code(value: str) -> postal_codes.PostalCode:
    code = str(value or "").strip()
    check_text({"postal_code": code})
    found = postal_codes.lookup(code) if re.fullmatch(r"[0-9]{4}", code) else None
    if found is None:
        raise SammenError(ERRORS["postal_code"], field="postal_code", params={"code": code[:10]})
    return found


def _phone(value: str) -> str:
    phone = _text("phone", value)
    if phone and not _PHONE.fullmatch(phone):
        raise SammenError(ERRORS["phone"], field="phone")
    return phone


def _languages(values) -> list[str]:
    known = {code for code, _name in SPOKEN_LANGUAGES}
    values = list(values or [])
    if any(value not in known for value in values):
        raise SammenError(ERRORS["language"], field="languages")
    return sorted(set(values))


def _slots(values, field: str = "availability") -> list[str]:
    values = list(values or [])
    if any(value not in SLOTS for value in values):
        raise SammenError(ERRORS["slot"], field=field)
    return [slot for slot in SLOTS if slot in values]


def has_email(user) -> bool:
    """Whether a person can get e-mail: citizens enrolled without an address have one that receives nothing."""
    return bool(user.email) and not user.email.endswith("@" + NO_EMAIL_DOMAIN)


def _tell(user, kind: str, *, params: dict | None = None, context: dict | None = None) -> None:
    if has_email(user):
        notify(
            user,
            subject=SUBJECTS[kind],
            subject_params=params or {},
            template=f"visits/email/{kind}.txt",
            context=context or {},
        )


def _check_coordinator(by, municipality: Municipality | int) -> None:
    municipality = municipality if isinstance(municipality, Municipality) else Municipality.objects.get(pk=municipality)
    check_permission(
        by,
        Permission.MANAGE_VOLUNTEERS,
        municipality,
        refusal=ERRORS["not_coordinator"],
        params={"municipality": municipality.name},
    )


# --- Asking for a friend ----------------------------------------------------------------------------------------

REQUEST_FIELDS = (
    "way",
    "frequency",
    "gender_wish",
    "mobility",
    "languages",
    "availability",
    "about",
    "postal_code",
    "accepts_other_municipality",
    "phone",
)


def _checked_request(fields: dict) -> dict:
    code = _postal_code(fields.get("postal_code"))
    return {
        "way": _choice("way", fields.get("way"), Way),
        "frequency": _choice("frequency", fields.get("frequency"), Frequency),
        "gender_wish": _choice("gender_wish", fields.get("gender_wish") or "", GenderWish),
        "mobility": _choice("mobility", fields.get("mobility"), Mobility),
        "languages": _languages(fields.get("languages")),
        "availability": _slots(fields.get("availability")),
        "about": _text("about", fields.get("about"), multi_line=True),
        "postal_code": code.code,
        "latitude": code.point[0] if code.point else None,
        "longitude": code.point[1] if code.point else None,
        "accepts_other_municipality": bool(fields.get("accepts_other_municipality")),
        "phone": _phone(fields.get("phone")),
    }


def _create_request(*, citizen, municipality, checked: dict, interests, enrolled_by=None, consent_on=None):
    refusal = SammenError(ERRORS["already_asked"])
    if enrolled_by is not None:
        refusal = SammenError(ERRORS["already_on_list"], params={"name": citizen.display_name}, field="email")
    if VisitRequest.objects.filter(LIVE_REQUEST, citizen=citizen).exists():
        raise refusal
    try:
        with transaction.atomic():
            visit_request = VisitRequest.objects.create(
                citizen=citizen, municipality=municipality, enrolled_by=enrolled_by, consent_on=consent_on, **checked
            )
    except IntegrityError as error:  # the same person in two tabs at once
        raise refusal from error
    visit_request.interests.set(interests or [])
    return visit_request


def ask_for_friend(*, citizen, fields: dict, interests=()) -> VisitRequest:
    """A citizen asks for a visiting friend; they wait until the coordinator finds one."""
    check_may_contribute(citizen)
    checked = _checked_request(fields)
    with transaction.atomic():
        visit_request = _create_request(
            citizen=citizen, municipality=citizen.municipality, checked=checked, interests=interests
        )
        audit.record(
            action="visits.request.created",
            actor=citizen,
            obj=visit_request,
            municipality=visit_request.municipality_id,
        )
    return visit_request


def enrol_citizen(
    *,
    by,
    municipality: Municipality,
    display_name: str,
    email: str = "",
    consent_on: datetime.date | None,
    fields: dict,
    interests=(),
) -> VisitRequest:
    """Outreach staff enrol a citizen who cannot sign up themselves, with the consent they signed on paper: the
    citizen's account is found by e-mail, or made (without a password they can use; with no e-mail at all for a
    citizen reached by phone or letter). Sammen never asks for or stores a CPR number."""
    check_permission(
        by,
        Permission.ENROL_CITIZENS,
        municipality,
        refusal=ERRORS["not_enroller"],
        params={"municipality": municipality.name},
    )
    if not municipality.participates_on():
        raise SammenError(ERRORS["not_participating"], params={"municipality": municipality.name})
    display_name = _text("display_name", display_name, required=True)
    email = _text("email", email).lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise SammenError(ERRORS["email"], field="email") from None
    if consent_on is None:
        raise SammenError(ERRORS["consent_required"], field="consent_on")
    today = timezone.localdate()
    if consent_on > today:
        raise SammenError(ERRORS["consent_future"], field="consent_on")
    if (today - consent_on).days > CONSENT_VALID_DAYS:
        raise SammenError(ERRORS["consent_old"], field="consent_on")
    checked = _checked_request(fields)
    if not email and not checked["phone"]:
        raise SammenError(ERRORS["no_contact"], field="phone")
    User = get_user_model()
    with transaction.atomic():
        citizen = User.objects.filter(email__iexact=email).first() if email else None
        if citizen is not None:
            if citizen.is_superuser or citizen.staff_memberships.exists():
                raise SammenError(ERRORS["staff_account"], field="email")
            if citizen.municipality_id not in (None, municipality.pk):
                raise SammenError(ERRORS["other_municipality"], field="email")
        else:
            citizen = User(
                email=email or f"{get_random_string(20).lower()}@{NO_EMAIL_DOMAIN}",
                display_name=display_name,
                municipality=municipality,
                postal_code=checked["postal_code"],
            )
            citizen.set_unusable_password()
            citizen.save()
            if email:
                EmailAddress.objects.create(user=citizen, email=email, verified=False, primary=True)
            audit.record(action="visits.citizen.account_made", actor=by, obj=citizen, municipality=municipality)
        visit_request = _create_request(
            citizen=citizen,
            municipality=municipality,
            checked=checked,
            interests=interests,
            enrolled_by=by,
            consent_on=consent_on,
        )
        audit.record(
            action="visits.request.enrolled",
            actor=by,
            data_subject=citizen,
            obj=visit_request,
            municipality=municipality,
            details={"consent_on": consent_on.isoformat()},
        )
        _tell(citizen, "enrolled", context={"request": visit_request, "link": absolute_url(reverse("visits:home"))})
    return visit_request


def withdraw_request(*, citizen, visit_request: VisitRequest) -> VisitRequest:
    """The citizen no longer wants a visiting friend; a pair still being proposed or asked goes with it."""
    if visit_request.citizen_id != citizen.pk:
        raise SammenError(ERRORS["not_yours"])
    with transaction.atomic():
        visit_request = VisitRequest.objects.select_for_update().get(pk=visit_request.pk)
        if visit_request.status != RequestStatus.WAITING:
            raise SammenError(ERRORS["not_waiting"], params={"status": visit_request.get_status_display()})
        visit_request.status = RequestStatus.WITHDRAWN
        visit_request.withdrawn_at = timezone.now()
        visit_request.save(update_fields=["status", "withdrawn_at"])
        visit_request.pairs.filter(status__in=[PairStatus.PROPOSED, PairStatus.ASKED]).update(
            status=PairStatus.DECLINED
        )
        audit.record(
            action="visits.request.withdrawn",
            actor=citizen,
            obj=visit_request,
            municipality=visit_request.municipality_id,
        )
    return visit_request


# --- The volunteer's room ---------------------------------------------------------------------------------------


def _taken(volunteer: Volunteer) -> int:
    return Pair.objects.filter(volunteer=volunteer, status__in=TAKES_ROOM).count()


def set_room(*, volunteer: Volunteer, by, fields: dict, interests=()) -> VisitorRoom:
    """The visiting friend says how many friends they have room for, how many hours, how far they travel."""
    if (
        volunteer.user_id != by.pk
        or volunteer.programme.kind != ProgrammeKind.VISITS
        or volunteer.status != VolunteerStatus.ACTIVE
    ):
        raise SammenError(ERRORS["not_visitor"])
    checked = {
        "capacity": _whole("capacity", fields.get("capacity"), 1, 5, "capacity"),
        "hours_per_month": _whole("hours_per_month", fields.get("hours_per_month"), 1, 80, "hours"),
        "max_km": _whole("max_km", fields.get("max_km"), 0, MAX_KM, "km"),
        "way": _choice("way", fields.get("way"), Way),
        "mobility": _choice("mobility", fields.get("mobility") or Mobility.BEDRIDDEN, Mobility),
        "availability": _slots(fields.get("availability")),
        "gender": by.gender,
        "phone": _phone(fields.get("phone")),
    }
    with transaction.atomic(), locked(Volunteer, [volunteer.pk], busy_message=ERRORS["busy"]):
        taken = _taken(volunteer)
        if checked["capacity"] < taken:
            raise SammenError(ERRORS["capacity_below"], field="capacity", params={"taken": taken})
        room, _created = VisitorRoom.objects.update_or_create(
            volunteer=volunteer, defaults={**checked, "updated_at": timezone.now()}
        )
        room.interests.set(interests or [])
        audit.record(action="visits.room.set", actor=by, obj=room)
    return room


# --- Matching ---------------------------------------------------------------------------------------------------


def _request_channels(way: str) -> frozenset[str]:
    return {
        Way.IN_PERSON: frozenset({IN_PERSON}),
        Way.ONLINE: ONLINE_CHANNELS,
        Way.EITHER: ONLINE_CHANNELS | {IN_PERSON},
    }[way]


def as_engine_request(visit_request: VisitRequest, interests: frozenset[str]) -> Request:
    """The request as the engine sees it. Hard wishes: the visitor's gender if the citizen said one; a visitor
    ready for the citizen's mobility when they may meet in person (the engine's wishes hold whichever way the pair
    meets, so a citizen who would meet either way is also matched online only with visitors ready to come, a
    limitation kept for its simplicity); the citizen's own municipality unless another one is fine."""
    wishes: dict[str, object] = {}
    if visit_request.gender_wish:
        wishes["gender"] = visit_request.gender_wish
    if visit_request.way != Way.ONLINE:
        level = MOBILITY_ORDER.index(visit_request.mobility)
        wishes["mobility"] = frozenset(str(m) for m in MOBILITY_ORDER[level:])
    if not visit_request.accepts_other_municipality:
        wishes["municipality"] = "own"
    return Request(
        id=visit_request.pk,
        point=visit_request.point,
        channels=_request_channels(visit_request.way),
        interests=interests,
        languages=frozenset(visit_request.languages),
        availability=frozenset(visit_request.availability),
        wishes=wishes,
    )


def as_engine_offer(room: VisitorRoom, interests: frozenset[str], free: int, *, municipality: Municipality) -> Offer:
    """The room as the engine sees it; ``municipality`` is the one matching runs for (whose citizens are "own")."""
    user = room.volunteer.user
    point = postal_codes.point(user.postal_code) if user.postal_code else None
    profile = getattr(user, "volunteer_profile", None)
    attributes = {
        "mobility": str(room.mobility) if room.way != Way.ONLINE else str(Mobility.BEDRIDDEN),
        "municipality": "own" if user.municipality_id == municipality.pk else "other",
    }
    if room.gender:
        attributes["gender"] = room.gender
    return Offer(
        id=room.volunteer_id,
        point=point,
        channels=_request_channels(room.way),
        capacity=free,
        max_distance_km=room.max_km,
        interests=interests,
        languages=frozenset(profile.language_codes if profile else []),
        availability=frozenset(room.availability),
        attributes=attributes,
    )


def _without_pairs(cand: Candidates, excluded: set[tuple[int, int]], requests, offers) -> Candidates:
    if not excluded or not len(cand):
        return cand
    keep = [(requests[r].id, offers[o].id) not in excluded for r, o in zip(cand.request, cand.offer, strict=True)]
    return Candidates(cand.request[keep], cand.offer[keep], cand.score[keep], cand.in_person[keep])


def run_matching(*, by, municipality: Municipality) -> list[Pair]:
    """Propose a visiting friend for each waiting citizen of the municipality who has none proposed or asked: the
    most citizens matched, then the best total score (``sammen.matching.match_one_to_many``). Earlier proposals
    nobody confirmed are replaced; a pair once skipped, declined or ended is never proposed again."""
    _check_coordinator(by, municipality)
    with transaction.atomic():
        Pair.objects.filter(status=PairStatus.PROPOSED, request__municipality=municipality).delete()
        waiting = list(
            VisitRequest.objects.filter(municipality=municipality, status=RequestStatus.WAITING)
            .exclude(pairs__status__in=[PairStatus.ASKED, PairStatus.ACTIVE])
            .select_related("municipality")
            .prefetch_related("interests")
        )
        rooms = VisitorRoom.objects.filter(
            volunteer__status=VolunteerStatus.ACTIVE,
            volunteer__programme__kind=ProgrammeKind.VISITS,
            volunteer__programme__active=True,
            volunteer__user__is_active=True,
        )
        if not any(r.accepts_other_municipality for r in waiting):
            rooms = rooms.filter(volunteer__user__municipality=municipality)
        rooms = list(
            rooms.select_related("volunteer__user", "volunteer__user__volunteer_profile").prefetch_related("interests")
        )
        taken: dict[int, int] = {}
        for volunteer_id in Pair.objects.filter(LIVE_PAIR, volunteer__in=[r.volunteer_id for r in rooms]).values_list(
            "volunteer_id", flat=True
        ):
            taken[volunteer_id] = taken.get(volunteer_id, 0) + 1
        requests = [as_engine_request(r, frozenset(c.slug for c in r.interests.all())) for r in waiting]
        offers = [
            as_engine_offer(
                room,
                frozenset(c.slug for c in room.interests.all()),
                room.capacity - taken.get(room.volunteer_id, 0),
                municipality=municipality,
            )
            for room in rooms
            if room.capacity > taken.get(room.volunteer_id, 0)
        ]
        excluded = set(
            Pair.objects.filter(request__in=waiting).exclude(LIVE_PAIR).values_list("request_id", "volunteer_id")
        )
        proposals = []
        if requests and offers:
            cand = _without_pairs(candidates(requests, offers, max_km=MAX_KM), excluded, requests, offers)
            proposals = match_one_to_many(requests, offers, max_km=MAX_KM, cand=cand).proposals
        now = timezone.now()
        pairs = Pair.objects.bulk_create(
            [
                Pair(
                    request_id=proposal.request_id,
                    volunteer_id=proposal.offer_id,
                    channel=proposal.channel,
                    score=round(proposal.score, 2),
                    reasons=[
                        {"name": part.name, "points": round(part.points, 2), "detail": part.detail}
                        for part in proposal.parts
                    ],
                    proposed_at=now,
                    proposed_by=by,
                )
                for proposal in proposals
            ]
        )
        audit.record(
            action="visits.matching.run",
            actor=by,
            municipality=municipality,
            details={"waiting": len(waiting), "offers": len(offers), "proposed": len(pairs)},
        )
    return pairs


def _pair(pk: int) -> Pair:
    return Pair.objects.select_related(
        "request__citizen", "request__municipality", "volunteer__user", "volunteer__programme", "conversation"
    ).get(pk=pk)


def _pair_link(pair: Pair) -> str:
    return absolute_url(reverse("visits:pair", args=[pair.pk]))


def confirm(*, by, pair: Pair) -> Pair:
    """The coordinator confirms a proposal: both are asked by e-mail whether they would like to meet. Refused
    when the volunteer's room is full, counted under the volunteer's lock."""
    _check_coordinator(by, pair.request.municipality_id)
    with transaction.atomic(), locked(Volunteer, [pair.volunteer_id], busy_message=ERRORS["busy"]):
        pair = _pair(pair.pk)
        if pair.status != PairStatus.PROPOSED:
            raise SammenError(ERRORS["not_proposed"], params={"status": pair.get_status_display()})
        if pair.request.status != RequestStatus.WAITING:
            raise SammenError(ERRORS["request_not_waiting"])
        if pair.volunteer.status != VolunteerStatus.ACTIVE:
            raise SammenError(ERRORS["volunteer_not_active"])
        room = VisitorRoom.objects.filter(volunteer=pair.volunteer).first()
        if room is None or _taken(pair.volunteer) >= room.capacity:
            raise SammenError(ERRORS["room_full"], params={"name": pair.visitor.display_name})
        pair.status = PairStatus.ASKED
        pair.confirmed_at = timezone.now()
        pair.confirmed_by = by
        pair.save(update_fields=["status", "confirmed_at", "confirmed_by"])
        VisitRequest.objects.filter(pk=pair.request_id).update(status=RequestStatus.MATCHED)
        audit.record(action="visits.pair.confirmed", actor=by, obj=pair, municipality=pair.request.municipality_id)
        link = absolute_url(reverse("visits:answer", args=[pair.pk]))
        _tell(
            pair.visitor,
            "asked_volunteer",
            params={"name": pair.citizen.display_name},
            context={"pair": pair, "request": pair.request, "link": link},
        )
        _tell(pair.citizen, "asked_citizen", context={"pair": pair, "link": link})
    return pair


def skip(*, by, pair: Pair) -> Pair:
    """The coordinator passes over a proposal; the engine never proposes the two together again."""
    _check_coordinator(by, pair.request.municipality_id)
    with transaction.atomic():
        pair = Pair.objects.select_for_update().get(pk=pair.pk)
        if pair.status != PairStatus.PROPOSED:
            raise SammenError(ERRORS["not_proposed"], params={"status": pair.get_status_display()})
        pair.status = PairStatus.SKIPPED
        pair.save(update_fields=["status"])
        audit.record(action="visits.pair.skipped", actor=by, obj=pair)
    return pair


def _may_record_for(by, pair: Pair) -> bool:
    municipality_id = pair.request.municipality_id
    return has_permission(by, Permission.MANAGE_VOLUNTEERS, municipality_id) or has_permission(
        by, Permission.ENROL_CITIZENS, municipality_id
    )


def _start(pair: Pair) -> None:
    """Both said yes: the pair is active, gets its conversation, and each learns how to reach the other."""
    now = timezone.now()
    pair.status = PairStatus.ACTIVE
    pair.started_at = now
    pair.next_check_in_on = timezone.localdate(now) + FIRST_CHECK_IN
    topic = gettext("Visiting friends: %(visitor)s and %(citizen)s") % {
        "visitor": pair.visitor.display_name,
        "citizen": pair.citizen.display_name,
    }
    pair.conversation = open_conversation(author=pair.visitor, responder=pair.citizen, topic=topic)
    pair.save(update_fields=["status", "started_at", "next_check_in_on", "conversation"])
    wellbeing.invite(pair.citizen, programme="visits", municipality=pair.request.municipality)
    room = VisitorRoom.objects.filter(volunteer=pair.volunteer).first()
    link = _pair_link(pair)
    _tell(
        pair.visitor,
        "started",
        params={"name": pair.citizen.display_name},
        context={
            "pair": pair,
            "other": pair.citizen,
            "email": email_of(pair.citizen),
            "phone": pair.request.phone,
            "link": link,
        },
    )
    _tell(
        pair.citizen,
        "started",
        params={"name": pair.visitor.display_name},
        context={
            "pair": pair,
            "other": pair.visitor,
            "email": email_of(pair.visitor),
            "phone": room.phone if room else "",
            "link": link,
        },
    )


def email_of(user) -> str:
    """The address to give the other party, or nothing for a citizen without e-mail."""
    return user.email if has_email(user) else ""


def _accept(*, by, pair: Pair, side: str, recorded_by=None) -> Pair:
    with transaction.atomic(), locked(Volunteer, [pair.volunteer_id], busy_message=ERRORS["busy"]):
        pair = _pair(pair.pk)
        if pair.status != PairStatus.ASKED:
            raise SammenError(ERRORS["not_asked"], params={"status": pair.get_status_display()})
        field = f"{side}_accepted_at"
        if getattr(pair, field) is not None:
            raise SammenError(ERRORS["already_accepted"])
        setattr(pair, field, timezone.now())
        fields = [field]
        if recorded_by is not None:
            pair.citizen_acceptance_recorded_by = recorded_by
            fields.append("citizen_acceptance_recorded_by")
        pair.save(update_fields=fields)
        audit.record(
            action=f"visits.pair.{side}_accepted",
            actor=by,
            obj=pair,
            municipality=pair.request.municipality_id,
            details={"by_phone": recorded_by is not None},
        )
        if pair.volunteer_accepted_at and pair.citizen_accepted_at:
            _start(pair)
            audit.record(action="visits.pair.started", obj=pair, municipality=pair.request.municipality_id)
    return pair


def accept(*, by, pair: Pair) -> Pair:
    """The volunteer or the citizen says yes; when both have, the pair starts."""
    if not pair.is_party(by):
        raise SammenError(ERRORS["not_party"])
    side = "citizen" if by.pk == pair.request.citizen_id else "volunteer"
    return _accept(by=by, pair=pair, side=side)


def record_citizen_acceptance(*, by, pair: Pair) -> Pair:
    """Staff record the citizen's yes, given on the phone."""
    if not _may_record_for(by, pair):
        raise SammenError(ERRORS["no_phone_record"])
    return _accept(by=by, pair=pair, side="citizen", recorded_by=by)


def decline(*, by, pair: Pair) -> Pair:
    """The volunteer or the citizen says no thank you; the citizen waits for another friend."""
    if not (pair.is_party(by) or _may_record_for(by, pair)):
        raise SammenError(ERRORS["not_party"])
    with transaction.atomic(), locked(Volunteer, [pair.volunteer_id], busy_message=ERRORS["busy"]):
        pair = _pair(pair.pk)
        if pair.status != PairStatus.ASKED:
            raise SammenError(ERRORS["not_asked"], params={"status": pair.get_status_display()})
        pair.status = PairStatus.DECLINED
        pair.ended_at = timezone.now()
        pair.ended_by = by
        pair.save(update_fields=["status", "ended_at", "ended_by"])
        VisitRequest.objects.filter(pk=pair.request_id, status=RequestStatus.MATCHED).update(
            status=RequestStatus.WAITING
        )
        audit.record(action="visits.pair.declined", actor=by, obj=pair, municipality=pair.request.municipality_id)
    return pair


# --- Meetings, check-ins, the end -------------------------------------------------------------------------------


def log_meeting(*, by, pair: Pair, on: datetime.date | None, minutes, way: str) -> Meeting:
    """One of the two logs a meeting: not in the future, not before they started, at most 24 hours a day."""
    if not pair.is_party(by):
        raise SammenError(ERRORS["not_party"])
    if on is None:
        raise SammenError(ERRORS["required"], field="on")
    minutes = _whole("minutes", minutes, 1, MINUTES_PER_DAY, "minutes_positive")
    way = _choice("way", way, Way)
    with transaction.atomic(), locked(Pair, [pair.pk], busy_message=ERRORS["busy"]):
        pair = _pair(pair.pk)
        if pair.status != PairStatus.ACTIVE:
            raise SammenError(ERRORS["not_active"], params={"status": pair.get_status_display()})
        if on > timezone.localdate():
            raise SammenError(ERRORS["future"], field="on")
        started = timezone.localdate(pair.started_at)
        if on < started:
            raise SammenError(ERRORS["before_start"], field="on", params={"start": f"{started:%d-%m-%Y}"})
        that_day = sum(pair.meetings.filter(on=on).values_list("minutes", flat=True))
        if that_day + minutes > MINUTES_PER_DAY:
            raise SammenError(ERRORS["minutes_too_many"], field="minutes", params={"minutes": that_day + minutes})
        meeting = Meeting.objects.create(pair=pair, on=on, minutes=minutes, way=way, logged_by=by)
        audit.record(action="visits.meeting.logged", actor=by, obj=meeting, municipality=pair.request.municipality_id)
    return meeting


def check_in(*, by, pair: Pair, note: str = "") -> CheckIn:
    """Staff have asked the pair how it goes; the next check-in is due in 30 days."""
    _check_coordinator(by, pair.request.municipality_id)
    note = _text("note", note, multi_line=True)
    with transaction.atomic():
        pair = Pair.objects.select_for_update().get(pk=pair.pk)
        if pair.status != PairStatus.ACTIVE:
            raise SammenError(ERRORS["not_active"], params={"status": pair.get_status_display()})
        today = timezone.localdate()
        entry = CheckIn.objects.create(pair=pair, by=by, on=today, note=note)
        pair.next_check_in_on = today + NEXT_CHECK_IN
        pair.save(update_fields=["next_check_in_on"])
        audit.record(action="visits.pair.checked_in", actor=by, obj=pair)
    return entry


def end_pair(*, by, pair: Pair, reason: str, wants_new: bool = False) -> Pair:
    """Either of the two or a coordinator ends the pair, with a reason; the other is told kindly. With
    ``wants_new`` (always when the visitor ends it: the citizen did not choose to stop) the citizen waits for a
    new friend; otherwise their request is closed."""
    is_party = pair.is_party(by)
    if not is_party and not has_permission(by, Permission.MANAGE_VOLUNTEERS, pair.request.municipality_id):
        raise SammenError(ERRORS["not_ender"])
    reason = _text("reason", reason, required=True)
    if is_party and by.pk == pair.volunteer.user_id:
        wants_new = True
    with transaction.atomic(), locked(Volunteer, [pair.volunteer_id], busy_message=ERRORS["busy"]):
        pair = _pair(pair.pk)
        if pair.status != PairStatus.ACTIVE:
            raise SammenError(ERRORS["not_active"], params={"status": pair.get_status_display()})
        pair.status = PairStatus.ENDED
        pair.ended_at = timezone.now()
        pair.ended_by = by
        pair.end_reason = reason
        pair.next_check_in_on = None
        pair.save(update_fields=["status", "ended_at", "ended_by", "end_reason", "next_check_in_on"])
        visit_request = pair.request
        if wants_new:
            visit_request.status = RequestStatus.WAITING
        else:
            visit_request.status = RequestStatus.WITHDRAWN
            visit_request.withdrawn_at = pair.ended_at
        visit_request.save(update_fields=["status", "withdrawn_at"])
        audit.record(
            action="visits.pair.ended",
            actor=by,
            obj=pair,
            municipality=visit_request.municipality_id,
            details={"wants_new": wants_new},
        )
        told = [pair.other_party(by)] if is_party else [pair.visitor, pair.citizen]
        for person in told:
            other = pair.other_party(person)
            _tell(
                person,
                "ended",
                params={"name": other.display_name},
                context={"pair": pair, "other": other, "reason": reason, "by_staff": not is_party},
            )
    return pair


def stop_volunteer(*, volunteer: Volunteer, reason: str) -> int:
    """The volunteer paused or left the programme (``reason`` "paused" or "left"), in the caller's transaction:
    proposals of them are dropped and pairs waiting for an answer are declined, so that those citizens wait for
    another friend. On leaving, their active pairs end too, and each citizen is told kindly and keeps their place
    on the list; a break leaves the friendships they already have as they are. Returns the pairs changed."""
    if volunteer.programme.kind != ProgrammeKind.VISITS:
        return 0
    now = timezone.now()
    with transaction.atomic(), locked(Volunteer, [volunteer.pk], busy_message=ERRORS["busy"]):
        changed = Pair.objects.filter(volunteer=volunteer, status=PairStatus.PROPOSED).delete()[0]
        asked = list(Pair.objects.filter(volunteer=volunteer, status=PairStatus.ASKED).values_list("pk", "request_id"))
        Pair.objects.filter(pk__in=[pk for pk, _request in asked]).update(
            status=PairStatus.DECLINED, ended_at=now, ended_by=volunteer.user
        )
        VisitRequest.objects.filter(pk__in=[request for _pk, request in asked], status=RequestStatus.MATCHED).update(
            status=RequestStatus.WAITING
        )
        changed += len(asked)
        if reason == "left":
            with translation.override(settings.LANGUAGE_CODE):
                stored = str(ERRORS["visitor_left"])
            for pair in Pair.objects.filter(volunteer=volunteer, status=PairStatus.ACTIVE).select_related(
                "request__citizen", "volunteer__user"
            ):
                pair.status = PairStatus.ENDED
                pair.ended_at = now
                pair.ended_by = volunteer.user
                pair.end_reason = stored
                pair.next_check_in_on = None
                pair.save(update_fields=["status", "ended_at", "ended_by", "end_reason", "next_check_in_on"])
                VisitRequest.objects.filter(pk=pair.request_id).update(status=RequestStatus.WAITING)
                pair.request.status = RequestStatus.WAITING
                _tell(
                    pair.citizen,
                    "ended",
                    params={"name": pair.visitor.display_name},
                    context={"pair": pair, "other": pair.visitor, "reason": stored, "by_staff": False},
                )
                changed += 1
        audit.record(
            action=f"visits.volunteer.{reason}",
            actor=volunteer.user,
            obj=volunteer,
            details={"pairs": changed},
        )
    return changed


# --- Talks with the coordinator, supervision -------------------------------------------------------------------


def ask_for_talk(*, volunteer: Volunteer, by, message: str) -> TalkRequest:
    """A visiting friend asks their coordinator for a one-to-one talk."""
    if volunteer.user_id != by.pk or volunteer.programme.kind != ProgrammeKind.VISITS:
        raise SammenError(ERRORS["not_visitor"])
    message = _text("message", message, multi_line=True, required=True)
    municipality_id = looking_after_municipality_id(volunteer)
    if municipality_id is None:
        raise SammenError(ERRORS["no_municipality"])
    with transaction.atomic():
        talk = TalkRequest.objects.create(volunteer=volunteer, municipality_id=municipality_id, message=message)
        audit.record(action="visits.talk.asked", actor=by, obj=talk, municipality=municipality_id)
    return talk


def answer_talk_request(*, by, talk: TalkRequest, answer: str) -> TalkRequest:
    _check_coordinator(by, talk.municipality_id)
    answer = _text("answer", answer, multi_line=True, required=True)
    with transaction.atomic():
        talk = TalkRequest.objects.select_for_update().get(pk=talk.pk)
        if talk.answered_at is not None:
            raise SammenError(ERRORS["not_answered_yet"])
        talk.answer = answer
        talk.answered_at = timezone.now()
        talk.answered_by = by
        talk.save(update_fields=["answer", "answered_at", "answered_by"])
        audit.record(action="visits.talk.answered", actor=by, obj=talk, municipality=talk.municipality_id)
        _tell(
            talk.volunteer.user,
            "talk_answered",
            context={"talk": talk, "link": absolute_url(reverse("visits:talk"))},
        )
    return talk


def add_supervision_session(
    *, by, municipality: Municipality, activity: Activity, programme=None
) -> SupervisionSession:
    """Make an activity (created the usual way, with sign-up) the visiting friends' group supervision."""
    _check_coordinator(by, municipality)
    if activity.municipality_id != municipality.pk:
        raise SammenError(ERRORS["activity_elsewhere"], field="activity", params={"municipality": municipality.name})
    try:
        with transaction.atomic():
            session = SupervisionSession.objects.create(
                municipality=municipality, programme=programme, activity=activity, added_by=by
            )
            audit.record(action="visits.supervision.added", actor=by, obj=session, municipality=municipality)
    except IntegrityError as error:
        raise SammenError(ERRORS["activity_twice"], field="activity") from error
    return session
