"""Referral use cases: referrers set up receivers and their contacts, refer citizens (or register a referral that
arrived from outside), the receiver's contacts record the first contact and the course, the citizen may withdraw
their consent, and a scheduled job warns about deadlines.

Services check the acting person themselves (referrers by ``Permission.REFER_CITIZENS`` in the referral's
municipality, contacts by being a contact of its receiver), so that a page, a command or a later API cannot skip a
check. Every function changes nothing when it raises; every change is audited in its own transaction, without the
citizen's details in the log.
"""

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.access.permissions import Permission, check_permission, has_permission, staff_with_permission
from sammen.accounts.phone import parse_danish_number
from sammen.activities.models import Activity
from sammen.associations.models import Association
from sammen.audit import services as audit
from sammen.core.errors import SammenError
from sammen.core.links import absolute_url
from sammen.core.text_policy import check_text
from sammen.municipalities.models import Municipality, MunicipalUnit
from sammen.notifications.models import Channel
from sammen.notifications.services import notify, notify_address
from sammen.offers.models import Offer
from sammen.referrals.models import (
    KIND_TARGET,
    OPEN_STATUSES,
    SMOKING_CESSATION_FOLLOW_UP_DAYS,
    ApiKey,
    ConsentWay,
    ContactWay,
    EndReason,
    EventKind,
    Receiver,
    ReceiverContact,
    ReceiverKind,
    Referral,
    ReferralConsent,
    ReferralEvent,
    ReferralStatus,
    Sender,
    Source,
)
from sammen.wellbeing import services as wellbeing

LIMITS = {"name": 120, "phone": 30, "email": 254, "needs": 2000, "notes": 2000, "reason_text": 300, "sender": 120}
EXTERNAL_ID_LIMIT = 64
MAX_FOLLOW_UP_DAYS = 90
# The receiver's contacts are reminded this many days before the deadline.
WARN_DAYS_BEFORE = 2

ERRORS = {
    "not_referrer": _("You cannot refer citizens in %(municipality)s Municipality."),
    "too_long": _("The text is too long: write at most %(limit)s characters."),
    "required": _("Fill in this field."),
    "no_receiver": _("There is no such receiver in this municipality."),
    # Receivers
    "no_target": _("Choose what the receiver is: the offer, activity, association or municipal unit."),
    "target_elsewhere": _("%(name)s is not in %(municipality)s Municipality."),
    "offer_unpublished": _("The offer “%(name)s” is not published, so citizens cannot be referred to it."),
    "target_gone": _("%(name)s is no longer on Sammen, so citizens cannot be referred to it."),
    "follow_up_days": _("The days to the first contact must be a whole number from 1 to %(limit)s."),
    "receiver_name_taken": _("There is already a receiver called “%(name)s” in the municipality."),
    "no_account": _("No Sammen profile has this e-mail address. Ask the person to create a profile first."),
    "contact_twice": _("%(name)s is already a contact of this receiver."),
    "not_a_contact": _("This person is not a contact of this receiver."),
    # Referring
    "no_consent": _("Record the citizen's consent to share these details with the receiver before you refer."),
    "consent_how": _("Choose how the citizen gave their consent."),
    "consent_future": _("The consent cannot be given on a day in the future."),
    "not_accepting": _("%(name)s does not accept referrals at the moment."),
    "no_name": _("Write the citizen's name."),
    "no_reach": _("Give the citizen's phone number or e-mail address, so that the receiver can reach them."),
    "bad_email": _("Write a valid e-mail address, e.g. navn@example.dk."),
    "no_postal_code": _("Write the citizen's postal code: 4 digits, e.g. 7400."),
    "inactive_citizen": _("This Sammen profile is closed. Enter the citizen's details instead."),
    # External referrals
    "no_sender": _("Write who sent the referral, e.g. the name of the general practice."),
    "received_future": _("The referral cannot be received on a day in the future."),
    "received_too_old": _("A referral received more than a year ago cannot be registered."),
    "duplicate": _("%(sender)s's referral %(reference)s is already registered."),
    # The course
    "not_receiver": _("Only the contacts of the receiver can do this."),
    "not_sent": _("The first contact is already recorded (the referral is “%(status)s”)."),
    "contact_before_referral": _("The first contact cannot be before the referral was received (%(received)s)."),
    "contact_future": _("The first contact cannot be in the future."),
    "contact_how": _("Choose how you made the first contact."),
    "cannot_advance": _("A referral that is “%(status)s” cannot move on to “%(to)s”."),
    "cannot_decline": _("Only a referral that has not started yet can be declined (it is “%(status)s”)."),
    "cannot_drop_out": _("Only a referral that has started can end with a drop-out (it is “%(status)s”)."),
    "no_reason": _("Choose a reason from the list."),
    "other_needs_text": _("Write the reason in a few words when you choose “Other”."),
    "not_yours": _("This is not your referral."),
    "already_withdrawn": _("You have already withdrawn your consent for this referral."),
}


