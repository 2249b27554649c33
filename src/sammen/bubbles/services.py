"""Bubble use cases: create, edit, close, reopen, expire; and the rules that keep them safe."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.access.eligibility import check_may_contribute
from sammen.audit import services as audit
from sammen.bubbles.models import Bubble, BubbleStatus, CrossMunicipalityViewing
from sammen.core.errors import SammenError
from sammen.core.links import absolute_url
from sammen.core.text_policy import check_text
from sammen.notifications.services import notify
from sammen.search import services as search

# How the rules of ``access.eligibility`` are worded for a bubble.
WORDING = {
    "not_participating": _(
        "%(municipality)s Municipality does not take part in Sammen at the moment, so you can read bubbles but "
        "not create them."
    ),
    "no_municipality": _("Choose your municipality on your profile before you create a bubble."),
    "unverified": _("Confirm your e-mail address before you create a bubble."),
}

ERRORS = {
    "no_avatar": _("Add a photo or choose a symbol on your profile before you create a bubble."),
    "too_many": _("You can create at most %(limit)s bubbles a day. Try again tomorrow."),
    "not_author": _("Only the author can change this bubble."),
    "already": _("The bubble is already %(status)s."),
}


def _check_can_publish(author) -> None:
    check_may_contribute(author, wording=WORDING)
    if not author.has_avatar:
        raise SammenError(ERRORS["no_avatar"])


def check_bubble_text(*, title: str, body: str) -> list[str]:
    """The text policy for a bubble; returns the fields with contact details in them (anyone can read them)."""
    return check_text({"title": title, "body": body}, multi_line={"body"}, warn_about_contact_details=("title", "body"))


def create_bubble(*, author, fields: dict) -> Bubble:
    _check_can_publish(author)
    check_bubble_text(title=fields["title"], body=fields["body"])
    now = timezone.now()
    with transaction.atomic():
        # Lock the author's row so that two simultaneous posts cannot both slip under the daily limit.
        get_user_model().objects.select_for_update().get(pk=author.pk)
        recent = Bubble.objects.filter(author=author, created_at__gte=now - datetime.timedelta(days=1)).count()
        if recent >= settings.SAMMEN_BUBBLES_PER_DAY:
            raise SammenError(ERRORS["too_many"], params={"limit": settings.SAMMEN_BUBBLES_PER_DAY})
        bubble = Bubble.objects.create(
            author=author,
            created_at=now,
            expires_at=now + datetime.timedelta(days=settings.SAMMEN_BUBBLE_LIFETIME_DAYS),
            **fields,
        )
        search.index_object(bubble)
        audit.record(action="bubbles.bubble.created", actor=author, obj=bubble, municipality=bubble.municipality_id)
    return bubble


def _check_author(bubble: Bubble, user) -> None:
    if bubble.author_id != user.pk:
        raise SammenError(ERRORS["not_author"])


@transaction.atomic
def update_bubble(*, bubble: Bubble, by, fields: dict) -> Bubble:
    _check_author(bubble, by)
    _check_can_publish(by)
    check_bubble_text(title=fields.get("title", bubble.title), body=fields.get("body", bubble.body))
    for name, value in fields.items():
        setattr(bubble, name, value)
    bubble.save()
    search.index_object(bubble)
    audit.record(action="bubbles.bubble.changed", actor=by, obj=bubble, details={"fields": sorted(fields)})
    return bubble


@transaction.atomic
def close_bubble(*, bubble: Bubble, by) -> Bubble:
    _check_author(bubble, by)
    bubble = Bubble.objects.select_for_update().get(pk=bubble.pk)
    if bubble.status == BubbleStatus.CLOSED:
        raise SammenError(ERRORS["already"], params={"status": BubbleStatus.CLOSED.label.lower()})
    bubble.status = BubbleStatus.CLOSED
    bubble.save(update_fields=["status", "updated_at"])
    search.index_object(bubble)
    audit.record(action="bubbles.bubble.closed", actor=by, obj=bubble)
    return bubble


def reopen_bubble(*, bubble: Bubble, by) -> Bubble:
    """Reopening (also after expiry) gives the bubble a new full lifetime."""
    _check_author(bubble, by)
    _check_can_publish(by)
    with transaction.atomic():
        bubble = Bubble.objects.select_for_update().get(pk=bubble.pk)
        if bubble.status == BubbleStatus.OPEN:
            raise SammenError(ERRORS["already"], params={"status": BubbleStatus.OPEN.label.lower()})
        bubble.status = BubbleStatus.OPEN
        bubble.expires_at = timezone.now() + datetime.timedelta(days=settings.SAMMEN_BUBBLE_LIFETIME_DAYS)
        bubble.expiry_reminder_sent_at = None
        bubble.save(update_fields=["status", "expires_at", "expiry_reminder_sent_at", "updated_at"])
        search.index_object(bubble)
        audit.record(action="bubbles.bubble.reopened", actor=by, obj=bubble)
    return bubble


def expire_due_bubbles(*, now: datetime.datetime | None = None) -> int:
    """Close bubbles whose time is up. Idempotent: an expired bubble is not touched again."""
    now = now or timezone.now()
    expired = 0
    for bubble in Bubble.objects.filter(status=BubbleStatus.OPEN, expires_at__lte=now).iterator():
        with transaction.atomic():
            updated = Bubble.objects.filter(pk=bubble.pk, status=BubbleStatus.OPEN).update(
                status=BubbleStatus.EXPIRED, updated_at=now
            )
            if updated:
                bubble.status = BubbleStatus.EXPIRED
                search.index_object(bubble)
                expired += 1
    return expired


def send_expiry_reminders(*, now: datetime.datetime | None = None) -> int:
    """Tell authors a week before their bubble expires. Idempotent: each bubble is reminded once per lifetime."""
    now = now or timezone.now()
    soon = now + datetime.timedelta(days=settings.SAMMEN_BUBBLE_REMINDER_DAYS_BEFORE)
    due = Bubble.objects.filter(
        status=BubbleStatus.OPEN,
        hidden_at__isnull=True,
        expires_at__lte=soon,
        expires_at__gt=now,
        expiry_reminder_sent_at__isnull=True,
    ).select_related("author")
    sent = 0
    for bubble in due.iterator():
        with transaction.atomic():  # the claim and the reminder in the outbox together, or neither
            claimed = Bubble.objects.filter(
                pk=bubble.pk, status=BubbleStatus.OPEN, hidden_at__isnull=True, expiry_reminder_sent_at__isnull=True
            ).update(expiry_reminder_sent_at=now)
            if not claimed:
                continue
            sent += len(
                notify(
                    bubble.author,
                    subject=_("Your bubble “%(title)s” closes soon"),
                    subject_params={"title": bubble.title},
                    template="bubbles/email/expiry_reminder.txt",
                    context={"bubble": bubble, "link": absolute_url(reverse("bubbles:detail", args=[bubble.pk]))},
                )
            )
    return sent


def record_viewing(*, viewer, bubble_municipality_ids: set[int]) -> None:
    """Remember, for the month, whether the viewer looked at bubbles from another municipality than their own."""
    if not viewer.is_authenticated or viewer.municipality_id is None or not bubble_municipality_ids:
        return
    other = any(mid != viewer.municipality_id for mid in bubble_municipality_ids)
    month = timezone.localdate().replace(day=1)
    updated = CrossMunicipalityViewing.objects.filter(user=viewer, month=month)
    if other:
        if updated.filter(viewed_other=False).update(viewed_other=True) or updated.exists():
            return
    elif updated.exists():
        return
    try:
        with transaction.atomic():
            CrossMunicipalityViewing.objects.create(
                user=viewer, municipality_id=viewer.municipality_id, month=month, viewed_other=other
            )
    except IntegrityError:
        if other:
            updated.update(viewed_other=True)
