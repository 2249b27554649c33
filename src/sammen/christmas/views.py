"""The citizens' pages of Christmas friends: the open campaigns, registering as a host or a guest, one's own
registrations, answering a proposal and withdrawing a consent."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sammen.christmas import queries, services
from sammen.christmas.forms import RegistrationForm
from sammen.christmas.models import ContactConsent, ProposalStatus, Registration, RegistrationStatus, Role
from sammen.core.errors import SammenError
from sammen.core.forms import add_service_error


def campaigns(request):
    return render(request, "christmas/campaigns.html", {"campaigns": list(queries.campaigns_for(request.user))})


def campaign(request, pk: int):
    found = queries.campaign_for_page(pk)
    context = {
        "campaign": found,
        "registration": queries.live_registration(request.user, found),
        "may_register": _may_register(request.user, found),
        "places": [found.municipality, *found.partners.all()],
    }
    return render(request, "christmas/campaign.html", context)


def _may_register(user, found) -> bool:
    return not user.is_authenticated or user.municipality_id in found.municipality_ids()


@login_required
def register(request, pk: int, role: str):
    found = queries.campaign_for_page(pk)
    if queries.live_registration(request.user, found) is not None:
        messages.info(request, _("You are already registered in this campaign."))
        return redirect("christmas:mine")
    with_consent = queries.live_consent(request.user, found) is None
    initial = {"postal_code": request.user.postal_code, "max_distance_km": 10}
    form = RegistrationForm(request.POST or None, role=role, with_consent=with_consent, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.register(
                    user=request.user,
                    campaign=found,
                    role=role,
                    fields=form.registration_fields(),
                    contact_consent=form.cleaned_data.get("contact_consent", False),
                )
            except SammenError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Thank you. You are registered, and we will write to you by e-mail."))
                if role == Role.GUEST:
                    _warn_if_no_table_is_large_enough(request, found, form.cleaned_data["people"])
                return redirect("christmas:mine")
        status = 400
    context = {"campaign": found, "form": form, "role": role}
    return render(request, "christmas/register.html", context, status=status)


def _warn_if_no_table_is_large_enough(request, found, people: int) -> None:
    largest = Registration.objects.filter(campaign=found, role=Role.HOST, status=RegistrationStatus.ACTIVE).aggregate(
        seats=Max("people")
    )["seats"]
    if largest is None or largest < people:
        messages.warning(
            request,
            _(
                "Right now no host has room for %(people)s people at one table. You are registered, and more hosts "
                "may come, but we may not find a table for all of you together."
            )
            % {"people": people},
        )


@login_required
def mine(request):
    context = {"rows": queries.registrations_of(request.user), "consents": list(queries.consents_of(request.user))}
    return render(request, "christmas/mine.html", context)


@login_required
def edit(request, pk: int):
    registration = queries.own_registration(request.user, pk)
    initial = {name: getattr(registration, name) for name in services.FIELDS_OF[registration.role]}
    form = RegistrationForm(request.POST or None, role=registration.role, with_consent=False, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_registration(
                    user=request.user, registration=registration, fields=form.registration_fields()
                )
            except SammenError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Your registration is saved."))
                return redirect("christmas:mine")
        status = 400
    context = {"campaign": registration.campaign, "form": form, "role": registration.role, "registration": registration}
    return render(request, "christmas/register.html", context, status=status)


@login_required
def withdraw(request, pk: int):
    registration = queries.own_registration(request.user, pk)
    if request.method == "POST":
        try:
            services.withdraw_registration(user=request.user, registration=registration)
        except SammenError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your registration is withdrawn."))
        return redirect("christmas:mine")
    return render(request, "christmas/withdraw.html", {"registration": registration})


@login_required
def answer(request, pk: int):
    proposal = queries.proposal_for_answer(request.user, pk)
    side = proposal.side_of(request.user)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "accept":
                proposal = services.accept_proposal(user=request.user, proposal=proposal)
                if proposal.status == ProposalStatus.ACCEPTED:
                    messages.success(request, _("You have both said yes. We have sent you the details by e-mail."))
                else:
                    messages.success(request, _("Thank you. We will write to you when the other side has answered."))
            elif action == "decline":
                services.decline_proposal(user=request.user, proposal=proposal)
                messages.success(request, _("You have said no, thank you. The other side has been told kindly."))
            else:
                raise Http404
        except SammenError as error:
            messages.error(request, str(error))
        return redirect("christmas:answer", pk=pk)
    mine = proposal.host if side == Role.HOST else proposal.guest
    other = proposal.guest if side == Role.HOST else proposal.host
    context = {
        "proposal": proposal,
        "side": side,
        "mine": mine,
        "other": other,
        "i_accepted": (proposal.host_accepted_at if side == Role.HOST else proposal.guest_accepted_at) is not None,
        # The other side's contact details exist on this page only when both have said yes.
        "show_contact": proposal.status == ProposalStatus.ACCEPTED,
        "distance": next(
            (queries.labelled_part(p)["detail"] for p in proposal.parts if p.get("name") == "distance"), ""
        ),
    }
    return render(request, "christmas/answer.html", context)


@login_required
def withdraw_consent(request, pk: int):
    consent = get_object_or_404(
        ContactConsent.objects.select_related("campaign"), pk=pk, user=request.user, withdrawn_at__isnull=True
    )
    if request.method == "POST":
        try:
            services.withdraw_contact_consent(user=request.user, consent=consent)
        except SammenError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your consent is withdrawn. We will not contact you about other activities."))
        return redirect("christmas:mine")
    return render(request, "christmas/withdraw_consent.html", {"consent": consent})


@login_required
@require_POST
def give_consent(request, pk: int):
    found = queries.campaign_for_page(pk)
    try:
        services.give_contact_consent(user=request.user, campaign=found)
    except SammenError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Thank you. We may tell you about other activities later."))
    return redirect("christmas:mine")