def _text(name: str, value, *, field: str | None = None, multi_line: bool = False) -> str:
    value = str(value or "").strip()
    if len(value) > LIMITS[name]:
        raise SammenError(ERRORS["too_long"], field=field or name, params={"limit": LIMITS[name]})
    check_text({field or name: value}, multi_line={field or name} if multi_line else ())
    return value


def _check_referrer(by, municipality: Municipality | int) -> None:
    municipality = municipality if isinstance(municipality, Municipality) else Municipality.objects.get(pk=municipality)
    check_permission(
        by,
        Permission.REFER_CITIZENS,
        municipality,
        refusal=ERRORS["not_referrer"],
        params={"municipality": municipality.name},
    )


def _event(referral: Referral, kind: str, by=None, at=None) -> ReferralEvent:
    return ReferralEvent.objects.create(referral=referral, kind=kind, by=by, at=at or timezone.now())


def _audit(action: str, *, by, referral: Referral, details: dict | None = None) -> None:
    audit.record(
        action=f"referrals.referral.{action}",
        actor=by,
        obj=referral,
        data_subject=referral.citizen_id,
        municipality=referral.municipality_id,
        details=details,
    )


# --- Receivers --------------------------------------------------------------------------------------------------


def _follow_up_days(value, *, smoking_cessation: bool) -> int:
    if smoking_cessation:
        return SMOKING_CESSATION_FOLLOW_UP_DAYS
    if value in (None, ""):
        return settings.SAMMEN_REFERRAL_FOLLOW_UP_DAYS
    try:
        days = int(value)
    except (TypeError, ValueError, OverflowError):
        days = 0
    if not 1 <= days <= MAX_FOLLOW_UP_DAYS:
        raise SammenError(ERRORS["follow_up_days"], field="follow_up_days", params={"limit": MAX_FOLLOW_UP_DAYS})
    return days


def _target_refusal(target) -> SammenError | None:
    """Why the target cannot receive referrals now (an unpublished offer, a hidden association …), or None."""
    name = getattr(target, "name", None) or getattr(target, "title", "")
    if isinstance(target, Offer):
        if not Offer.objects.published().filter(pk=target.pk).exists():
            return SammenError(ERRORS["offer_unpublished"], params={"name": name})
    elif isinstance(target, Activity):
        if not Activity.objects.visible().filter(pk=target.pk).exists():
            return SammenError(ERRORS["target_gone"], params={"name": name})
    elif isinstance(target, Association):
        if target.hidden_at is not None:
            return SammenError(ERRORS["target_gone"], params={"name": name})
    elif isinstance(target, MunicipalUnit) and not target.active:
        return SammenError(ERRORS["target_gone"], params={"name": name})
    return None


def create_receiver(
    *,
    by,
    municipality: Municipality,
    kind: str,
    target,
    name: str,
    follow_up_days=None,
    smoking_cessation: bool = False,
    accepting: bool = True,
) -> Receiver:
    """A receiver of referrals in the municipality: what it is, and the days its contacts have to follow up
    (7 for smoking cessation, the ``SAMMEN_REFERRAL_FOLLOW_UP_DAYS`` setting unless given)."""
    _check_referrer(by, municipality)
    if kind not in ReceiverKind.values:
        raise SammenError(ERRORS["no_target"], field="kind")
    expected = {
        ReceiverKind.OFFER: Offer,
        ReceiverKind.ACTIVITY: Activity,
        ReceiverKind.TEAM: Association,
        ReceiverKind.SERVICE: MunicipalUnit,
    }[kind]
    if not isinstance(target, expected):
        raise SammenError(ERRORS["no_target"], field=KIND_TARGET[kind])
    target_name = getattr(target, "name", None) or target.title
    if target.municipality_id != municipality.pk:
        raise SammenError(
            ERRORS["target_elsewhere"],
            field=KIND_TARGET[kind],
            params={"name": target_name, "municipality": municipality.name},
        )
    refusal = _target_refusal(target)
    if refusal is not None:
        refusal.field = KIND_TARGET[kind]
        raise refusal
    name = _text("name", name) or target_name
    smoking_cessation = bool(smoking_cessation) and kind == ReceiverKind.SERVICE
    days = _follow_up_days(follow_up_days, smoking_cessation=smoking_cessation)
    if Receiver.objects.filter(municipality=municipality, name__iexact=name).exists():
        raise SammenError(ERRORS["receiver_name_taken"], field="name", params={"name": name})
    try:
        with transaction.atomic():
            receiver = Receiver.objects.create(
                municipality=municipality,
                kind=kind,
                name=name,
                smoking_cessation=smoking_cessation,
                follow_up_days=days,
                accepting=bool(accepting),
                created_by=by,
                **{KIND_TARGET[kind]: target},
            )
            audit.record(action="referrals.receiver.created", actor=by, obj=receiver, municipality=municipality)
    except IntegrityError as error:  # the same name saved twice at once
        raise SammenError(ERRORS["receiver_name_taken"], field="name", params={"name": name}) from error
    return receiver


