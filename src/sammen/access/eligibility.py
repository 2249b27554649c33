"""May this person put something on Sammen (a bubble, a message, an activity, an association, an offer)?

The one check behind every "create"; a use case may word the refusals its own way (bubbles do) but not change the
rules. Staff acting for a municipal unit are checked by their permission instead; see ``sammen.access.organisers``.
"""

from allauth.account.models import EmailAddress
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.access.restrictions import is_suspended
from sammen.core.errors import SammenError

ERRORS = {
    "no_municipality": _("Choose your municipality on your profile first."),
    "not_participating": _(
        "%(municipality)s Municipality does not take part in Sammen at the moment, so you can look around but not "
        "create anything."
    ),
    "unverified": _("Confirm your e-mail address first. We have sent you a link."),
    "suspended": _("Your profile is suspended until %(until)s, so you cannot post or write."),
}


def check_may_contribute(user, *, wording: dict | None = None) -> None:
    """Raise a SammenError that tells the person what to do first, or return if they may go ahead.

    ``wording`` replaces some of the messages (same keys as ``ERRORS``) with ones that name what the person is
    creating."""
    errors = {**ERRORS, **(wording or {})}
    if user.municipality_id is None:
        raise SammenError(errors["no_municipality"])
    if not user.municipality.participates_on():
        raise SammenError(errors["not_participating"], params={"municipality": user.municipality.name})
    if not EmailAddress.objects.filter(user=user, verified=True).exists():
        raise SammenError(errors["unverified"])
    check_not_suspended(user)


def check_not_suspended(user) -> None:
    """A suspended person may read but not post or write until the suspension ends."""
    until = is_suspended(user)
    if until:
        raise SammenError(ERRORS["suspended"], params={"until": timezone.localtime(until).strftime("%d-%m-%Y %H:%M")})
