"""Effect measurement use cases: a programme invites a citizen when it starts for them (``invite``), or a citizen
starts a measurement of their own (``start_own``); the citizen answers the UCLA-3 and WHO-5 scales with their
consent, alone or with a staff member's help (``answer``), at the start and after 3 and 6 months; the daily job
reminds them at most twice per point and closes what has run out (``send_reminders``); the citizen may stop and
delete their answers (``withdraw``).

Programmes call ``invite`` inside their own transaction (the measurement exists exactly when the start does); the
messages are written to the outbox by the daily job, and sent after its commit. ``invite`` never raises for a
citizen it cannot ask (no account, no municipality): it skips them, so that measuring never stands in the way of a
programme.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.access.permissions import Permission, has_permission
from sammen.audit import services as audit
from sammen.core.errors import SammenError
from sammen.core.links import absolute_url
from sammen.core.text_policy import check_text
from sammen.notifications.models import Channel
from sammen.notifications.services import notify
from sammen.wellbeing import programmes, scales
from sammen.wellbeing.models import Answer, Closed, Invitation, Measurement, Point

# Each point is open for four weeks; a reminder follows the first message after a week; never more than two.
ANSWER_WINDOW = datetime.timedelta(days=27)  # opens_on + 27 = the 28th day, included
REMINDER_GAP = datetime.timedelta(days=7)
MAX_MESSAGES = 2
FOLLOW_UPS = {Point.THREE_MONTHS: relativedelta(months=3), Point.SIX_MONTHS: relativedelta(months=6)}

ERRORS = {
    "not_yours": _("This questionnaire is not yours."),
    "closed": _("This measurement has ended, so it cannot be answered any more."),
    "not_open": _("This questionnaire cannot be answered now."),
    "answered": _("You have already answered this questionnaire."),
    "consent": _("Tick the box to say yes to taking part, or leave the page if you do not want to."),
    "consent_assisted": _("Tick the box to record that the citizen says yes to taking part."),
    "missing": _("Answer every question: question %(number)s has no answer."),
    "invalid": _("Choose one of the answers to question %(number)s."),
    "no_municipality": _("Add your municipality to your profile first."),
    "not_assistant": _("You cannot help citizens answer in %(municipality)s Municipality."),
}

SUBJECT = _("How are you? A few questions from Sammen")


# --- Inviting ----------------------------------------------------------------------------------------------------


def _can_receive(citizen) -> bool:
    # An address in the reserved .invalid domain can receive nothing (citizens enrolled without e-mail have one).
    has_email = bool(citizen.email) and not citizen.email.lower().endswith(".invalid")
    return has_email or citizen.receives_sms


def invite(citizen, *, programme: str, municipality) -> Measurement | None:
    """Invite the citizen to measure their wellbeing now that ``programme`` starts for them; the citizen's open
    measurement for the programme if there is one (calling twice changes nothing). None when the citizen cannot
    be asked (no account, closed account, no municipality). The daily job sends the invitation (the first of at
    most two messages), so that it follows the programme's own welcome rather than arriving with it."""
    if not programmes.is_known(programme):
        raise ValueError(f"Unknown programme {programme!r}: register it with register_programme().")
    if citizen is None or not citizen.is_active or municipality is None:
        return None
    open_measurement = Measurement.objects.filter(citizen=citizen, programme=programme, closed_at__isnull=True).first()
    if open_measurement is not None:
        return open_measurement
    today = timezone.localdate()
    try:
        with transaction.atomic():
            measurement = Measurement.objects.create(citizen=citizen, municipality=municipality, programme=programme)
            Invitation.objects.create(
                measurement=measurement, point=Point.START, opens_on=today, closes_on=today + ANSWER_WINDOW
            )
    except IntegrityError:  # the same citizen invited by two requests at the same moment: one measurement
        return Measurement.objects.get(citizen=citizen, programme=programme, closed_at__isnull=True)
    return measurement


def start_own(*, citizen) -> Measurement:
    """The citizen chooses to measure their wellbeing themselves (from their page)."""
    if citizen.municipality_id is None:
        raise SammenError(ERRORS["no_municipality"])
    return invite(citizen, programme=programmes.OWN, municipality=citizen.municipality)


def answer_link(invitation: Invitation) -> str:
    return absolute_url(reverse("wellbeing:answer", args=[invitation.pk]))


def _tell(invitation: Invitation, *, now: datetime.datetime) -> bool:
    """One message about the invitation (e-mail and SMS where the citizen gets SMS), counted against the two."""
    citizen = invitation.measurement.citizen
    if not _can_receive(citizen):
        return False
    notify(
        citizen,
        subject=SUBJECT,
        template="wellbeing/email/invitation.txt",
        sms_template="wellbeing/sms/invitation.txt",
        channels=(Channel.EMAIL, Channel.SMS),
        context={
            "invitation": invitation,
            "point": invitation.get_point_display,
            "programme": programmes.label(invitation.measurement.programme),
            "closes_on": invitation.closes_on,
            "link": answer_link(invitation),
            "reminder": invitation.messages_sent > 0,
        },
    )
    invitation.messages_sent += 1
    invitation.last_message_at = now
    invitation.save(update_fields=["messages_sent", "last_message_at"])
    return True


# --- Answering ---------------------------------------------------------------------------------------------------


def field_name(scale: dict, index: int) -> str:
    return f"{scale['key']}_{index + 1}"


