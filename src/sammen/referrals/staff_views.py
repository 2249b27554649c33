"""The referrers' pages under /personale/kommune/<code>/henvisninger/: the dashboard with the figures, referring,
registering a referral from outside, a referral's course, and the receivers with their contacts. Without
REFER_CITIZENS in the municipality they do not exist (404). Every page that shows a citizen's details writes an
access-log row for each referral shown."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sammen.access.permissions import Permission, require_permission
from sammen.audit import services as audit
from sammen.core.errors import SammenError
from sammen.core.forms import add_service_error
from sammen.core.ids import parse_id
from sammen.core.links import absolute_url
from sammen.referrals import queries, services
from sammen.referrals.forms import (
    ApiKeyForm,
    ContactForm,
    ExternalReferralForm,
    ReceiverEditForm,
    ReceiverForm,
    ReferForm,
    StatusFilterForm,
)
from sammen.referrals.models import ReceiverContact
from sammen.wellbeing import queries as wellbeing_queries

PAGE_SIZE = 25


def record_reads(viewer, referrals, *, what: str) -> None:
    """A referral names a citizen and what the receiver needs to know: each one shown is a read of personal data,
    one access-log row per referral, written in one query per municipality."""
    by_municipality: dict[int, list] = {}
    for referral in referrals:
        by_municipality.setdefault(referral.municipality_id, []).append((referral.citizen_id, referral))
    for municipality_id, reads in by_municipality.items():
        audit.record_personal_data_reads(viewer=viewer, reads=reads, what=what, municipality=municipality_id)


@require_permission(Permission.REFER_CITIZENS)
def dashboard(request, municipality):
    form = StatusFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else "open"
    page = queries.page_of(
        queries.referrals_for_referrer(municipality, status=status), request.GET.get("side"), size=PAGE_SIZE
    )
    record_reads(request.user, page, what="referral list")
    context = {
        "municipality": municipality,
        "form": form,
        "page": page,
        "figures": queries.cached_dashboard_figures(municipality),
    }
    return render(request, "referrals/staff/dashboard.html", context)


def _citizen(form):
    """The Sammen account the referrer named, or None; a named login that does not exist is an error."""
    email = form.cleaned_data["citizen_email"]
    if not email:
        return None, True
    citizen = services.find_citizen(email)
    if citizen is None:
        form.add_error("citizen_email", str(services.ERRORS["no_account"]))
        return None, False
    return citizen, True


@require_permission(Permission.REFER_CITIZENS)
def refer(request, municipality):
    form = ReferForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        citizen, found = _citizen(form)
        if found:
            try:
                referral = services.refer(
                    by=request.user,
                    receiver=form.cleaned_data["receiver"],
                    citizen=citizen,
                    details=form.details(),
                    consent=form.consent(),
                )
            except SammenError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The referral is sent. The citizen and the receiver have been told."))
                return redirect("referrals:staff_detail", code=municipality.code, pk=referral.pk)
    status = 400 if form.errors else 200
    return render(request, "referrals/staff/refer.html", {"municipality": municipality, "form": form}, status=status)


@require_permission(Permission.REFER_CITIZENS)
def external(request, municipality):
    form = ExternalReferralForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        citizen, found = _citizen(form)
        if found:
            try:
                referral = services.register_external(
                    by=request.user,
                    receiver=form.cleaned_data["receiver"],
                    sender_name=form.cleaned_data["sender_name"],
                    external_id=form.cleaned_data["external_id"],
                    received_on=form.cleaned_data["received_on"],
                    citizen=citizen,
                    details=form.details(),
                    consent=form.consent(),
                )
            except SammenError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The referral is registered, and the receiver has been told."))
                return redirect("referrals:staff_detail", code=municipality.code, pk=referral.pk)
    status = 400 if form.errors else 200
    return render(request, "referrals/staff/external.html", {"municipality": municipality, "form": form}, status=status)


@require_permission(Permission.REFER_CITIZENS)
def detail(request, municipality, pk: int):
    referral = queries.referral_for_referrer(municipality, pk)
    record_reads(request.user, [referral], what="referral")
    context = {
        "municipality": municipality,
        "referral": referral,
        "course": queries.course_of(referral),
        # The wellbeing questions the referred citizen may answer today, to answer with them (by phone).
        "wellbeing_invitation": wellbeing_queries.invitation_to_assist(
            request.user, municipality, referral.citizen, programme="referrals"
        ),
    }
    return render(request, "referrals/staff/detail.html", context)


@require_permission(Permission.REFER_CITIZENS)
def receivers(request, municipality):
    form = ReceiverForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            receiver = services.create_receiver(
                by=request.user,
                municipality=municipality,
                kind=form.cleaned_data["kind"],
                target=form.target(),
                name=form.cleaned_data["name"],
                follow_up_days=form.cleaned_data["follow_up_days"],
                smoking_cessation=form.cleaned_data["smoking_cessation"],
                accepting=form.cleaned_data["accepting"],
            )
        except SammenError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("The receiver %(name)s is created. Add its contacts.") % {"name": receiver.name}
            )
            return redirect("referrals:staff_receiver", code=municipality.code, pk=receiver.pk)
    context = {"municipality": municipality, "form": form, "receivers": queries.receivers_of(municipality)}
    return render(request, "referrals/staff/receivers.html", context, status=400 if form.errors else 200)


@require_permission(Permission.REFER_CITIZENS)
def api_keys(request, municipality):
    """Keys for other systems to post referrals with: made here, shown once (only a hash is kept), revoked here."""
    form = ApiKeyForm(prefix="key")
    new_key = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            found = get_object_or_404(queries.api_keys_of(municipality), pk=parse_id(request.POST.get("key")) or 0)
            services.revoke_api_key(by=request.user, api_key=found)
            messages.success(request, _("The key is revoked: requests with it are refused from now on."))
            return redirect("referrals:staff_api_keys", code=municipality.code)
        form = ApiKeyForm(request.POST, prefix="key")
        if form.is_valid():
            try:
                _made, new_key = services.issue_api_key(
                    by=request.user, municipality=municipality, sender_name=form.cleaned_data["sender_name"]
                )
            except SammenError as error:
                add_service_error(form, error)
            else:
                form = ApiKeyForm(prefix="key")
    context = {
        "municipality": municipality,
        "form": form,
        "keys": queries.api_keys_of(municipality),
        "new_key": new_key,
        "intake_url": absolute_url(reverse("referrals:api_intake")),
        "schema_url": absolute_url(reverse("api_schema")),
    }
    return render(request, "referrals/staff/api_keys.html", context, status=400 if form.errors else 200)


@require_permission(Permission.REFER_CITIZENS)
def receiver(request, municipality, pk: int):
    found = queries.receiver_of(municipality, pk)
    initial = {"name": found.name, "follow_up_days": found.follow_up_days, "accepting": found.accepting}
    edit_form = ReceiverEditForm(initial=initial, prefix="edit", receiver=found)
    contact_form = ContactForm(prefix="contact")
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "edit":
                edit_form = ReceiverEditForm(request.POST, initial=initial, prefix="edit", receiver=found)
                if edit_form.is_valid():
                    services.update_receiver(by=request.user, receiver=found, **edit_form.cleaned_data)
                    messages.success(request, _("The receiver is saved."))
                    return redirect("referrals:staff_receiver", code=municipality.code, pk=pk)
            elif action == "add_contact":
                contact_form = ContactForm(request.POST, prefix="contact")
                if contact_form.is_valid():
                    services.add_receiver_contact(
                        by=request.user, receiver=found, email=contact_form.cleaned_data["email"]
                    )
                    messages.success(request, _("The contact is added and has been told by e-mail."))
                    return redirect("referrals:staff_receiver", code=municipality.code, pk=pk)
            else:
                raise Http404
        except SammenError as error:
            add_service_error(edit_form if action == "edit" else contact_form, error)
    context = {"municipality": municipality, "receiver": found, "edit_form": edit_form, "contact_form": contact_form}
    errors = edit_form.errors or contact_form.errors
    return render(request, "referrals/staff/receiver.html", context, status=400 if errors else 200)


@require_permission(Permission.REFER_CITIZENS)
@require_POST
def remove_contact(request, municipality, pk: int, contact: int):
    found = queries.receiver_of(municipality, pk)
    row = get_object_or_404(ReceiverContact.objects.select_related("receiver", "user"), pk=contact, receiver=found)
    try:
        services.remove_receiver_contact(by=request.user, contact=row)
    except SammenError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(name)s is no longer a contact.") % {"name": row.user.display_name})
    return redirect("referrals:staff_receiver", code=municipality.code, pk=pk)