def update_receiver(*, by, receiver: Receiver, name: str, follow_up_days=None, accepting: bool) -> Receiver:
    """Change the name, the days to follow up (not of smoking cessation: 7 by the guideline) or whether the
    receiver accepts referrals. Referrals already sent keep their deadline."""
    _check_referrer(by, receiver.municipality_id)
    name = _text("name", name)
    if not name:
        raise SammenError(ERRORS["required"], field="name")
    days = _follow_up_days(follow_up_days, smoking_cessation=receiver.smoking_cessation)
    clash = Receiver.objects.filter(municipality_id=receiver.municipality_id, name__iexact=name).exclude(pk=receiver.pk)
    if clash.exists():
        raise SammenError(ERRORS["receiver_name_taken"], field="name", params={"name": name})
    with transaction.atomic():
        receiver = Receiver.objects.select_for_update().get(pk=receiver.pk)
        changed = sorted(
            field
            for field, value in (("name", name), ("follow_up_days", days), ("accepting", bool(accepting)))
            if getattr(receiver, field) != value
        )
        receiver.name, receiver.follow_up_days, receiver.accepting = name, days, bool(accepting)
        receiver.save(update_fields=["name", "follow_up_days", "accepting"])
        audit.record(
            action="referrals.receiver.changed",
            actor=by,
            obj=receiver,
            municipality=receiver.municipality_id,
            details={"fields": changed},
        )
    return receiver


def add_receiver_contact(*, by, receiver: Receiver, email: str) -> ReceiverContact:
    """Make the person with this Sammen login a contact of the receiver; they are told by e-mail."""
    _check_referrer(by, receiver.municipality_id)
    email = (email or "").strip()
    if len(email) > LIMITS["email"]:
        raise SammenError(ERRORS["no_account"], field="email")
    person = get_user_model().objects.filter(email__iexact=email, is_active=True).first() if email else None
    if person is None:
        raise SammenError(ERRORS["no_account"], field="email")
    if ReceiverContact.objects.filter(receiver=receiver, user=person).exists():
        raise SammenError(ERRORS["contact_twice"], field="email", params={"name": person.display_name})
    try:
        with transaction.atomic():
            contact = ReceiverContact.objects.create(receiver=receiver, user=person, added_by=by)
            audit.record(
                action="referrals.contact.added",
                actor=by,
                obj=contact,
                data_subject=person,
                municipality=receiver.municipality_id,
            )
            notify(
                person,
                subject=_("You receive referrals for %(name)s"),
                subject_params={"name": receiver.name},
                template="referrals/email/contact_added.txt",
                context={"receiver": receiver, "link": absolute_url(reverse("referrals:received"))},
            )
    except IntegrityError as error:
        raise SammenError(ERRORS["contact_twice"], field="email", params={"name": person.display_name}) from error
    return contact


def remove_receiver_contact(*, by, contact: ReceiverContact) -> None:
    """The person no longer sees the receiver's referrals."""
    receiver = contact.receiver
    _check_referrer(by, receiver.municipality_id)
    with transaction.atomic():
        deleted, _rows = ReceiverContact.objects.filter(pk=contact.pk).delete()
        if not deleted:
            raise SammenError(ERRORS["not_a_contact"])
        audit.record(
            action="referrals.contact.removed",
            actor=by,
            obj=receiver,
            data_subject=contact.user_id,
            municipality=receiver.municipality_id,
        )


# --- Referring --------------------------------------------------------------------------------------------------


def _consent(consent: dict | None, *, today: datetime.date) -> tuple[str, datetime.date]:
    consent = consent or {}
    if not consent.get("given"):
        raise SammenError(ERRORS["no_consent"], field="consent_given")
    how = consent.get("how") or ""
    if how not in ConsentWay.values:
        raise SammenError(ERRORS["consent_how"], field="consent_how")
    given_on = consent.get("given_on") or today
    if given_on > today:
        raise SammenError(ERRORS["consent_future"], field="consent_given_on")
    return how, given_on