def _checked_items(fields) -> dict[str, list[int]]:
    """Every item's answer as a whole number among its scale's values; a missing or foreign value is refused,
    naming the question by its number on the page."""
    checked: dict[str, list[int]] = {}
    number = 0
    for scale in scales.SCALES:
        allowed = scales.values(scale)
        checked[scale["key"]] = []
        for index in range(len(scale["items"])):
            number += 1
            name = field_name(scale, index)
            raw = str(fields.get(name) or "").strip()
            if not raw:
                raise SammenError(ERRORS["missing"], field=name, params={"number": number})
            check_text({name: raw})
            if not raw.isascii() or not raw.isdigit() or int(raw) not in allowed:
                raise SammenError(ERRORS["invalid"], field=name, params={"number": number})
            checked[scale["key"]].append(int(raw))
    return checked


def may_assist(user, municipality) -> bool:
    """Staff who enrol citizens in programmes (coordinators, outreach) or refer them may help a citizen of their
    municipality answer."""
    return has_permission(user, Permission.ENROL_CITIZENS, municipality) or has_permission(
        user, Permission.REFER_CITIZENS, municipality
    )


def is_open_now(invitation: Invitation, today: datetime.date) -> bool:
    return invitation.opens_on <= today <= invitation.closes_on


def answer(*, by, invitation: Invitation, fields, consent: bool = False, assisted: bool = False) -> Answer:
    """The citizen (``by``), or a staff member helping them (``assisted``), answers the invitation's point.
    ``fields`` holds one value per item (``ucla3_1`` … ``who5_5``); at the start, ``consent`` must be given."""
    measurement = invitation.measurement
    if assisted:
        if not may_assist(by, measurement.municipality_id):
            raise SammenError(ERRORS["not_assistant"], params={"municipality": measurement.municipality.name})
    elif by.pk != measurement.citizen_id:
        raise SammenError(ERRORS["not_yours"])
    items = _checked_items(fields)
    now = timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().select_related("measurement").get(pk=invitation.pk)
        measurement = invitation.measurement
        if not measurement.is_open:
            raise SammenError(ERRORS["closed"])
        if Answer.objects.filter(invitation=invitation).exists():
            raise SammenError(ERRORS["answered"])
        if not is_open_now(invitation, today):
            raise SammenError(ERRORS["not_open"])
        starting = invitation.point == Point.START
        if starting and not consent:
            raise SammenError(ERRORS["consent_assisted" if assisted else "consent"], field="consent")
        result = scales.scores(items)
        baseline = (
            None if starting else Answer.objects.get(invitation__measurement=measurement, invitation__point=Point.START)
        )
        answer = Answer.objects.create(
            invitation=invitation,
            answered_at=now,
            items=items,
            ucla=result.ucla,
            who5=result.who5,
            baseline=baseline,
            assisted=assisted,
            assisted_by=by if assisted else None,
        )
        if starting:
            measurement.consent_given_at = now
            measurement.started_on = today
            measurement.save(update_fields=["consent_given_at", "started_on"])
            Invitation.objects.bulk_create(
                Invitation(
                    measurement=measurement,
                    point=point,
                    opens_on=today + after,
                    closes_on=today + after + ANSWER_WINDOW,
                )
                for point, after in FOLLOW_UPS.items()
            )
        elif invitation.point == Point.SIX_MONTHS:
            _close(measurement, Closed.FINISHED, now)
        if assisted:
            audit.record(
                action="wellbeing.answer.assisted",
                actor=by,
                data_subject=measurement.citizen_id,
                obj=answer,
                municipality=measurement.municipality_id,
                details={"point": invitation.point, "programme": measurement.programme},
            )
    return answer


def _close(measurement: Measurement, reason: str, now: datetime.datetime) -> None:
    measurement.closed_at = now
    measurement.closed_reason = reason
    measurement.save(update_fields=["closed_at", "closed_reason"])


def withdraw(*, citizen, measurement: Measurement) -> None:
    """The citizen stops the measurement: it and every answer in it are deleted."""
    if measurement.citizen_id != citizen.pk:
        raise SammenError(ERRORS["not_yours"])
    with transaction.atomic():
        Measurement.objects.filter(pk=measurement.pk).delete()


# --- The daily job -----------------------------------------------------------------------------------------------


def close_expired(today: datetime.date, now: datetime.datetime) -> int:
    """Measurements whose start was never answered in time, and those whose last point has passed."""
    never_started = Measurement.objects.filter(
        closed_at__isnull=True,
        started_on__isnull=True,
        invitations__point=Point.START,
        invitations__closes_on__lt=today,
    )
    ran_out = Measurement.objects.filter(
        closed_at__isnull=True,
        started_on__isnull=False,
        invitations__point=Point.SIX_MONTHS,
        invitations__closes_on__lt=today,
    )
    closed = never_started.update(closed_at=now, closed_reason=Closed.EXPIRED)
    return closed + ran_out.update(closed_at=now, closed_reason=Closed.FINISHED)


def send_reminders(*, now: datetime.datetime | None = None) -> int:
    """Send each open, unanswered point its first message when it opens and its second a week later; never a
    third. Safe to run again: what was sent is counted on the invitation, in the transaction that queues it."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    close_expired(today, now)
    due = Invitation.objects.filter(
        measurement__closed_at__isnull=True,
        answer__isnull=True,
        opens_on__lte=today,
        closes_on__gte=today,
        messages_sent__lt=MAX_MESSAGES,
    )
    sent = 0
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            invitation = (
                due.select_for_update(of=("self",)).select_related("measurement__citizen").filter(pk=pk).first()
            )
            if invitation is None:
                continue
            if invitation.last_message_at is not None and invitation.last_message_at > now - REMINDER_GAP:
                continue
            sent += int(_tell(invitation, now=now))
    return sent
