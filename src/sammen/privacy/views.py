import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sammen.core.errors import SammenError
from sammen.core.forms import add_service_error
from sammen.privacy import queries, services
from sammen.privacy.forms import DeleteAccountForm


@login_required
def my_data(request):
    """Everything Sammen holds about the person, section by section; only ever their own."""
    return render(request, "privacy/my_data.html", {"sections": queries.my_data_shown(request.user)})


@login_required
def my_data_json(request):
    body = json.dumps(queries.my_data_as_json(request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="sammen-mine-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    user = request.user
    refusals = services.refusals(user)
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and not refusals and form.is_valid():
        try:
            services.check_confirmation(
                user=user, password=form.cleaned_data.get("password", ""), word=form.cleaned_data.get("word", "")
            )
            services.delete_account(user=user)
        except SammenError as error:
            add_service_error(form, error)
        else:
            logout(request)
            messages.success(request, _("Your account has been deleted. We have sent a confirmation by e-mail."))
            return redirect("privacy:account_deleted")
    return render(
        request,
        "privacy/delete_account.html",
        {"form": form, "refusals": refusals, "summary": queries.deletion_summary()},
    )


def account_deleted(request):
    return render(request, "privacy/account_deleted.html")
