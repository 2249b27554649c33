"""Sign-up use cases: sign up (confirmed or waiting list), cancel (the first on the waiting list moves up)."""

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from sammen.activities import locking
from sammen.activities.models import Occurrence, SignUp, SignUpStatus
from sammen.audit import services as audit
from sammen.core.errors import SammenError

ERRORS = {
    "cancelled": _("This date has been cancelled, so you cannot sign up for it."),
    "deadline": _("The sign-up deadline has passed (%(deadline)s)."),
    "started": _("The activity has already started."),
    "twice": _("You are already signed up for this date."),
    "busy": _("Many people are signing up right now. Please try again in a moment."),
    "not_signed_up": _("You are not signed up for this date."),
}


def sign_up(*, occurrence: Occurrence, user) -> SignUp:
    """A seat if one is free, otherwise a place on the waiting list; never more confirmed than the capacity."""
    now = timezone.now()
    try:
        with transaction.atomic():
            locking.lock_occurrences([occurrence.pk])
            # Read the occurrence only after the lock, so that capacity and deadline are current.
            occurrence = Occurrence.objects.get(pk=occurrence.pk)
            if occurrence.cancelled_at is not None:
                raise SammenError(ERRORS["cancelled"])
            if occurrence.starts_at <= now:
                raise SammenError(ERRORS["started"])
            if occurrence.signup_deadline and occurrence.signup_deadline < now:
                deadline = timezone.localtime(occurrence.signup_deadline).strftime("%d-%m-%Y %H:%M")
                raise SammenError(ERRORS["deadline"], params={"deadline": deadline})
            live = SignUp.objects.filter(occurrence=occurrence).exclude(status=SignUpStatus.CANCELLED)
            if live.filter(user=user).exists():
                raise SammenError(ERRORS["twice"])
            confirmed = live.filter(status=SignUpStatus.CONFIRMED).count()
            full = occurrence.capacity is not None and confirmed >= occurrence.capacity
            signup = SignUp.objects.create(
                occurrence=occurrence,
                user=user,
                status=SignUpStatus.WAITLISTED if full else SignUpStatus.CONFIRMED,
                created_at=now,
                changed_at=now,
            )
            audit.record(action=f"activities.signup.{signup.status}", actor=user, obj=signup)
    except locking.LockTimeout as error:
        raise SammenError(ERRORS["busy"]) from error
    except IntegrityError as error:
        # The same person in two tabs at once: the unique constraint let one through.
        raise SammenError(ERRORS["twice"]) from error
    return signup


def cancel_signup(*, occurrence: Occurrence, user) -> SignUp | None:
    """Cancel the person's sign-up; if a seat frees, promote the first on the waiting list and tell them.

    Returns the promoted sign-up, if any.
    """
    now = timezone.now()
    try:
        with transaction.atomic():
            locking.lock_occurrences([occurrence.pk])
            mine = (
                SignUp.objects.filter(occurrence=occurrence, user=user).exclude(status=SignUpStatus.CANCELLED).first()
            )
            if mine is None:
                raise SammenError(ERRORS["not_signed_up"])
            freed_seat = mine.status == SignUpStatus.CONFIRMED
            mine.status = SignUpStatus.CANCELLED
            mine.changed_at = now
            mine.save(update_fields=["status", "changed_at"])
            audit.record(action="activities.signup.cancelled", actor=user, obj=mine)
            promoted = None
            if freed_seat:
                promoted = (
                    SignUp.objects.filter(occurrence=occurrence, status=SignUpStatus.WAITLISTED)
                    .select_related("user", "occurrence__activity")
                    .order_by("created_at", "id")
                    .first()
                )
                if promoted is not None:
                    promoted.status = SignUpStatus.CONFIRMED
                    promoted.changed_at = now
                    promoted.save(update_fields=["status", "changed_at"])
                    audit.record(action="activities.signup.promoted", obj=promoted, data_subject=promoted.user_id)
                    transaction.on_commit(lambda: _tell_promoted(promoted))
    except locking.LockTimeout as error:
        raise SammenError(ERRORS["busy"]) from error
    return promoted


def _tell_promoted(signup: SignUp) -> None:
    user = signup.user
    with translation.override(user.language):
        send_mail(
            subject=str(_("You have a seat: %(title)s") % {"title": signup.occurrence.activity.title}),
            message=render_to_string("activities/email/promoted.txt", {"user": user, "signup": signup}),
            from_email=None,
            recipient_list=[user.email],
        )