def _citizen_details(details: dict, citizen) -> dict:
    """The citizen's details as the receiver will see them; without an account, the minimum is required."""
    name = _text("name", details.get("name"))
    email = (details.get("email") or "").strip()
    phone_text = (details.get("phone") or "").strip()
    postal_code = (details.get("postal_code") or "").strip()
    needs = _text("needs", details.get("needs"), multi_line=True)
    if len(email) > LIMITS["email"]:
        raise SammenError(ERRORS["too_long"], field="email", params={"limit": LIMITS["email"]})
    check_text({"email": email, "postal_code": postal_code})
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise SammenError(ERRORS["bad_email"], field="email") from None
    phone = ""
    if phone_text:
        try:
            phone = parse_danish_number(phone_text).as_e164
        except SammenError as error:
            error.field = "phone"
            raise
    if postal_code and not (len(postal_code) == 4 and postal_code.isascii() and postal_code.isdigit()):
        raise SammenError(ERRORS["no_postal_code"], field="postal_code")
    if citizen is not None:
        if not citizen.is_active:
            raise SammenError(ERRORS["inactive_citizen"], field="citizen_email")
    else:
        if not name:
            raise SammenError(ERRORS["no_name"], field="name")
        if not (email or phone):
            raise SammenError(ERRORS["no_reach"], field="phone")
        if not postal_code:
            raise SammenError(ERRORS["no_postal_code"], field="postal_code")
    return {"name": name, "email": email, "phone": phone, "postal_code": postal_code, "needs": needs}


def _check_receiver_accepts(receiver: Receiver) -> None:
    if not receiver.accepting:
        raise SammenError(ERRORS["not_accepting"], field="receiver", params={"name": receiver.name})
    refusal = _target_refusal(receiver.target)
    if refusal is not None:
        refusal.field = "receiver"
        raise refusal


def _deadline(received_at: datetime.datetime, receiver: Receiver) -> datetime.date:
    return timezone.localdate(received_at) + datetime.timedelta(days=receiver.follow_up_days)


def find_citizen(email: str):
    """The active account with this login, for a referral of a citizen who has a Sammen profile."""
    email = (email or "").strip()
    if not email or len(email) > LIMITS["email"]:
        return None
    return get_user_model().objects.filter(email__iexact=email, is_active=True).first()


def _create(
    *,
    by,
    receiver: Receiver,
    citizen,
    details: dict,
    consent: tuple[str, datetime.date],
    received_at: datetime.datetime,
    source: str,
    sender: Sender | None = None,
    external_id: str = "",
) -> Referral:
    now = timezone.now()
    referral = Referral.objects.create(
        receiver=receiver,
        municipality_id=receiver.municipality_id,
        citizen=citizen,
        referred_by=by,
        source=source,
        sender=sender,
        external_id=external_id,
        received_at=received_at,
        deadline_on=_deadline(received_at, receiver),
        created_at=now,
        changed_at=now,
        **details,
    )
    ReferralConsent.objects.create(
        referral=referral, given_how=consent[0], given_on=consent[1], recorded_by=by, recorded_at=now
    )
    _event(referral, EventKind.SENT if source == Source.INTERNAL else EventKind.RECEIVED, by=by, at=now)
    if citizen is not None:  # a citizen without an account cannot be asked
        wellbeing.invite(citizen, programme="referrals", municipality=referral.municipality)
    return referral


def refer(*, by, receiver: Receiver, details: dict, consent: dict, citizen=None) -> Referral:
    """Refer a citizen, with their recorded consent, to an accepting receiver. The citizen is told by e-mail or
    SMS what happens next, and the receiver's contacts that a referral waits for them."""
    _check_referrer(by, receiver.municipality_id)
    consent_given = _consent(consent, today=timezone.localdate())
    details = _citizen_details(details, citizen)
    with transaction.atomic():
        receiver = Receiver.objects.select_for_update().get(pk=receiver.pk)
        _check_receiver_accepts(receiver)
        referral = _create(
            by=by,
            receiver=receiver,
            citizen=citizen,
            details=details,
            consent=consent_given,
            received_at=timezone.now(),
            source=Source.INTERNAL,
        )
        _audit("sent", by=by, referral=referral, details={"receiver": receiver.pk})
        _tell_citizen(referral)
        _tell_contacts(referral, "new")
    return referral


def _sender(name: str) -> Sender:
    name = " ".join(_text("sender", name, field="sender_name").split())
    if not name:
        raise SammenError(ERRORS["no_sender"], field="sender_name")
    found = Sender.objects.filter(name__iexact=name).first()
    # get_or_create, not create: two registrations from a new sender at the same moment make one sender.
    return found or Sender.objects.get_or_create(name=name)[0]


