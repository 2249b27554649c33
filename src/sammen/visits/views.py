"""The citizens' and visiting friends' pages: ask for a friend, the pair's page, answering, the volunteer's room and
asking for a talk with the coordinator. Thin: each page reads through ``queries`` and acts through ``services``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sammen.core.errors import SammenError
from sammen.core.forms import add_service_error
from sammen.visits import queries, services
from sammen.visits.forms import EndForm, MeetingForm, RequestForm, RoomForm, TalkForm
from sammen.visits.models import PairStatus, Way
from sammen.volunteering.queries import looking_after_municipality_id


def home(request):
    """What visiting friends are; for a signed-in citizen their request and friend, for a volunteer their room."""
    context = {"visit_request": None, "pairs": [], "visitor_pairs": [], "memberships": []}
    if request.user.is_authenticated:
        context.update(
            visit_request=queries.live_request_of(request.user),
            pairs=list(queries.pairs_of_citizen(request.user)),
            visitor_pairs=list(queries.pairs_of_volunteer(request.user)),
            memberships=list(queries.visits_memberships(request.user)),
        )
    return render(request, "visits/home.html", context)


@login_required
def ask(request):
    if queries.live_request_of(request.user) is not None:
        messages.info(request, _("You have already asked for a visiting friend."))
        return redirect("visits:home")
    initial = {"postal_code": request.user.postal_code, "way": Way.IN_PERSON}
    form = RequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.ask_for_friend(
                citizen=request.user, fields=form.request_fields(), interests=form.cleaned_data["interests"]
            )
        except SammenError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("Thank you. You are on the list. A coordinator will find a visiting friend for you.")
            )
            return redirect("visits:home")
    return render(request, "visits/ask.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_POST
def withdraw(request):
    visit_request = queries.live_request_of(request.user)
    if visit_request is None:
        return redirect("visits:home")
    try:
        services.withdraw_request(citizen=request.user, visit_request=visit_request)
    except SammenError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your request is withdrawn. You are welcome to ask again another time."))
    return redirect("visits:home")


@login_required
def pair(request, pk: int):
    """The pair's page for its two people: who the other is, how to reach them once both said yes, the meetings."""
    the_pair = queries.pair_for_party(request.user, pk)
    meeting_form = MeetingForm(prefix="meeting", initial={"way": Way.IN_PERSON})
    end_form = EndForm(prefix="end")
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "meeting":
                meeting_form = MeetingForm(request.POST, prefix="meeting")
                if meeting_form.is_valid():
                    services.log_meeting(by=request.user, pair=the_pair, **meeting_form.cleaned_data)
                    messages.success(request, _("The meeting is saved. Thank you."))
                    return redirect("visits:pair", pk=pk)
            elif action == "end":
                end_form = EndForm(request.POST, prefix="end")
                if end_form.is_valid():
                    services.end_pair(by=request.user, pair=the_pair, **end_form.cleaned_data)
                    messages.success(request, _("You are no longer visiting friends. Thank you for the time together."))
                    return redirect("visits:home")
        except SammenError as error:
            add_service_error(meeting_form if action == "meeting" else end_form, error)
        status = 400
    is_citizen = request.user.pk == the_pair.request.citizen_id
    other = the_pair.other_party(request.user)
    context = {
        "pair": the_pair,
        "other": other,
        "is_citizen": is_citizen,
        "active": the_pair.status == PairStatus.ACTIVE,
        "other_email": services.email_of(other) if the_pair.status == PairStatus.ACTIVE else "",
        "other_phone": _other_phone(the_pair, is_citizen) if the_pair.status == PairStatus.ACTIVE else "",
        "meetings": list(queries.meetings_of(the_pair)),
        "meeting_form": meeting_form,
        "end_form": end_form,
    }
    return render(request, "visits/pair.html", context, status=status)


def _other_phone(the_pair, is_citizen: bool) -> str:
    if not is_citizen:
        return the_pair.request.phone
    room = queries.room_of(the_pair.volunteer)
    return room.phone if room else ""


@login_required
def answer(request, pk: int):
    """Yes or no thank you to the friend the coordinator found."""
    the_pair = queries.pair_for_party(request.user, pk)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "accept":
                the_pair = services.accept(by=request.user, pair=the_pair)
                if the_pair.status == PairStatus.ACTIVE:
                    messages.success(request, _("You are now visiting friends. You can write to each other here."))
                else:
                    messages.success(request, _("Thank you for saying yes. We wait for the other one to answer."))
                return redirect("visits:pair", pk=pk)
            if request.POST.get("action") == "decline":
                services.decline(by=request.user, pair=the_pair)
                messages.success(request, _("Thank you for your answer. The coordinator has been told."))
                return redirect("visits:home")
        except SammenError as error:
            messages.error(request, str(error))
            return redirect("visits:answer", pk=pk)
    is_citizen = request.user.pk == the_pair.request.citizen_id
    mine = the_pair.citizen_accepted_at if is_citizen else the_pair.volunteer_accepted_at
    context = {
        "pair": the_pair,
        "other": the_pair.other_party(request.user),
        "is_citizen": is_citizen,
        "already_accepted": mine is not None,
        "room": queries.room_of(the_pair.volunteer) if is_citizen else None,
    }
    return render(request, "visits/answer.html", context)


@login_required
def room(request):
    """The visiting friend's room: how many friends, hours, how far, when."""
    volunteer = queries.active_membership(request.user)
    if volunteer is None:
        context = {"memberships": list(queries.visits_memberships(request.user))}
        return render(request, "visits/not_visitor.html", context)
    current = queries.room_of(volunteer)
    if current is not None:
        initial = {name: getattr(current, name) for name in RoomForm.base_fields if name != "interests"}
        initial["interests"] = list(current.interests.all())
    else:
        initial = {"capacity": 1, "hours_per_month": 4, "max_km": 10, "way": Way.EITHER, "mobility": "bedridden"}
    form = RoomForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_room(
                volunteer=volunteer,
                by=request.user,
                fields=form.room_fields(),
                interests=form.cleaned_data["interests"],
            )
        except SammenError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your room is saved. The coordinator can now find friends for you."))
            return redirect("visits:room")
    context = {
        "form": form,
        "volunteer": volunteer,
        "free": queries.free_places(volunteer, current),
        "has_room": current is not None,
        "sessions": list(queries.supervision_sessions(looking_after_municipality_id(volunteer))),
    }
    return render(request, "visits/room.html", context, status=400 if form.errors else 200)


@login_required
def talk(request):
    """A visiting friend asks for a one-to-one talk with their coordinator."""
    volunteer = queries.visits_memberships(request.user).first()
    if volunteer is None:
        return render(request, "visits/not_visitor.html", {"memberships": []})
    form = TalkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.ask_for_talk(volunteer=volunteer, by=request.user, message=form.cleaned_data["message"])
        except SammenError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The coordinator has been told and will contact you."))
            return redirect("visits:talk")
    context = {"form": form, "talks": list(queries.talk_requests_of(volunteer))}
    return render(request, "visits/talk.html", context, status=400 if form.errors else 200)
