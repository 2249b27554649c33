from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from sammen.access.models import Block
from sammen.access.permissions import Permission, require_permission
from sammen.audit import services as audit
from sammen.bubbles import queries as bubble_queries
from sammen.core.errors import SammenError
from sammen.core.forms import add_service_error
from sammen.messaging.models import Message
from sammen.moderation import queries, services
from sammen.moderation.forms import ReportForm, ResolveForm, SuspendForm, WarnForm
from sammen.moderation.models import Report


def _report_page(request, *, subject_label: str, **target):
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report(
                reporter=request.user, reason=form.cleaned_data["reason"], text=form.cleaned_data["text"], **target
            )
        except SammenError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Thank you. The municipality's moderators will look at it, and you will hear from us by e-mail."),
            )
            return redirect("core:home")
    return render(request, "moderation/report.html", {"form": form, "subject_label": subject_label})


@login_required
def report_bubble(request, pk: int):
    bubble = bubble_queries.bubble_for_page(pk)
    if not bubble_queries.visible_to(request.user, bubble):
        raise Http404
    return _report_page(request, subject_label=bubble.title, bubble=bubble)


@login_required
def report_message(request, pk: int):
    message = get_object_or_404(Message.objects.select_related("sender", "conversation"), pk=pk)
    # A message whose sender has deleted their account has nobody left to report (the report names a person).
    if not message.conversation.is_party(request.user) or message.sender_id is None:
        raise Http404
    return _report_page(
        request, subject_label=_("A message from %(name)s") % {"name": message.sender.display_name}, message=message
    )


def _known_person(request, pk: int):
    person = queries.person_known_to(request.user, pk)
    if person is None:
        raise Http404
    return person


@login_required
def report_user(request, pk: int):
    person = _known_person(request, pk)
    return _report_page(request, subject_label=person.display_name, reported_user=person)


@login_required
def block(request, pk: int):
    person = _known_person(request, pk)
    is_blocked = Block.objects.filter(blocker=request.user, blocked=person).exists()
    if request.method == "POST":
        try:
            if request.POST.get("action") == "unblock":
                services.unblock(blocker=request.user, blocked=person)
                messages.success(request, _("%(name)s is no longer blocked.") % {"name": person.display_name})
            else:
                services.block(blocker=request.user, blocked=person)
                messages.success(
                    request,
                    _("%(name)s is blocked. You will not see their bubbles, and they cannot write to you.")
                    % {"name": person.display_name},
                )
        except SammenError as error:
            messages.error(request, str(error))
        return redirect("core:home")
    return render(request, "moderation/block.html", {"person": person, "is_blocked": is_blocked})


@require_permission(Permission.MODERATE)
def queue(request, municipality):
    return render(
        request,
        "moderation/queue.html",
        {"municipality": municipality, "reports": queries.open_reports(municipality)[:100]},
    )


@require_permission(Permission.MODERATE)
def report_detail(request, municipality, pk: int):
    current = get_object_or_404(
        Report.objects.select_related("reporter", "reported_user", "bubble", "message__conversation"),
        pk=pk,
        municipality=municipality,
    )
    forms = {
        "warn": WarnForm(prefix="warn"),
        "suspend": SuspendForm(prefix="suspend"),
        "resolve": ResolveForm(prefix="resolve"),
    }
    if request.method == "POST":
        action = request.POST.get("action", "")
        if _act(request, current, action, forms):
            return redirect("moderation:report", code=municipality.code, pk=pk)
    thread = None
    if current.message is not None:
        # Reading a private conversation is reading personal data: the moderator's look is logged.
        audit.record_personal_data_read(
            viewer=request.user,
            data_subject=current.reported_user,
            what="moderation.conversation",
            obj=current.message.conversation,
            municipality=municipality,
        )
        thread = current.message.conversation.messages.select_related("sender").order_by("created_at", "id")
    return render(
        request,
        "moderation/report_detail.html",
        {"municipality": municipality, "report": current, "thread": thread, **forms},
    )


def _act(request, current: Report, action: str, forms: dict) -> bool:
    """Run one moderator action from the report page; on bad input keep the form (with errors) on the page."""
    by = request.user
    try:
        if action == "hide_bubble" and current.bubble:
            services.hide_bubble(bubble=current.bubble, by=by, report=current)
        elif action == "restore_bubble" and current.bubble:
            services.restore_bubble(bubble=current.bubble, by=by)
        elif action == "hide_message" and current.message:
            services.hide_message(message=current.message, by=by)
        elif action == "restore_message" and current.message:
            services.restore_message(message=current.message, by=by)
        elif action in forms:
            form = type(forms[action])(request.POST, prefix=action)
            forms[action] = form
            if not form.is_valid():
                return False
            data = form.cleaned_data
            if action == "warn":
                services.warn_user(user=current.reported_user, by=by, text=data["text"])
            elif action == "suspend":
                services.suspend_user(user=current.reported_user, by=by, days=data["days"], reason=data["reason"])
            else:
                services.resolve_report(report=current, by=by, outcome=data["outcome"])
        else:
            return False
    except SammenError as error:
        if action in forms and getattr(error, "field", None) in forms[action].fields:
            add_service_error(forms[action], error)
        else:
            messages.error(request, str(error))
        return False
    messages.success(request, _("Done."))
    return True