def _received_at(received_on: datetime.date | None, external_id: str) -> tuple[datetime.datetime, str]:
    """The checked moment of receipt and the sender's reference."""
    today = timezone.localdate()
    if received_on is None:
        raise SammenError(ERRORS["required"], field="received_on")
    if received_on > today:
        raise SammenError(ERRORS["received_future"], field="received_on")
    if (today - received_on).days > 366:
        raise SammenError(ERRORS["received_too_old"], field="received_on")
    external_id = (external_id or "").strip()
    if len(external_id) > EXTERNAL_ID_LIMIT:
        raise SammenError(ERRORS["too_long"], field="external_id", params={"limit": EXTERNAL_ID_LIMIT})
    check_text({"external_id": external_id})
    # Received on that day: noon in Danish time, so that the local date is that day whatever the clock change.
    received_at = timezone.make_aware(datetime.datetime.combine(received_on, datetime.time(12)))
    return min(received_at, timezone.now()), external_id


def _receive(*, by, sender: Sender, receiver: Receiver, received_at, external_id, details, consent, citizen):
    """Inside the caller's transaction: the external referral, with its audit row and the messages."""
    receiver = Receiver.objects.select_for_update().get(pk=receiver.pk)
    _check_receiver_accepts(receiver)
    referral = _create(
        by=by,
        receiver=receiver,
        citizen=citizen,
        details=details,
        consent=consent,
        received_at=received_at,
        source=Source.EXTERNAL,
        sender=sender,
        external_id=external_id,
    )
    _audit("received", by=by, referral=referral, details={"receiver": receiver.pk, "sender": sender.pk})
    _tell_citizen(referral)
    _tell_contacts(referral, "new")
    return referral


def register_external(
    *,
    by,
    receiver: Receiver,
    sender_name: str,
    received_on: datetime.date,
    external_id: str = "",
    details: dict,
    consent: dict,
    citizen=None,
) -> Referral:
    """Staff enter a referral that arrived from outside (a GP, a hospital): from whom, and the day it was received,
    from which the deadline runs. The same sender's reference is registered only once."""
    _check_referrer(by, receiver.municipality_id)
    received_at, external_id = _received_at(received_on, external_id)
    consent_given = _consent(consent, today=timezone.localdate())
    details = _citizen_details(details, citizen)
    try:
        with transaction.atomic():
            sender = _sender(sender_name)
            if external_id and Referral.objects.filter(sender=sender, external_id=external_id).exists():
                raise SammenError(
                    ERRORS["duplicate"], field="external_id", params={"sender": sender.name, "reference": external_id}
                )
            return _receive(
                by=by,
                sender=sender,
                receiver=receiver,
                received_at=received_at,
                external_id=external_id,
                details=details,
                consent=consent_given,
                citizen=citizen,
            )
    except IntegrityError as error:  # the same reference registered twice at the same moment
        raise SammenError(
            ERRORS["duplicate"], field="external_id", params={"sender": sender_name, "reference": external_id}
        ) from error


# --- The intake for other systems (the API) ---------------------------------------------------------------------

API_KEY_PREFIX = "smn"


def _hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue_api_key(*, by, municipality: Municipality, sender_name: str) -> tuple[ApiKey, str]:
    """A new key for a sending organisation (a general practice's system, a hospital) to post the municipality's
    referrals with. Returns the key itself, which is shown once and never stored."""
    _check_referrer(by, municipality)
    with transaction.atomic():
        sender = _sender(sender_name)
        prefix = secrets.token_hex(6)
        key = f"{API_KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
        api_key = ApiKey.objects.create(
            sender=sender, municipality=municipality, prefix=prefix, key_hash=_hash_key(key), created_by=by
        )
        audit.record(
            action="referrals.api_key.issued",
            actor=by,
            obj=api_key,
            municipality=municipality,
            details={"sender": sender.pk},
        )
    return api_key, key


def revoke_api_key(*, by, api_key: ApiKey) -> ApiKey:
    _check_referrer(by, api_key.municipality_id)
    with transaction.atomic():
        api_key = ApiKey.objects.select_for_update().get(pk=api_key.pk)
        if api_key.revoked_at is None:
            api_key.revoked_at = timezone.now()
            api_key.save(update_fields=["revoked_at"])
            audit.record(
                action="referrals.api_key.revoked", actor=by, obj=api_key, municipality=api_key.municipality_id
            )
    return api_key


def api_key_for(key: str) -> ApiKey | None:
    """The active key a request presents, or None; found by its prefix, its hash compared in constant time."""
    parts = (key or "").split("_", 2)
    if len(parts) != 3 or parts[0] != API_KEY_PREFIX or len(key) > 200:
        return None
    found = ApiKey.objects.select_related("sender", "municipality").filter(prefix=parts[1]).first()
    if found is None or not hmac.compare_digest(found.key_hash, _hash_key(key)) or not found.is_active:
        return None
    now = timezone.now()
    if found.last_used_at is None or now - found.last_used_at > datetime.timedelta(minutes=1):
        ApiKey.objects.filter(pk=found.pk).update(last_used_at=now)
    return found


