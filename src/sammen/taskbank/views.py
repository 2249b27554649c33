import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sammen.access.organisers import may_manage
from sammen.audit import services as audit
from sammen.core.errors import SammenError
from sammen.core.forms import add_service_error
from sammen.core.paging import page_without_count
from sammen.search import services as search
from sammen.taskbank import queries, services
from sammen.taskbank.forms import (
    DeclineForm,
    HoursForm,
    ListFilterForm,
    OfferForm,
    ReasonForm,
    TaskForm,
    organiser_choices,
)
from sammen.taskbank.models import OfferStatus, Task, TaskOffer, TaskStatus

PAGE_SIZE = 20


def task_list(request):
    form = ListFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    query = (filters.get("q") or "").strip()
    tasks = queries.upcoming(
        query=query,
        municipality=filters.get("kommune"),
        day=filters.get("dato"),
        skills=filters.get("kompetencer") or "",
        category=filters.get("kategori"),
    )
    page = page_without_count(tasks, request.GET.get("side"), size=PAGE_SIZE)
    for task in page:
        task.places_left = queries.places_left(task)
    if query and page.number == 1:
        search.record_search_from_request(request, query)
    return render(request, "taskbank/list.html", {"form": form, "page": page})


def _page_context(request, task: Task, offer_form=None) -> dict:
    mine = queries.live_offer_of(request.user, task)
    is_organiser = may_manage(request.user, task)
    return {
        "task": task,
        "places_left": queries.places_left(task),
        "my_offer": mine,
        "is_organiser": is_organiser,
        # The contact details are for the volunteers the organiser accepted (and the organiser).
        "show_contact": is_organiser or (mine is not None and mine.status == OfferStatus.ACCEPTED),
        "is_over": task.is_over(),
        "offer_form": offer_form or OfferForm(),
    }


def detail(request, pk: int):
    task = queries.task_for_page(pk)
    if not queries.visible_to(request.user, task):
        raise Http404
    return render(request, "taskbank/detail.html", _page_context(request, task))


@login_required
@require_POST
def offer_help(request, pk: int):
    task = queries.task_for_page(pk)
    if not queries.visible_to(request.user, task):
        raise Http404
    form = OfferForm(request.POST)
    if form.is_valid():
        try:
            services.offer(volunteer=request.user, task=task, message=form.cleaned_data["message"])
        except SammenError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Thank you. The organiser has been told and will answer you by e-mail."))
            return redirect("taskbank:detail", pk=pk)
    return render(request, "taskbank/detail.html", _page_context(request, task, offer_form=form), status=400)


@login_required
@require_POST
def withdraw(request, pk: int):
    task_offer = get_object_or_404(TaskOffer, pk=pk, volunteer=request.user)
    try:
        services.withdraw(volunteer=request.user, offer=task_offer)
    except SammenError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your offer is withdrawn."))
    return redirect("taskbank:mine")


# --- Organisers -------------------------------------------------------------------------------------------------


def _managed_task(request, pk: int) -> Task:
    task = get_object_or_404(Task.objects.select_related("association", "unit", "municipality"), pk=pk)
    if not may_manage(request.user, task):
        raise Http404
    return task


@login_required
def organiser_tasks(request):
    page = page_without_count(queries.tasks_of_organiser(request.user), request.GET.get("side"), size=PAGE_SIZE)
    return render(
        request, "taskbank/organiser.html", {"page": page, "may_create": bool(organiser_choices(request.user))}
    )


@login_required
def create(request):
    if not organiser_choices(request.user):
        raise Http404
    form = TaskForm(request.POST or None, user=request.user, initial={"municipality": request.user.municipality_id})
    if request.method == "POST" and form.is_valid():
        try:
            task = services.create_task(by=request.user, acting_for=form.acting_for(), fields=form.task_fields())
        except SammenError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The task is saved as a draft. Publish it when it is ready."))
            return redirect("taskbank:detail", pk=task.pk)
    return render(request, "taskbank/form.html", {"form": form})


