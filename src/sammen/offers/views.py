from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from sammen.access.organisers import may_manage
from sammen.access.permissions import Permission, require_permission
from sammen.core.denmark import language_names
from sammen.core.errors import SammenError
from sammen.core.forms import add_service_error
from sammen.core.paging import page_without_count
from sammen.core.querynames import renamed_parameters
from sammen.offers import queries, services
from sammen.offers.forms import (
    CatalogueFilterForm,
    GuidelinesForm,
    OfferForm,
    ReviewNoteForm,
    ReviewQueueFilterForm,
    provider_choices,
)
from sammen.offers.models import GUIDELINES_VERSION, Offer, OfferStatus
from sammen.search import services as search

PAGE_SIZE = 20


@renamed_parameters(
    {
        "problem_area": "problemomraade",
        "target_group": "maalgruppe",
        "age_group": "aldersgruppe",
        "municipality": "kommune",
        "rehabilitation": "slusehold",
    }
)
def catalogue(request):
    form = CatalogueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    query = (filters.get("q") or "").strip()
    offers = queries.catalogue(
        query=query,
        problem_area=filters.get("problemomraade"),
        target_group=filters.get("maalgruppe"),
        age_group=filters.get("aldersgruppe"),
        municipality=filters.get("kommune"),
        receives_rehabilitation=bool(filters.get("slusehold")),
    )
    page = page_without_count(offers, request.GET.get("side"), size=PAGE_SIZE)
    if query and page.number == 1:
        # Counted at most once per term and session, so that repeating a search cannot push a term to the top.
        search.record_search_from_request(request, query)
    return render(request, "offers/catalogue.html", {"form": form, "page": page})


def detail(request, pk: int):
    offer = queries.offer_for_page(pk)
    if not queries.visible_to(request.user, offer):
        raise Http404
    context = {
        "offer": offer,
        "languages": language_names(offer.languages),
        "is_provider": may_manage(request.user, offer),
        "may_review": queries.may_review(request.user, offer),
    }
    return render(request, "offers/detail.html", context)


@login_required
def create(request):
    if not provider_choices(request.user):
        # Nothing to fill in: say plainly who can offer something, instead of a form that cannot be sent.
        return render(request, "offers/no_provider.html", {"reason": services.ERRORS["no_provider"]})
    initial = {"municipality": request.user.municipality_id}
    form = OfferForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.create_offer(by=request.user, fields=form.offer_fields(), **form.chosen_provider())
        except SammenError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("The offer is saved. Accept the guidelines to send it to the municipality for review.")
            )
            return redirect("offers:submit", pk=offer.pk)
    return render(request, "offers/form.html", {"form": form})


def _managed_offer(request, pk: int) -> Offer:
    offer = get_object_or_404(Offer.objects.select_related("association", "unit", "municipality"), pk=pk)
    if not may_manage(request.user, offer):
        raise Http404
    return offer


@login_required
def edit(request, pk: int):
    offer = _managed_offer(request, pk)
    form = OfferForm(request.POST or None, instance=offer, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.update_offer(
                offer=_managed_offer(request, pk), by=request.user, fields=form.offer_fields()
            )
        except SammenError as error:
            add_service_error(form, error)
        else:
            if offer.status == OfferStatus.SUBMITTED:
                messages.success(request, _("The offer is saved and waits for the municipality's review."))
                return redirect("offers:detail", pk=pk)
            # A draft, or an offer that was rejected or taken down: the next step is to send it for review.
            messages.success(
                request, _("The offer is saved. Accept the guidelines to send it to the municipality for review.")
            )
            return redirect("offers:submit", pk=pk)
    return render(request, "offers/form.html", {"form": form, "offer": offer})


@login_required
def submit(request, pk: int):
    offer = _managed_offer(request, pk)
    if offer.status in (OfferStatus.SUBMITTED, OfferStatus.PUBLISHED):
        messages.info(request, str(services.ERRORS[f"already_{offer.status}"]))
        return redirect("offers:detail", pk=pk)
    form = GuidelinesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_offer(offer=offer, by=request.user, **form.cleaned_data)
        except SammenError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you. The offer has been sent to %(municipality)s Municipality. You will get an e-mail "
                    "when it has been reviewed."
                )
                % {"municipality": offer.municipality.name},
            )
            return redirect("offers:mine")
    return render(
        request, "offers/submit.html", {"form": form, "offer": offer, "guidelines_version": GUIDELINES_VERSION}
    )


@login_required
def mine(request):
    page = page_without_count(queries.offers_of_provider(request.user), request.GET.get("side"), size=PAGE_SIZE)
    return render(
        request,
        "offers/mine.html",
        {"page": page, "may_create": bool(provider_choices(request.user))},
    )


# --- Staff ----------------------------------------------------------------------------------------------------


@require_permission(Permission.MANAGE_COMMUNITY)
def review_queue(request, municipality):
    form = ReviewQueueFilterForm(request.GET or None)
    status = form.cleaned_data.get("status", "") if form.is_valid() else ""
    page = page_without_count(
        queries.review_queue(municipality, status=status), request.GET.get("side"), size=PAGE_SIZE
    )
    return render(
        request,
        "offers/review_queue.html",
        {"municipality": municipality, "form": form, "page": page},
    )


@require_permission(Permission.MANAGE_COMMUNITY)
def review(request, municipality, pk: int):
    offer = get_object_or_404(
        Offer.objects.select_related("association", "unit", "municipality")
        .prefetch_related("problem_areas", "target_groups", "age_groups")
        .exclude(status=OfferStatus.DRAFT),
        pk=pk,
        municipality=municipality,
    )
    reject_form = ReviewNoteForm(prefix="reject")
    unpublish_form = ReviewNoteForm(prefix="unpublish")
    if request.method == "POST":
        action = request.POST.get("action", "")
        # The version of the text the reviewer read; a missing one counts as an old one, so nothing is decided.
        seen_version = request.POST.get("version", "")
        try:
            if action == "approve":
                services.approve_offer(offer=offer, by=request.user, seen_version=seen_version)
                messages.success(request, _("The offer is published, and the provider has been told."))
                return redirect("offers:review_queue", code=municipality.code)
            if action in ("reject", "unpublish"):
                form = ReviewNoteForm(request.POST, prefix=action)
                if action == "reject":
                    reject_form = form
                else:
                    unpublish_form = form
                if form.is_valid():
                    if action == "reject":
                        services.reject_offer(
                            offer=offer, by=request.user, note=form.cleaned_data["note"], seen_version=seen_version
                        )
                        messages.success(request, _("The offer is rejected, and the provider has been told why."))
                    else:
                        services.unpublish_offer(
                            offer=offer, by=request.user, note=form.cleaned_data["note"], seen_version=seen_version
                        )
                        messages.success(request, _("The offer is taken down, and the provider has been told why."))
                    return redirect("offers:review_queue", code=municipality.code)
        except SammenError as error:
            note_form = {"reject": reject_form, "unpublish": unpublish_form}.get(action)
            if note_form is not None and getattr(error, "field", None) in note_form.fields:
                add_service_error(note_form, error)
            else:
                messages.error(request, str(error))
    return render(
        request,
        "offers/review.html",
        {
            "municipality": municipality,
            "offer": offer,
            "languages": language_names(offer.languages),
            "reject_form": reject_form,
            "unpublish_form": unpublish_form,
            "version": services.offer_version(offer),
        },
    )