def receive_from_api(
    *, api_key: ApiKey, receiver_id: int, external_id: str, received_on, details: dict, consent: dict
) -> tuple[Referral, bool]:
    """A referral posted by another system with its key: for a receiver of the key's municipality, once per
    sender's reference. Posting the same reference again returns the referral made the first time (False), so that
    a retried request never makes a second one."""
    external_id = (external_id or "").strip()
    if not external_id:
        raise SammenError(ERRORS["required"], field="reference")
    receiver = Receiver.objects.filter(pk=receiver_id, municipality_id=api_key.municipality_id).first()
    if receiver is None:
        raise SammenError(ERRORS["no_receiver"], field="receiver")
    existing = Referral.objects.filter(sender=api_key.sender_id, external_id=external_id).first()
    if existing is not None:
        return existing, False
    received_at, external_id = _received_at(received_on, external_id)
    consent_given = _consent(consent, today=timezone.localdate())
    details = _citizen_details(details, None)
    try:
        with transaction.atomic():
            referral = _receive(
                by=None,
                sender=api_key.sender,
                receiver=receiver,
                received_at=received_at,
                external_id=external_id,
                details=details,
                consent=consent_given,
                citizen=None,
            )
    except IntegrityError:  # the same request twice at the same moment: the other one made it
        return Referral.objects.get(sender=api_key.sender_id, external_id=external_id), False
    return referral, True


# --- The course -------------------------------------------------------------------------------------------------


def is_contact(user, receiver: Receiver | int) -> bool:
    receiver_id = receiver if isinstance(receiver, int) else receiver.pk
    return bool(
        user.is_authenticated
        and user.is_active
        and ReceiverContact.objects.filter(receiver_id=receiver_id, user=user).exists()
    )


def _locked_for_contact(by, referral: Referral) -> Referral:
    if not is_contact(by, referral.receiver_id):
        raise SammenError(ERRORS["not_receiver"])
    return Referral.objects.select_for_update(of=("self",)).select_related("receiver").get(pk=referral.pk)


def record_first_contact(*, by, referral: Referral, at: datetime.datetime, how: str, notes: str = "") -> Referral:
    """A contact of the receiver records the first call or meeting: not before the referral, not in the future."""
    if not is_contact(by, referral.receiver_id):
        raise SammenError(ERRORS["not_receiver"])
    if how not in ContactWay.values:
        raise SammenError(ERRORS["contact_how"], field="how")
    notes = _text("notes", notes, multi_line=True)
    if at is None:
        raise SammenError(ERRORS["required"], field="day")
    with transaction.atomic():
        referral = _locked_for_contact(by, referral)
        if referral.status != ReferralStatus.SENT:
            raise SammenError(ERRORS["not_sent"], params={"status": referral.get_status_display()})
        if at < referral.received_at.replace(second=0, microsecond=0):
            received = timezone.localtime(referral.received_at)
            raise SammenError(
                ERRORS["contact_before_referral"], field="day", params={"received": f"{received:%d-%m-%Y %H:%M}"}
            )
        if at > timezone.now():
            raise SammenError(ERRORS["contact_future"], field="day")
        referral.status = ReferralStatus.CONTACTED
        referral.first_contact_at = at
        referral.first_contact_how = how
        if notes:
            referral.outcome_notes = notes
        referral.changed_at = timezone.now()
        referral.save(update_fields=["status", "first_contact_at", "first_contact_how", "outcome_notes", "changed_at"])
        _event(referral, EventKind.CONTACTED, by=by, at=at)
        _audit("contacted", by=by, referral=referral, details={"how": how})
    return referral


ADVANCES = {
    ReferralStatus.STARTED: ReferralStatus.CONTACTED,
    ReferralStatus.COMPLETED: ReferralStatus.STARTED,
}


def advance(*, by, referral: Referral, to: str, notes: str = "") -> Referral:
    """The citizen started (after the first contact) or completed (after starting)."""
    notes = _text("notes", notes, multi_line=True)
    with transaction.atomic():
        referral = _locked_for_contact(by, referral)
        if ADVANCES.get(to) is None or referral.status != ADVANCES[to]:
            raise SammenError(
                ERRORS["cannot_advance"],
                params={
                    "status": referral.get_status_display(),
                    "to": ReferralStatus(to).label if to in ReferralStatus.values else to,
                },
            )
        referral.status = to
        if notes:
            referral.outcome_notes = notes
        referral.changed_at = timezone.now()
        referral.save(update_fields=["status", "outcome_notes", "changed_at"])
        _event(referral, to, by=by)
        _audit(to, by=by, referral=referral)
    return referral


