"""Moderation use cases: citizens report and block; a municipality's moderators hide, restore, warn, suspend
and resolve. Every moderator action writes an audit row in the same transaction."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.access.models import Block, Suspension
from sammen.access.permissions import Permission, check_permission
from sammen.audit import services as audit
from sammen.bubbles.models import Bubble
from sammen.core.errors import SammenError
from sammen.core.text_policy import check_text
from sammen.messaging.models import Message
from sammen.moderation.models import Report, ReportReason, ReportStatus
from sammen.notifications.services import notify
from sammen.search import services as search

ERRORS = {
    "not_moderator": _("Only the moderators of the person's municipality can do that."),
    "self": _("You cannot report or block yourself."),
    "no_municipality": _("This person has no municipality, so no moderator can take the report."),
    "resolved": _("The report has already been resolved."),
    "days": _("A suspension lasts from 1 to 365 days."),
    "outcome": _("Write what you did, so that the person who reported it can be told."),
}


def report(
    *,
    reporter,
    reason: str,
    text: str = "",
    bubble: Bubble | None = None,
    message: Message | None = None,
    reported_user=None,
) -> Report:
    check_text({"text": text}, multi_line={"text"})
    target_user = reported_user or (bubble.author if bubble else message.sender)
    if target_user.pk == reporter.pk:
        raise SammenError(ERRORS["self"])
    if target_user.municipality_id is None:
        raise SammenError(ERRORS["no_municipality"])
    with transaction.atomic():
        created = Report.objects.create(
            reporter=reporter,
            reported_user=target_user,
            bubble=bubble,
            message=message,
            municipality_id=target_user.municipality_id,
            reason=ReportReason(reason),
            text=text.strip(),
        )
        audit.record(
            action="moderation.report.made",
            actor=reporter,
            obj=created,
            data_subject=target_user,
            municipality=created.municipality_id,
            details={"reason": reason},
        )
    return created


def block(*, blocker, blocked) -> None:
    if blocker.pk == blocked.pk:
        raise SammenError(ERRORS["self"])
    try:
        with transaction.atomic():
            Block.objects.create(blocker=blocker, blocked=blocked)
    except IntegrityError:
        return  # Already blocked: blocking twice changes nothing.


def unblock(*, blocker, blocked) -> None:
    Block.objects.filter(blocker=blocker, blocked=blocked).delete()


def _check_moderator(by, municipality_id) -> None:
    """Moderators act on the people of their own municipality (a report goes to the reported person's)."""
    if municipality_id is None:
        raise SammenError(ERRORS["not_moderator"])
    check_permission(by, Permission.MODERATE, municipality_id, refusal=ERRORS["not_moderator"])


def _set_hidden(obj, *, hidden: bool, by, owner, details: dict | None = None) -> None:
    """Hide or restore a bubble or a message, and log it against the person who wrote it."""
    _check_moderator(by, owner.municipality_id)
    with transaction.atomic():
        type(obj).objects.filter(pk=obj.pk).update(hidden_at=timezone.now() if hidden else None)
        obj.refresh_from_db(fields=["hidden_at"])
        if isinstance(obj, Bubble):
            search.index_object(obj)
        kind = obj._meta.model_name
        audit.record(
            action=f"moderation.{kind}.{'hidden' if hidden else 'restored'}",
            actor=by,
            obj=obj,
            data_subject=owner.pk,
            municipality=owner.municipality_id,
            details=details,
        )


def hide_bubble(*, bubble: Bubble, by, report: Report | None = None) -> None:
    _set_hidden(bubble, hidden=True, by=by, owner=bubble.author, details={"report": report.pk if report else None})


def restore_bubble(*, bubble: Bubble, by) -> None:
    _set_hidden(bubble, hidden=False, by=by, owner=bubble.author)


def hide_message(*, message: Message, by) -> None:
    _set_hidden(message, hidden=True, by=by, owner=message.sender)


def restore_message(*, message: Message, by) -> None:
    _set_hidden(message, hidden=False, by=by, owner=message.sender)


def warn_user(*, user, by, text: str) -> None:
    _check_moderator(by, user.municipality_id)
    check_text({"text": text}, multi_line={"text"})
    with transaction.atomic():
        audit.record(
            action="moderation.user.warned",
            actor=by,
            obj=user,
            data_subject=user,
            municipality=user.municipality_id,
            details={"text": text},
        )
        notify(
            user,
            subject=_("A warning from Sammen's moderators"),
            template="moderation/email/warning.txt",
            context={"text": text},
        )


def suspend_user(*, user, by, days: int, reason: str) -> Suspension:
    _check_moderator(by, user.municipality_id)
    if not 1 <= days <= 365:
        raise SammenError(ERRORS["days"])
    check_text({"reason": reason}, multi_line={"reason"})
    with transaction.atomic():
        suspension = Suspension.objects.create(
            user=user, until=timezone.now() + datetime.timedelta(days=days), reason=reason, by=by
        )
        audit.record(
            action="moderation.user.suspended",
            actor=by,
            obj=user,
            data_subject=user,
            municipality=user.municipality_id,
            details={"days": days, "reason": reason},
        )
        notify(
            user,
            subject=_("Your Sammen profile is suspended"),
            template="moderation/email/suspended.txt",
            context={"suspension": suspension},
        )
    return suspension


def resolve_report(*, report: Report, by, outcome: str) -> Report:
    _check_moderator(by, report.municipality_id)
    outcome = outcome.strip()
    if not outcome:
        raise SammenError(ERRORS["outcome"])
    check_text({"outcome": outcome}, multi_line={"outcome"})
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.status == ReportStatus.RESOLVED:
            raise SammenError(ERRORS["resolved"])
        report.status = ReportStatus.RESOLVED
        report.outcome = outcome
        report.resolved_at = timezone.now()
        report.resolved_by = by
        report.save(update_fields=["status", "outcome", "resolved_at", "resolved_by"])
        audit.record(
            action="moderation.report.resolved",
            actor=by,
            obj=report,
            data_subject=report.reported_user_id,
            municipality=report.municipality_id,
        )
        reporter = report.reporter
        if reporter is not None:
            notify(
                reporter,
                subject=_("We have handled your report"),
                template="moderation/email/report_resolved.txt",
                context={"report": report},
            )
    return report
