"""The pages of a receiver's contacts (/henvisninger/modtaget/: only their receivers' referrals) and of the
citizen (/mine-henvisninger/: their own referrals, and withdrawing consent). For anyone else they do not exist."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sammen.core.errors import SammenError
from sammen.core.forms import add_service_error
from sammen.referrals import queries, services
from sammen.referrals.forms import AdvanceForm, EndForm, FirstContactForm
from sammen.referrals.models import Referral, ReferralStatus
from sammen.referrals.staff_views import record_reads

PAGE_SIZE = 25


@login_required
def received(request):
    if not queries.contact_receiver_ids(request.user):
        raise Http404
    page = queries.page_of(queries.referrals_for_contact(request.user), request.GET.get("side"), size=PAGE_SIZE)
    record_reads(request.user, page, what="referral list (receiver)")
    return render(request, "referrals/received.html", {"page": page})


FORMS = {"first_contact": FirstContactForm, "advance": AdvanceForm, "decline": EndForm, "drop_out": EndForm}


@login_required
def received_detail(request, pk: int):
    referral = queries.referral_for_contact(request.user, pk)
    forms = {action: form_class(prefix=action) for action, form_class in FORMS.items()}
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in FORMS:
            raise Http404
        form = forms[action] = FORMS[action](request.POST, prefix=action)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "first_contact":
                    services.record_first_contact(
                        by=request.user, referral=referral, at=form.moment(), how=data["how"], notes=data["notes"]
                    )
                    messages.success(request, _("The first contact is recorded."))
                elif action == "advance":
                    services.advance(by=request.user, referral=referral, to=data["to"], notes=data["notes"])
                    messages.success(request, _("The referral is updated."))
                else:
                    end = services.decline if action == "decline" else services.drop_out
                    end(by=request.user, referral=referral, reason=data["reason"], reason_text=data["reason_text"])
                    messages.success(request, _("The referral is closed with the reason."))
            except SammenError as error:
                add_service_error(form, error)
            else:
                return redirect("referrals:received_detail", pk=pk)
        referral = queries.referral_for_contact(request.user, pk)
    record_reads(request.user, [referral], what="referral (receiver)")
    context = {
        "referral": referral,
        "course": queries.course_of(referral),
        "forms": forms,
        "statuses": ReferralStatus,
    }
    has_errors = any(form.errors for form in forms.values())
    return render(request, "referrals/received_detail.html", context, status=400 if has_errors else 200)


@login_required
def mine(request):
    rows = list(queries.referrals_of_citizen(request.user))
    if not rows:
        raise Http404
    return render(request, "referrals/mine.html", {"rows": rows})


@login_required
@require_POST
def withdraw_consent(request, pk: int):
    referral = get_object_or_404(Referral, pk=pk, citizen=request.user)
    try:
        services.withdraw_consent(citizen=request.user, referral=referral)
    except SammenError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Your consent is withdrawn. The receiver no longer sees your details, and the referral is closed."),
        )
    return redirect("referrals:mine")