def _end(*, by, referral: Referral, to: str, allowed, refusal: str, reason: str, reason_text: str) -> Referral:
    if reason not in EndReason.values:
        raise SammenError(ERRORS["no_reason"], field="reason")
    reason_text = _text("reason_text", reason_text)
    if reason == EndReason.OTHER and not reason_text:
        raise SammenError(ERRORS["other_needs_text"], field="reason_text")
    with transaction.atomic():
        referral = _locked_for_contact(by, referral)
        if referral.status not in allowed:
            raise SammenError(ERRORS[refusal], params={"status": referral.get_status_display()})
        referral.status = to
        referral.end_reason = reason
        referral.end_reason_text = reason_text
        referral.changed_at = timezone.now()
        referral.save(update_fields=["status", "end_reason", "end_reason_text", "changed_at"])
        _event(referral, to, by=by)
        _audit(to, by=by, referral=referral, details={"reason": reason})
    return referral


def decline(*, by, referral: Referral, reason: str, reason_text: str = "") -> Referral:
    """The citizen says no before starting, with a reason from the national list."""
    return _end(
        by=by,
        referral=referral,
        to=ReferralStatus.DECLINED,
        allowed=(ReferralStatus.SENT, ReferralStatus.CONTACTED),
        refusal="cannot_decline",
        reason=reason,
        reason_text=reason_text,
    )


def drop_out(*, by, referral: Referral, reason: str, reason_text: str = "") -> Referral:
    """The citizen stops after starting, with a reason from the national list."""
    return _end(
        by=by,
        referral=referral,
        to=ReferralStatus.DROPPED_OUT,
        allowed=(ReferralStatus.STARTED,),
        refusal="cannot_drop_out",
        reason=reason,
        reason_text=reason_text,
    )


def withdraw_consent(*, citizen, referral: Referral) -> Referral:
    """The citizen withdraws their consent from their own page: an open referral is closed, and the details shared
    with the receiver (name, contact details, what the receiver needed to know, the notes) are removed."""
    if referral.citizen_id is None or referral.citizen_id != getattr(citizen, "pk", None):
        raise SammenError(ERRORS["not_yours"])
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        if referral.withdrawn_at is not None:
            raise SammenError(ERRORS["already_withdrawn"])
        _withdraw(referral, by=citizen)
        _audit("consent_withdrawn", by=citizen, referral=referral)
    return referral


def _withdraw(referral: Referral, *, by) -> None:
    """Close an open referral and remove the details shared with the receiver (name, contact details, what the
    receiver needed to know, the notes). Inside the caller's transaction, with the referral locked."""
    now = timezone.now()
    if referral.status in OPEN_STATUSES:
        referral.status = ReferralStatus.WITHDRAWN
    referral.withdrawn_at = now
    referral.name = referral.phone = referral.email = referral.postal_code = ""
    referral.needs = referral.outcome_notes = referral.end_reason_text = ""
    referral.changed_at = now
    referral.save()
    ReferralConsent.objects.filter(referral=referral).update(withdrawn_at=now)
    _event(referral, EventKind.WITHDRAWN, by=by, at=now)


def forget_citizen(citizen_id: int) -> int:
    """A citizen's account is deleted: each of their referrals is treated as withdrawn, so that nothing they shared
    stays behind once the account is gone (the referral keeps its course, for the figures). Returns how many."""
    with transaction.atomic():
        referrals = list(Referral.objects.select_for_update().filter(citizen_id=citizen_id, withdrawn_at__isnull=True))
        for referral in referrals:
            _withdraw(referral, by=None)
            _audit("forgotten", by=None, referral=referral)
    return len(referrals)


# --- Deadlines --------------------------------------------------------------------------------------------------


