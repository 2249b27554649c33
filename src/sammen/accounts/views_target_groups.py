"""The page with the voluntary questions about target groups: answer with consent, change, or remove the answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sammen.accounts import target_groups as services
from sammen.accounts.forms_target_groups import TargetGroupForm
from sammen.core.errors import SammenError
from sammen.core.forms import add_service_error


@login_required
def target_groups(request):
    user = request.user
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action == "remove":
        if services.remove_target_group_answers(user=user):
            messages.success(request, _("Your answers have been removed."))
        return redirect("accounts:target_groups")
    answers = services.answers_of(user)
    form = TargetGroupForm(request.POST if action == "save" else None, initial=TargetGroupForm.initial_from(answers))
    if action == "save" and form.is_valid():
        try:
            services.save_target_group_answers(
                user=user, answers=form.answers(), consent=form.cleaned_data["consent"]
            )
        except SammenError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your answers have been saved. Thank you."))
            return redirect("accounts:target_groups")
    return render(request, "accounts/target_groups.html", {"form": form, "answers": answers})
