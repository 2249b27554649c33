"""Pages of booked talks: the programmes, the free times of one programme and booking one, the citizen's and the
volunteer's talks, the volunteer's times, cancelling a talk and marking it held. The talk page itself (video
and phone) is ``views_room``; the committee's figures ``views_figures``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sammen.core.denmark import language_names
from sammen.core.errors import SammenError
from sammen.core.forms import add_service_error
from sammen.talks import queries, services
from sammen.talks.forms import BookingForm, CancelForm, FreeSlotFilterForm, SettleForm, SlotForm
from sammen.talks.models import BookingStatus, Slot, SlotStatus
from sammen.volunteering.models import TalkChannel

# A search that found nothing is counted once per session (a reload or the back button is not new demand).
UNMET_SEEN = "talks_unmet_searches"
UNMET_REMEMBERED = 50
OTHER_TIMES_SHOWN = 5


def label_slots(slots):
    """Give each slot what its card shows: ``when`` ("tirsdag 8. december kl. 19.00–19.15", Danish time), its
    channels' and its volunteer's languages' names. Made here once per list rather than by template filters."""
    with_day = _("%(day)s at %(start)s–%(end)s")
    for slot in slots:
        start, end = timezone.localtime(slot.starts_at), timezone.localtime(slot.ends_at)
        slot.when = with_day % {
            "day": formats.date_format(start, "l j. F"),
            "start": f"{start:%H.%M}",
            "end": f"{end:%H.%M}",
        }
        slot.channel_names = [TalkChannel(channel).label for channel in slot.channels if channel in TalkChannel.values]
        slot.language_names = language_names(slot.languages.split())
    return slots


def programmes(request):
    return render(request, "talks/programmes.html", {"programmes": queries.talk_programmes()})


def _count_unmet_search(request, programme, filters: dict) -> None:
    day = filters["day"]
    asked = {
        "weekday": day.weekday() if day else filters["weekday"],
        "time_of_day": filters["time_of_day"] or "",
        "language": filters["language"] or "",
        "channel": filters["channel"] or "",
    }
    key = f"{programme.pk}:{day}:" + ":".join(str(value) for value in asked.values())
    seen = request.session.get(UNMET_SEEN, [])
    if key in seen:
        return
    queries.record_unmet_search(programme=programme, municipality=request.user.municipality, **asked)
    request.session[UNMET_SEEN] = [*seen, key][-UNMET_REMEMBERED:]


@login_required
def free_slots(request, programme: str):
    programme = queries.talk_programme(programme)
    form = FreeSlotFilterForm(request.GET or None, programme=programme)
    filters = form.filters()
    slots = label_slots(queries.free_slots(programme=programme, viewer=request.user, **filters))
    other_times = []
    if not slots:
        _count_unmet_search(request, programme, filters)
        if any(value is not None for value in filters.values()):
            other_times = label_slots(
                queries.free_slots(programme=programme, viewer=request.user, limit=OTHER_TIMES_SHOWN)
            )
    context = {
        "programme": programme,
        "form": form,
        "slots": slots,
        "other_times": other_times,
        "limit": queries.SEARCH_LIMIT,
    }
    return render(request, "talks/free_slots.html", context)


@login_required
def book(request, pk: int):
    slot = queries.slot_for_booking(pk, request.user)
    form = BookingForm(request.POST or None, slot=slot)
    if request.method == "POST" and form.is_valid():
        try:
            services.book(
                citizen=request.user,
                slot=slot,
                channel=form.cleaned_data["channel"],
                note=form.cleaned_data["note"],
            )
        except SammenError as error:
            add_service_error(form, error)
            slot.refresh_from_db(fields=["status"])
        else:
            messages.success(request, _("The talk is booked. You will get a confirmation by e-mail."))
            return redirect("talks:mine")
    context = {
        "slot": label_slots([slot])[0],
        "form": form,
        "programme": slot.programme,
        "bookable": slot.status == SlotStatus.FREE and slot.starts_at > timezone.now(),
        "profile": getattr(slot.volunteer_user, "volunteer_profile", None),
    }
    return render(request, "talks/book.html", context)


@login_required
def my_talks(request):
    user, now = request.user, timezone.now()
    as_volunteer = queries.volunteer_talks(user, now=now)
    context = {
        "as_citizen": queries.citizen_talks(user, now=now),
        "as_volunteer": as_volunteer,
        "is_volunteer": any(as_volunteer.values()) or queries.offering_memberships(user).exists(),
        "now": now,
        "settle_form": SettleForm(),
    }
    return render(request, "talks/mine.html", context)


@login_required
def volunteer_slots(request):
    user = request.user
    memberships = queries.offering_memberships(user)
    form = SlotForm(request.POST or None, volunteers=memberships) if memberships else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            slots = services.add_slots(
                by=user,
                volunteer=form.cleaned_data["volunteer"],
                day=form.cleaned_data["day"],
                starts=form.cleaned_data["starts"],
                channels=form.cleaned_data["channels"],
                weekly_until=form.repeat_until(),
            )
        except SammenError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your times are published: %(count)s.") % {"count": len(slots)})
            return redirect("talks:volunteer_slots")
    talks = queries.volunteer_talks(user)
    context = {
        "form": form,
        "free_slots": label_slots(talks["free_slots"]),
        "booked": talks["upcoming"],
        "shown_limit": queries.FREE_SLOTS_SHOWN,
    }
    return render(request, "talks/volunteer_slots.html", context)


@require_POST
@login_required
def withdraw_slot(request, pk: int):
    slot = Slot.objects.filter(pk=pk, volunteer_user=request.user).first()
    if slot is None:
        raise Http404
    try:
        services.withdraw_slot(by=request.user, slot=slot)
    except SammenError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The time is withdrawn."))
    return redirect("talks:volunteer_slots")


@login_required
def cancel(request, pk: int):
    booking = queries.booking_for(request.user, pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_booking(by=request.user, booking=booking, reason=form.cleaned_data["reason"])
        except SammenError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The talk is cancelled, and the other person has been told."))
            return redirect("talks:mine")
    context = {
        "booking": booking,
        "form": form,
        "open": booking.status == BookingStatus.BOOKED and booking.starts_at > timezone.now(),
        "is_volunteer": booking.volunteer_user_id == request.user.pk,
    }
    return render(request, "talks/cancel.html", context)


@require_POST
@login_required
def settle(request, pk: int):
    booking = queries.booking_for(request.user, pk)
    if booking.volunteer_user_id != request.user.pk:
        raise Http404
    form = SettleForm(request.POST)
    if not form.is_valid():
        messages.error(request, str(services.ERRORS["bad_outcome"]))
        return redirect("talks:mine")
    try:
        services.settle(by=request.user, booking=booking, outcome=form.cleaned_data["outcome"])
    except SammenError as error:
        messages.error(request, str(error))
    else:
        outcome = BookingStatus(form.cleaned_data["outcome"]).label
        messages.success(request, _("Thank you. The talk is marked: %(outcome)s.") % {"outcome": outcome})
    return redirect("talks:mine")
