"""Pages for organising activities and taking part: create, change and cancel; the activity page with its dates
and sign-up buttons; the organiser's page for one date; and "my activities"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sammen.access import organisers
from sammen.activities import queries, services
from sammen.activities.forms import (
    ActivityCreateForm,
    ActivityForm,
    CancelForm,
    MessageForm,
    OccurrenceForm,
    chosen_organiser,
)
from sammen.activities.models import Activity, Occurrence, SignUpStatus
from sammen.associations import queries as association_queries
from sammen.audit import services as audit
from sammen.core.denmark import SPOKEN_LANGUAGES
from sammen.core.errors import SammenError
from sammen.core.forms import add_service_error
from sammen.core.paging import page_without_count

MAX_DATES_SHOWN = services.MAX_DATES + 7
PAGE_SIZE = 20


def _managed_activity(request, pk: int) -> Activity:
    """The activity, if the person may manage it; anyone else gets "not found", as if it were not there."""
    activity = queries.activity_for_page(pk)
    if not organisers.may_manage(request.user, activity):
        raise Http404
    return activity


def _managed_occurrence(request, pk: int) -> Occurrence:
    occurrence = queries.occurrence_for_organiser(pk)
    if not organisers.may_manage(request.user, occurrence.activity):
        raise Http404
    return occurrence


# --- Organising -------------------------------------------------------------------------------------------------


@login_required
def create(request):
    user = request.user
    initial = {"municipality": user.municipality_id, "postal_code": user.postal_code, "signup_required": True}
    form = ActivityCreateForm(request.POST or None, initial=initial, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.create_activity(
                by=user,
                acting_for=chosen_organiser(user, form.cleaned_data["organiser"]),
                fields=form.activity_fields(),
                first_date=form.cleaned_data["first_date"],
                starts=form.cleaned_data["starts"],
                ends=form.cleaned_data["ends"],
                recurrence=form.cleaned_data["recurrence"],
                repeat_until=form.cleaned_data["repeat_until"],
                signup_deadline=form.signup_deadline(),
            )
        except SammenError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The activity is published."))
            return redirect("activities:detail", pk=activity.pk)
    return render(request, "activities/form.html", {"form": form})


@login_required
def edit(request, pk: int):
    activity = _managed_activity(request, pk)
    initial = {name: getattr(activity, name) for name in ActivityForm.ACTIVITY_FIELDS}
    initial["target_groups"] = list(activity.target_groups.all())
    initial["accessibility"] = list(activity.accessibility.all())
    form = ActivityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_activity(activity=activity, by=request.user, fields=form.activity_fields())
        except SammenError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The activity is saved."))
            return redirect("activities:detail", pk=pk)
    return render(request, "activities/form.html", {"form": form, "activity": activity})


@login_required
def cancel(request, pk: int):
    activity = _managed_activity(request, pk)
    if activity.cancelled_at is not None:
        raise Http404
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_activity(activity=activity, by=request.user, reason=form.cleaned_data["reason"])
        except SammenError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The activity is cancelled, and everyone signed up has been told."))
            return redirect("activities:detail", pk=pk)
    return render(request, "activities/cancel.html", {"form": form, "activity": activity})


def _occurrence_page(request, occurrence: Occurrence, **forms):
    activity = occurrence.activity
    signups = queries.live_signups(occurrence)
    if activity.unit_id:
        # Staff acting for a municipal unit read who has signed up: that is citizens' personal data.
        audit.record_personal_data_read(
            viewer=request.user,
            data_subject=None,
            what="activity participants",
            obj=occurrence,
            municipality=activity.unit.municipality_id,
        )
    local_start = timezone.localtime(occurrence.starts_at)
    initial = {
        "day": local_start.date(),
        "starts": local_start.time(),
        "ends": timezone.localtime(occurrence.ends_at).time(),
        "capacity": occurrence.capacity,
    }
    context = {
        "occurrence": occurrence,
        "activity": activity,
        "confirmed": [s for s in signups if s.status == SignUpStatus.CONFIRMED],
        "waiting": [s for s in signups if s.status == SignUpStatus.WAITLISTED],
        "open": occurrence.is_open_for_organiser(timezone.now()),
        "message_form": forms.get("message_form") or MessageForm(),
        "change_form": forms.get("change_form") or OccurrenceForm(initial=initial),
        "cancel_form": forms.get("cancel_form") or CancelForm(),
        "sent_messages": occurrence.organiser_messages.all()[:10],
    }
    return render(request, "activities/occurrence.html", context)


@login_required
def occurrence(request, pk: int):
    return _occurrence_page(request, _managed_occurrence(request, pk))


@require_POST
@login_required
def message_participants(request, pk: int):
    occurrence = _managed_occurrence(request, pk)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            sent = services.message_participants(occurrence=occurrence, by=request.user, body=form.cleaned_data["body"])
        except SammenError as error:
            add_service_error(form, error)
        else:
            sent_to = {"count": sent.recipients}
            messages.success(request, _("Your message has been sent. Recipients: %(count)s.") % sent_to)
            return redirect("activities:occurrence", pk=pk)
    return _occurrence_page(request, occurrence, message_form=form)


@require_POST
@login_required
def change_occurrence(request, pk: int):
    occurrence = _managed_occurrence(request, pk)
    form = OccurrenceForm(request.POST)
    if form.is_valid():
        try:
            services.update_occurrence(occurrence=occurrence, by=request.user, **form.cleaned_data)
        except SammenError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The date is saved. Everyone signed up has been told if the time changed."))
            return redirect("activities:occurrence", pk=pk)
    return _occurrence_page(request, occurrence, change_form=form)


@require_POST
@login_required
def cancel_occurrence(request, pk: int):
    occurrence = _managed_occurrence(request, pk)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.cancel_occurrence(occurrence=occurrence, by=request.user, reason=form.cleaned_data["reason"])
        except SammenError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The date is cancelled, and everyone signed up has been told."))
            return redirect("activities:occurrence", pk=pk)
    return _occurrence_page(request, occurrence, cancel_form=form)


# --- Taking part ----------------------------------------------------------------------------------------------


def detail(request, pk: int):
    activity = queries.activity_for_page(pk)
    dates = queries.dates_for_page(activity, request.user, limit=MAX_DATES_SHOWN)
    context = {
        "activity": activity,
        "dates": dates,
        "is_organiser": organisers.may_manage(request.user, activity),
        "languages": [str(name) for code, name in SPOKEN_LANGUAGES if code in activity.languages],
    }
    return render(request, "activities/detail.html", context)


@require_POST
@login_required
def sign_up(request, pk: int):
    occurrence = queries.shown_occurrence(pk)
    try:
        signup = services.sign_up(occurrence=occurrence, user=request.user)
    except SammenError as error:
        messages.error(request, str(error))
    else:
        if signup.status == SignUpStatus.CONFIRMED:
            messages.success(request, _("You are signed up."))
        else:
            messages.info(
                request, _("You are on the waiting list as number %(position)s.") % {"position": signup.position}
            )
    return redirect("activities:detail", pk=occurrence.activity_id)


@require_POST
@login_required
def cancel_signup(request, pk: int):
    occurrence = queries.shown_occurrence(pk)
    try:
        services.cancel_signup(occurrence=occurrence, user=request.user)
    except SammenError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("You are no longer signed up for this date."))
    return redirect("activities:detail", pk=occurrence.activity_id)


@login_required
def mine(request):
    user = request.user
    organised = queries.organised_by(
        user, represented=association_queries.represented_by(user), units=organisers.managed_units(user)
    )
    page = page_without_count(organised, request.GET.get("side"), size=PAGE_SIZE)
    return render(request, "activities/mine.html", {"signups": queries.signups_of(user), "page": page})