@login_required
def edit(request, pk: int):
    task = _managed_task(request, pk)
    form = TaskForm(request.POST or None, instance=task, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_task(by=request.user, task=_managed_task(request, pk), fields=form.task_fields())
        except SammenError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The task is saved."))
            return redirect("taskbank:detail", pk=pk)
    return render(request, "taskbank/form.html", {"form": form, "task": _managed_task(request, pk)})


@login_required
@require_POST
def publish(request, pk: int):
    task = _managed_task(request, pk)
    try:
        services.publish_task(by=request.user, task=task)
    except SammenError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The task is published. Volunteers can now offer to help."))
    return redirect("taskbank:detail", pk=pk)


@login_required
def cancel(request, pk: int):
    task = _managed_task(request, pk)
    if task.status == TaskStatus.CANCELLED:
        raise Http404
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_task(by=request.user, task=task, reason=form.cleaned_data["reason"])
        except SammenError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The task is cancelled, and the volunteers have been told."))
            return redirect("taskbank:detail", pk=pk)
    return render(request, "taskbank/cancel.html", {"task": task, "form": form})


def _record_reads(request, task: Task, offers: list[TaskOffer]) -> None:
    """Staff acting for a unit see the volunteers' names and e-mail addresses: each read is logged."""
    if task.unit_id is None:
        return
    audit.record_personal_data_reads(
        viewer=request.user,
        reads=[(task_offer.volunteer_id, task_offer) for task_offer in offers],
        what="taskbank.offer",
        municipality=task.municipality_id,
    )


@login_required
def offers(request, pk: int):
    """The organiser's page of a task's offers: accept or decline them; after the task, confirm the hours."""
    task = _managed_task(request, pk)
    forms_with_errors = {}
    if request.method == "POST":
        task_offer = get_object_or_404(TaskOffer, pk=request.POST.get("offer") or 0, task=task)
        action = request.POST.get("action", "")
        form = {"decline": DeclineForm, "hours": HoursForm}.get(action)
        form = form(request.POST, prefix=f"offer{task_offer.pk}") if form else None
        try:
            if action == "accept":
                services.accept(by=request.user, offer=task_offer)
                messages.success(request, _("%(name)s is accepted and has been told.") % _name(task_offer))
                return redirect("taskbank:offers", pk=pk)
            if form is not None and form.is_valid():
                if action == "decline":
                    services.decline(by=request.user, offer=task_offer, reason=form.cleaned_data["reason"])
                    messages.success(request, _("The offer from %(name)s is declined.") % _name(task_offer))
                else:
                    services.confirm_hours(by=request.user, offer=task_offer, hours=form.cleaned_data["hours"])
                    messages.success(request, _("The hours of %(name)s are confirmed.") % _name(task_offer))
                return redirect("taskbank:offers", pk=pk)
        except SammenError as error:
            if form is None:
                messages.error(request, str(error))
            else:
                add_service_error(form, error)
        if form is not None:
            forms_with_errors[task_offer.pk] = form
    rows = list(queries.offers_for_task(task))
    _record_reads(request, task, [row for row in rows if row.status == OfferStatus.ACCEPTED])
    is_over = task.is_over()
    for row in rows:
        prefix = f"offer{row.pk}"
        row.decline_form = forms_with_errors.get(row.pk) if row.status == OfferStatus.OFFERED else None
        row.decline_form = row.decline_form or DeclineForm(prefix=prefix)
        row.hours_form = forms_with_errors.get(row.pk) if row.status == OfferStatus.ACCEPTED else None
        row.hours_form = row.hours_form or HoursForm(prefix=prefix)
    context = {"task": task, "rows": rows, "is_over": is_over, "places_left": queries.places_left(task)}
    return render(request, "taskbank/offers.html", context, status=400 if forms_with_errors else 200)


def _name(task_offer: TaskOffer) -> dict:
    return {"name": task_offer.volunteer.display_name}


# --- Volunteers -------------------------------------------------------------------------------------------------


@login_required
def mine(request):
    rows = list(queries.offers_of_volunteer(request.user))
    _confirmed, total = queries.confirmed_hours_of(request.user)
    return render(request, "taskbank/mine.html", {"rows": rows, "total": total})


@login_required
def statement(request):
    rows, total = queries.confirmed_hours_of(request.user)
    return render(
        request,
        "taskbank/statement.html",
        {"rows": rows, "total": total, "person": request.user, "today": timezone.localdate()},
    )


@login_required
def statement_csv(request):
    rows, total = queries.confirmed_hours_of(request.user)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="frivilligt-arbejde.csv"'
    response.write("\ufeff")  # so that spreadsheet programs read the Danish letters right
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("Task"), _("Organisation"), _("From"), _("To"), _("Hours")])
    for row in rows:
        task = row.task
        writer.writerow(
            [
                _safe(task.title),
                _safe(task.organiser.name),
                f"{task.starts_on:%d-%m-%Y}",
                f"{task.ends_on:%d-%m-%Y}",
                f"{row.hours:.2f}".replace(".", ","),
            ]
        )
    writer.writerow([_("Total"), "", "", "", f"{total:.2f}".replace(".", ",")])
    return response


def _safe(text: str) -> str:
    """A cell that a spreadsheet would read as a formula is written as text."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text
