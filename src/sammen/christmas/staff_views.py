"""The coordinators' pages of Christmas friends: the municipality's campaigns with figures, creating and changing a
campaign, and a campaign's registrations and proposals (run the matching, send or skip each proposal, tell the
guests without a table). Without MANAGE_VOLUNTEERS in the municipality they do not exist."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sammen.access.permissions import Permission, require_permission
from sammen.audit import services as audit
from sammen.christmas import queries, services
from sammen.christmas.forms import CampaignForm
from sammen.christmas.models import Proposal
from sammen.core.errors import SammenError
from sammen.core.forms import add_service_error


@require_permission(Permission.MANAGE_VOLUNTEERS)
def campaigns(request, municipality):
    rows = list(queries.campaigns_of(municipality))
    queries.list_figures(rows)
    return render(request, "christmas/staff/campaigns.html", {"municipality": municipality, "campaigns": rows})


@require_permission(Permission.MANAGE_VOLUNTEERS)
def create(request, municipality):
    form = CampaignForm(request.POST or None, municipality=municipality, initial={"kind": "christmas"})
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.create_campaign(by=request.user, municipality=municipality, fields=form.cleaned_data)
        except SammenError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The campaign is created."))
            return redirect("christmas:staff_campaign", code=municipality.code, pk=campaign.pk)
    status = 400 if form.is_bound else 200
    return render(request, "christmas/staff/form.html", {"municipality": municipality, "form": form}, status=status)


@require_permission(Permission.MANAGE_VOLUNTEERS)
def edit(request, municipality, pk: int):
    campaign = queries.campaign_for_staff(municipality, pk)
    initial = {name: getattr(campaign, name) for name in services.CAMPAIGN_FIELDS if name != "partners"}
    initial["partners"] = list(campaign.partners.all())
    form = CampaignForm(request.POST or None, municipality=municipality, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_campaign(by=request.user, campaign=campaign, fields=form.cleaned_data)
        except SammenError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The campaign is saved."))
            return redirect("christmas:staff_campaign", code=municipality.code, pk=pk)
    status = 400 if form.is_bound else 200
    context = {"municipality": municipality, "form": form, "campaign": campaign}
    return render(request, "christmas/staff/form.html", context, status=status)


def _act(request, campaign) -> None:
    action = request.POST.get("action", "")
    if action == "match":
        report = services.run_matching(by=request.user, campaign=campaign)
        messages.success(
            request,
            ngettext(
                "The matching made %(count)s proposal.", "The matching made %(count)s proposals.", report.proposals
            )
            % {"count": report.proposals},
        )
        if report.unmatched:
            messages.info(
                request,
                ngettext(
                    "%(count)s guest party has no table yet.",
                    "%(count)s guest parties have no table yet.",
                    len(report.unmatched),
                )
                % {"count": len(report.unmatched)},
            )
        if report.too_large:
            messages.warning(
                request,
                ngettext(
                    "%(count)s guest party is larger than any table.",
                    "%(count)s guest parties are larger than any table.",
                    len(report.too_large),
                )
                % {"count": len(report.too_large)},
            )
    elif action == "tell_unmatched":
        told = services.tell_unmatched(by=request.user, campaign=campaign)
        messages.success(
            request,
            ngettext(
                "%(count)s guest party without a table has been told about the events of the days.",
                "%(count)s guest parties without a table have been told about the events of the days.",
                told,
            )
            % {"count": told},
        )
    elif action in ("confirm", "skip"):
        proposal = get_object_or_404(Proposal, pk=request.POST.get("proposal") or 0, campaign=campaign)
        if action == "confirm":
            services.confirm_proposal(by=request.user, proposal=proposal)
            messages.success(request, _("The proposal is sent. Both have been asked by e-mail to say yes."))
        else:
            services.skip_proposal(by=request.user, proposal=proposal)
            messages.success(request, _("The proposal is skipped. The pair will not be proposed again."))
    else:
        messages.error(request, _("Choose what to do."))


@require_permission(Permission.MANAGE_VOLUNTEERS)
def campaign(request, municipality, pk: int):
    found = queries.campaign_for_staff(municipality, pk)
    if request.method == "POST":
        try:
            _act(request, found)
        except SammenError as error:
            messages.error(request, str(error))
        return redirect("christmas:staff_campaign", code=municipality.code, pk=pk)
    registrations = list(queries.registrations_for_staff(found))
    proposals = queries.proposals_for_staff(found)
    unmatched = list(queries.unmatched_guests(found))
    largest = max((r.people for r in registrations if r.is_host), default=0)
    for registration in unmatched:
        registration.too_large = registration.people > largest
    # The coordinator reads the citizens' registrations: personal data, so each read is logged.
    audit.record_personal_data_reads(
        viewer=request.user,
        reads=[(registration.user_id, registration) for registration in registrations],
        what="christmas.registration",
        municipality=municipality,
    )
    context = {
        "municipality": municipality,
        "campaign": found,
        "hosts": [r for r in registrations if r.is_host],
        "guests": [r for r in registrations if not r.is_host],
        "proposals": proposals,
        "unmatched": unmatched,
        "figures": queries.campaign_figures(found),
    }
    return render(request, "christmas/staff/campaign.html", context)
