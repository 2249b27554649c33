"""The staff pages of visiting friends under /personale/kommune/<code>/besoegsvenner/: the coordinator's overview
(waiting list, quiet pairs, check-ins due, supply and demand), matching, a pair, talk requests; and enrolling a
citizen for outreach staff. Without the page's permission in the municipality a page does not exist (404); someone
not signed in is asked to log in, as on every staff page (``sammen.access.permissions.require_permission``)."""


from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from sammen.access.permissions import Permission, has_permission, require_permission
from sammen.audit import services as audit
from sammen.core.errors import SammenError
from sammen.core.forms import add_service_error
from sammen.visits import queries, services
from sammen.visits.forms import AnswerForm, CheckInForm, EnrolForm, StaffEndForm, SupervisionForm
from sammen.visits.models import Pair, PairStatus, TalkRequest, Way
from sammen.wellbeing import queries as wellbeing_queries


def _menu(user, municipality) -> dict:
    """The flags of the pages' menu (``visits/staff/_nav.html``), named as on the staff dashboard's rows: which of
    the visiting-friend staff pages the person may open in the municipality."""
    return {
        "can_manage_volunteers": has_permission(user, Permission.MANAGE_VOLUNTEERS, municipality),
        "can_enrol_citizens": has_permission(user, Permission.ENROL_CITIZENS, municipality),
    }


@require_permission(Permission.MANAGE_VOLUNTEERS)
def overview(request, municipality):
    form = SupervisionForm(request.POST or None, municipality=municipality, prefix="supervision")
    if request.method == "POST" and form.is_valid():
        try:
            services.add_supervision_session(
                by=request.user, municipality=municipality, activity=form.cleaned_data["activity"]
            )
        except SammenError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The supervision session is added. The visiting friends see it."))
            return redirect("visits:staff_overview", code=municipality.code)
    context = {
        "municipality": municipality,
        "waiting": queries.waiting_list(municipality),
        "quiet": queries.quiet_pairs(municipality),
        "check_ins": queries.check_ins_due(municipality),
        "asked": list(queries.asked_pairs(municipality)),
        "figures": queries.supply_and_demand(municipality),
        "sessions": list(queries.supervision_sessions(municipality.pk)),
        "supervision_form": form,
        **_menu(request.user, municipality),
    }
    return render(request, "visits/staff/overview.html", context, status=400 if form.errors else 200)


@require_permission(Permission.ENROL_CITIZENS)
def enrol(request, municipality):
    form = EnrolForm(request.POST or None, initial={"way": Way.IN_PERSON})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.enrol_citizen(
                by=request.user,
                municipality=municipality,
                display_name=data["display_name"],
                email=data["email"],
                consent_on=data["consent_on"],
                fields=form.request_fields(),
                interests=data["interests"],
            )
        except SammenError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("%(name)s is on the waiting list for a visiting friend.") % {"name": data["display_name"]}
            )
            return redirect("visits:staff_enrol", code=municipality.code)
    context = {"municipality": municipality, "form": form, **_menu(request.user, municipality)}
    return render(request, "visits/staff/enrol.html", context, status=400 if form.errors else 200)


@require_permission(Permission.MANAGE_VOLUNTEERS)
def matching(request, municipality):
    """Run the matching, then confirm or skip each proposal, with the reasons the engine gives."""
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "run":
                pairs = services.run_matching(by=request.user, municipality=municipality)
                messages.success(request, _("The matching proposes %(count)s pairs.") % {"count": len(pairs)})
            elif action in ("confirm", "skip"):
                the_pair = get_object_or_404(Pair, pk=_id(request.POST.get("pair")), request__municipality=municipality)
                if action == "confirm":
                    services.confirm(by=request.user, pair=the_pair)
                    messages.success(request, _("Both have been asked by e-mail whether they would like to meet."))
                else:
                    services.skip(by=request.user, pair=the_pair)
                    messages.success(request, _("The proposal is skipped. It will not be proposed again."))
        except SammenError as error:
            messages.error(request, str(error))
        return redirect("visits:staff_matching", code=municipality.code)
    rows = list(queries.proposals(municipality))
    audit.record_personal_data_reads(
        viewer=request.user,
        reads=[(row.request.citizen_id, row.request) for row in rows],
        what="visiting-friend request",
        municipality=municipality,
    )
    context = {"municipality": municipality, "rows": rows, **_menu(request.user, municipality)}
    return render(request, "visits/staff/matching.html", context)


