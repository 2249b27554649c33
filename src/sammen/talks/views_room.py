"""The talk page, for the two people of a booked talk only: when it is, with whom, how (the video link or the phone
number, during the talk window only), cancelling and settling, and the rating afterwards."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sammen.core.errors import SammenError
from sammen.core.forms import add_service_error
from sammen.talks import queries, room
from sammen.talks.forms_room import RatingForm


def _page(request, booking, *, rating_form=None):
    try:
        current = room.open_room(viewer=request.user, booking=booking)
    except SammenError as error:
        raise Http404 from error
    if current.may_rate and rating_form is None:
        rating_form = RatingForm()
    context = {"room": current, "booking": booking, "rating_form": rating_form if current.may_rate else None}
    return render(request, "talks/talk.html", context)


@login_required
def talk(request, pk: int):
    return _page(request, queries.booking_for(request.user, pk))


@login_required
@require_POST
def rate(request, pk: int):
    booking = queries.booking_for(request.user, pk)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            room.rate_talk(
                by=request.user, booking=booking, stars=form.cleaned_data["stars"], comment=form.cleaned_data["comment"]
            )
        except SammenError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Thank you for your rating."))
            return redirect("talks:talk", pk=booking.pk)
    if not room.rating_open(by=request.user, booking=booking):
        # Rated already (perhaps in another tab) or not ratable: the page says why instead of the form.
        for error in form.non_field_errors():
            messages.error(request, error)
        return redirect("talks:talk", pk=booking.pk)
    return _page(request, booking, rating_form=form)