def warn_deadlines(now: datetime.datetime | None = None) -> dict:
    """Remind the receiver's contacts two days before the deadline of a referral without a first contact, and tell
    the referrer once the deadline has passed. Each warning is sent once (recorded on the referral), so the job may
    run as often as it likes."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = {"receivers": 0, "referrers": 0}
    due_soon = Referral.objects.filter(
        status=ReferralStatus.SENT,
        receiver_warned_at__isnull=True,
        deadline_on__gte=today,
        deadline_on__lte=today + datetime.timedelta(days=WARN_DAYS_BEFORE),
    )
    for referral_id in due_soon.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            # The conditional update claims the warning: a second run (or a second worker) finds it taken.
            if not Referral.objects.filter(pk=referral_id, receiver_warned_at__isnull=True).update(
                receiver_warned_at=now
            ):
                continue
            referral = Referral.objects.select_related("receiver").get(pk=referral_id)
            _event(referral, EventKind.RECEIVER_WARNED, at=now)
            _audit("receiver_warned", by=None, referral=referral)
            _tell_contacts(referral, "deadline")
            sent["receivers"] += 1
    overdue = Referral.objects.filter(
        status=ReferralStatus.SENT, referrer_warned_at__isnull=True, deadline_on__lt=today
    )
    for referral_id in overdue.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            if not Referral.objects.filter(pk=referral_id, referrer_warned_at__isnull=True).update(
                referrer_warned_at=now
            ):
                continue
            referral = Referral.objects.select_related("receiver", "referred_by", "municipality").get(pk=referral_id)
            _event(referral, EventKind.REFERRER_WARNED, at=now)
            _audit("referrer_warned", by=None, referral=referral)
            _tell_referrers(referral)
            sent["referrers"] += 1
    return sent


def purge_closed_referrals(now: datetime.datetime | None = None) -> int:
    """Delete the referrals closed more than ``SAMMEN_REFERRAL_RETENTION_DAYS`` ago, with their consent and course
    (the access log keeps only their ids, for its own retention). Open referrals are kept however old."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.SAMMEN_REFERRAL_RETENTION_DAYS)
    expired = Referral.objects.exclude(status__in=OPEN_STATUSES).filter(changed_at__lt=cutoff)
    return audit.delete_past_retention(expired, action="referrals.referral.purged")


# --- Messages ---------------------------------------------------------------------------------------------------

SUBJECTS = {
    "citizen": _("You have been referred to %(name)s"),
    "new": _("A new referral for %(name)s"),
    "deadline": _("Remember: a referral for %(name)s must be followed up by %(day)s"),
    "overdue": _("A referral to %(name)s has passed its deadline"),
}


def _tell_citizen(referral: Referral) -> None:
    """What happens next, in a letter-style e-mail or an SMS: who will contact them, by when, and that they may
    say no. No health details go into the message."""
    receiver = referral.receiver
    context = {
        "referral": referral,
        "receiver": receiver,
        "deadline": referral.deadline_on,
        "municipality": receiver.municipality,
        "link": absolute_url(reverse("referrals:mine")) if referral.citizen_id else "",
    }
    params = {"name": receiver.name}
    if referral.citizen_id:
        notify(
            referral.citizen,
            subject=SUBJECTS["citizen"],
            subject_params=params,
            template="referrals/email/citizen_referred.txt",
            sms_template="referrals/sms/citizen_referred.txt",
            channels=(Channel.EMAIL, Channel.SMS),
            context=context,
        )
    elif referral.email:
        notify_address(
            referral.email,
            subject=SUBJECTS["citizen"],
            subject_params=params,
            template="referrals/email/citizen_referred.txt",
            language=settings.LANGUAGE_CODE,
            context=context,
        )
    elif referral.phone:
        notify_address(
            referral.phone,
            template="referrals/sms/citizen_referred.txt",
            language=settings.LANGUAGE_CODE,
            context=context,
            channel=Channel.SMS,
        )


def _tell_contacts(referral: Referral, kind: str) -> None:
    """The receiver's contacts get a link, never the citizen's details: those are behind their login."""
    receiver = referral.receiver
    link = absolute_url(reverse("referrals:received_detail", args=[referral.pk]))
    contacts = ReceiverContact.objects.filter(receiver=receiver).select_related("user")
    for contact in contacts:
        notify(
            contact.user,
            subject=SUBJECTS[kind],
            subject_params={"name": receiver.name, "day": f"{referral.deadline_on:%d-%m-%Y}"},
            template=f"referrals/email/receiver_{kind}.txt",
            context={"referral": referral, "receiver": receiver, "link": link},
        )


def _tell_referrers(referral: Referral) -> None:
    """The referrer (or, for a referral registered by someone who no longer refers, the municipality's
    referrers) is told that the deadline passed without a recorded first contact."""
    people = []
    person = referral.referred_by
    if person is not None and has_permission(person, Permission.REFER_CITIZENS, referral.municipality_id):
        people = [person]
    else:
        people = list(staff_with_permission(Permission.REFER_CITIZENS, referral.municipality_id))
    link = absolute_url(reverse("referrals:staff_detail", args=[referral.municipality.code, referral.pk]))
    for person in people:
        notify(
            person,
            subject=SUBJECTS["overdue"],
            subject_params={"name": referral.receiver.name},
            template="referrals/email/referrer_overdue.txt",
            context={"referral": referral, "receiver": referral.receiver, "link": link},
        )
