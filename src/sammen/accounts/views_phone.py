"""The phone-number pages: give a number for phone talks, confirm it with a code to get text messages, turn text
messages off and on, remove the number."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sammen.accounts import phone as services
from sammen.accounts.forms_phone import CodeForm, PhoneNumberForm
from sammen.core.errors import SammenError
from sammen.core.forms import add_service_error


def _initial(user) -> dict:
    return {
        "phone_number": user.phone_number.as_national if user.phone_number else "",
        "wants_sms": user.sms_enabled or not user.phone_number,
    }


@login_required
def phone(request):
    user = request.user
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = PhoneNumberForm(request.POST if action == "number" else None, initial=_initial(user))
    if action == "number" and form.is_valid():
        try:
            sent = services.change_phone_number(
                user=user, number=form.cleaned_data["phone_number"], wants_sms=form.cleaned_data["wants_sms"]
            )
        except SammenError as error:
            add_service_error(form, error)
        else:
            if sent is not None:
                messages.success(
                    request,
                    _("We have sent a code to %(number)s. Write it below.") % {"number": sent.phone_number.as_national},
                )
                return redirect("accounts:phone_confirm")
            messages.success(request, _("Your phone number has been saved."))
            return redirect("accounts:phone")
    elif action in ("sms_on", "sms_off"):
        try:
            services.set_sms_enabled(user=user, enabled=action == "sms_on")
        except SammenError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("You will get text messages again.") if action == "sms_on" else _("You will get no text messages."),
            )
        return redirect("accounts:phone")
    elif action == "remove":
        services.remove_phone_number(user=user)
        messages.success(request, _("Your phone number has been removed."))
        return redirect("accounts:phone")
    context = {"form": form, "pending": services.pending_confirmation(user)}
    return render(request, "accounts/phone.html", context)


@login_required
def phone_confirm(request):
    user = request.user
    latest = services.latest_request(user)
    if latest is None:
        messages.info(request, _("Ask for a code here: write your number and choose text messages."))
        return redirect("accounts:phone")
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action == "resend":
        try:
            services.send_new_code(user=user)
        except SammenError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("We have sent a new code."))
        return redirect("accounts:phone_confirm")
    form = CodeForm(request.POST if action == "code" else None)
    if action == "code" and form.is_valid():
        try:
            services.confirm_code(user=user, code=form.cleaned_data["code"])
        except SammenError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your number is confirmed. You will now get text messages on it."))
            return redirect("accounts:phone")
    context = {
        "form": form,
        "number": latest.phone_number,
        "minutes": services.CODE_VALID_MINUTES,
        "usable": services.pending_confirmation(user) is not None,
    }
    return render(request, "accounts/phone_confirm.html", context)
