from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sammen.access.eligibility import check_may_contribute
from sammen.access.organisers import is_representative, may_act_for
from sammen.access.permissions import Permission, require_permission
from sammen.associations import queries, services
from sammen.associations.forms import AssociationForm, DirectoryFilterForm, InvitationForm
from sammen.associations.models import Association
from sammen.associations.profile import profile_sections
from sammen.core.errors import SammenError
from sammen.core.forms import add_service_error
from sammen.core.paging import page_without_count
from sammen.core.querynames import renamed_parameters
from sammen.municipalities import queries as municipality_queries
from sammen.taxonomy.queries import category_slugs_of_ids

PAGE_SIZE = 20
STAFF_PAGE_SIZE = 50


@renamed_parameters(
    {"municipality": ("kommune", municipality_queries.slugs_of_ids), "category": ("kategori", category_slugs_of_ids)}
)
def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    associations = queries.directory(
        query=(filters.get("q") or "").strip(),
        municipality=filters.get("kommune"),
        category=filters.get("kategori"),
    )
    page = page_without_count(associations, request.GET.get("side"), size=PAGE_SIZE)
    return render(request, "associations/directory.html", {"form": form, "page": page})


@login_required
def register(request):
    try:
        check_may_contribute(request.user)
    except SammenError as error:
        return render(request, "associations/form.html", {"blocked": str(error)})
    form = AssociationForm(
        request.POST or None, request.FILES or None, initial={"municipality": request.user.municipality_id}
    )
    if request.method == "POST" and form.is_valid():
        try:
            association = services.register_association(
                by=request.user,
                fields=form.service_fields(),
                categories=form.cleaned_data["categories"],
                logo=form.cleaned_data.get("new_logo"),
            )
        except SammenError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("The association is registered, and you are its representative. The municipality can now verify it."),
            )
            return redirect("associations:profile", slug=association.slug)
    return render(request, "associations/form.html", {"form": form})


def profile(request, slug: str):
    association = queries.association_for_page(slug)
    context = {
        "association": association,
        **profile_sections(association),
        "is_representative": is_representative(request.user, association),
    }
    return render(request, "associations/profile.html", context)


def _association_for_representative(request, slug: str) -> Association:
    """The association, if the person may act for it; for anyone else it does not exist."""
    association = get_object_or_404(Association.objects.visible().select_related("municipality"), slug=slug)
    if not may_act_for(request.user, association=association):
        raise Http404
    return association


@login_required
def edit(request, slug: str):
    association = _association_for_representative(request, slug)
    # The form gets its own copy: a form that does not validate must not change the page's heading.
    form = AssociationForm(
        request.POST or None, request.FILES or None, instance=Association.objects.get(pk=association.pk)
    )
    if request.method == "POST" and form.is_valid():
        try:
            updated = services.update_association(
                association=association,
                by=request.user,
                fields=form.service_fields(),
                categories=form.cleaned_data["categories"],
                new_logo=form.cleaned_data.get("new_logo"),
                remove_logo=form.cleaned_data.get("remove_logo", False),
            )
        except SammenError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The association is saved."))
            if association.is_verified and not updated.is_verified:
                if updated.municipality_id != association.municipality_id:
                    messages.info(
                        request,
                        _("You moved the association to %(municipality)s Municipality, which must verify it again.")
                        % {"municipality": updated.municipality.name},
                    )
                else:
                    messages.info(
                        request,
                        _(
                            "You changed the name or the CVR number, so the municipality must verify the "
                            "association again."
                        ),
                    )
            return redirect("associations:profile", slug=updated.slug)
    return render(request, "associations/form.html", {"form": form, "association": association})


@login_required
def representatives(request, slug: str):
    association = _association_for_representative(request, slug)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            services.invite_representative(association=association, by=request.user, email=email)
        except SammenError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The invitation is sent to %(email)s.") % {"email": email})
            return redirect("associations:representatives", slug=slug)
    context = {
        "association": association,
        "form": form,
        "representatives": queries.representatives_of(association),
        "invitations": queries.pending_invitations(association),
    }
    return render(request, "associations/representatives.html", context)


@require_POST
@login_required
def leave(request, slug: str):
    association = _association_for_representative(request, slug)
    try:
        services.leave_association(association=association, user=request.user)
    except SammenError as error:
        messages.error(request, str(error))
        return redirect("associations:representatives", slug=slug)
    messages.success(request, _("You are no longer a representative of %(name)s.") % {"name": association.name})
    return redirect("associations:profile", slug=slug)


@login_required
def accept(request, token: str):
    invitation = services.find_invitation(token)
    if invitation is None:
        raise Http404
    error = None
    if request.method == "POST":
        try:
            association = services.accept_invitation(token=token, user=request.user)
        except SammenError as refused:
            error = str(refused)
        else:
            messages.success(request, _("You are now a representative of %(name)s.") % {"name": association.name})
            return redirect("associations:profile", slug=association.slug)
    return render(request, "associations/accept.html", {"invitation": invitation, "error": error})


@login_required
def mine(request):
    associations = queries.represented_by(request.user).select_related("municipality")
    return render(request, "associations/mine.html", {"associations": associations})


# --- Staff -------------------------------------------------------------------------------------------------

STAFF_ACTIONS = {
    "verify": (services.verify_association, gettext_lazy("%(name)s is verified.")),
    "unverify": (services.unverify_association, gettext_lazy("%(name)s is no longer verified.")),
    "hide": (services.hide_association, gettext_lazy("The profile of %(name)s is taken down.")),
    "unhide": (services.unhide_association, gettext_lazy("The profile of %(name)s is visible again.")),
}


@require_permission(Permission.MANAGE_COMMUNITY)
def staff_associations(request, municipality):
    page = page_without_count(
        queries.associations_for_staff(municipality), request.GET.get("side"), size=STAFF_PAGE_SIZE
    )
    return render(
        request,
        "associations/staff_associations.html",
        {"municipality": municipality, "page": page},
    )


@require_POST
@require_permission(Permission.MANAGE_COMMUNITY)
def staff_association_action(request, municipality, pk: int):
    association = get_object_or_404(Association, pk=pk, municipality=municipality)
    action = STAFF_ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        raise Http404
    change, success = action
    try:
        change(association=association, by=request.user)
    except SammenError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, str(success) % {"name": association.name})
    return redirect("associations:staff_list", code=municipality.code)