def _id(value) -> int:
    text = str(value or "")
    return int(text) if text.isdigit() and len(text) < 18 else 0


@require_permission(Permission.MANAGE_VOLUNTEERS)
def pair(request, municipality, pk: int):
    the_pair = queries.pair_for_staff(municipality, pk)
    check_in_form = CheckInForm(prefix="checkin")
    end_form = StaffEndForm(prefix="end")
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        form = None
        try:
            if action == "citizen_accepted":
                services.record_citizen_acceptance(by=request.user, pair=the_pair)
                messages.success(request, _("The citizen's yes is recorded."))
                return redirect("visits:staff_pair", code=municipality.code, pk=pk)
            if action == "check_in":
                form = check_in_form = CheckInForm(request.POST, prefix="checkin")
                if form.is_valid():
                    services.check_in(by=request.user, pair=the_pair, note=form.cleaned_data["note"])
                    messages.success(request, _("The check-in is saved. The next one is due in 30 days."))
                    return redirect("visits:staff_pair", code=municipality.code, pk=pk)
            if action == "end":
                form = end_form = StaffEndForm(request.POST, prefix="end")
                if form.is_valid():
                    services.end_pair(by=request.user, pair=the_pair, **form.cleaned_data)
                    messages.success(request, _("The pair is ended, and both have been told."))
                    return redirect("visits:staff_pair", code=municipality.code, pk=pk)
        except SammenError as error:
            if form is None:
                messages.error(request, str(error))
                return redirect("visits:staff_pair", code=municipality.code, pk=pk)
            add_service_error(form, error)
        status = 400
    audit.record_personal_data_read(
        viewer=request.user,
        data_subject=the_pair.request.citizen,
        what="visiting-friend pair",
        obj=the_pair,
        municipality=municipality,
    )
    context = {
        "municipality": municipality,
        "pair": the_pair,
        "room": queries.room_of(the_pair.volunteer),
        "meetings": list(queries.meetings_of(the_pair)),
        "check_ins": list(the_pair.check_ins.select_related("by")),
        "check_in_form": check_in_form,
        "end_form": end_form,
        "active": the_pair.status == PairStatus.ACTIVE,
        "asked": the_pair.status == PairStatus.ASKED,
        # The wellbeing questions the citizen may answer today, for a coordinator to answer with them (by phone).
        "wellbeing_invitation": wellbeing_queries.invitation_to_assist(
            request.user, municipality, the_pair.request.citizen, programme="visits"
        ),
        **_menu(request.user, municipality),
    }
    return render(request, "visits/staff/pair.html", context, status=status)


@require_permission(Permission.MANAGE_VOLUNTEERS)
def talks(request, municipality):
    forms_with_errors = {}
    if request.method == "POST":
        talk = get_object_or_404(TalkRequest, pk=_id(request.POST.get("talk")), municipality=municipality)
        form = AnswerForm(request.POST, prefix=f"talk{talk.pk}")
        if form.is_valid():
            try:
                services.answer_talk_request(by=request.user, talk=talk, answer=form.cleaned_data["answer"])
            except SammenError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Your answer is sent."))
                return redirect("visits:staff_talks", code=municipality.code)
        forms_with_errors[talk.pk] = form
    rows = list(queries.talk_requests(municipality))
    for row in rows:
        row.form = forms_with_errors.get(row.pk) or AnswerForm(prefix=f"talk{row.pk}")
    context = {"municipality": municipality, "rows": rows, **_menu(request.user, municipality)}
    return render(request, "visits/staff/talks.html", context, status=400 if forms_with_errors else 200)
