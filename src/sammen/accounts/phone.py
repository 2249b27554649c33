"""A person's phone number: given for phone talks, and confirmed with a one-time code sent by SMS before Sammen
sends text messages to it.

A Danish number cannot tell a mobile from a landline (``phonenumbers`` calls almost every Danish number "fixed
line or mobile"), so a number is only trusted to receive text messages after the person has written back the
code sent to it. Only an HMAC of the code is stored; a code lasts ``CODE_VALID_MINUTES``, allows ``MAX_TRIES``
tries, and a person can ask for at most ``MAX_CODES_PER_HOUR`` codes an hour (each one is an SMS to a number they
typed, which could be someone else's).
"""

import datetime
import re
import secrets

import phonenumbers
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _
from phonenumber_field.phonenumber import PhoneNumber

from sammen.accounts.models import PhoneConfirmation, User
from sammen.audit import services as audit
from sammen.core.errors import SammenError
from sammen.core.locking import locked
from sammen.core.text_policy import check_text
from sammen.notifications.models import Channel
from sammen.notifications.services import notify_address

ERRORS = {
    "invalid": _("Write a Danish phone number with eight digits, for example 20 30 40 50."),
    "foreign": _("Sammen can only use Danish phone numbers: +45 and eight digits."),
    "service_number": _(
        "This is a free-call or paid service number, which cannot receive calls from a volunteer or text messages. "
        "Write your own phone number."
    ),
    "already_confirmed": _("This number is already confirmed."),
    "too_many_codes": _("You have asked for %(count)s codes within an hour. Wait a little, then ask for a new code."),
    "no_code": _("Ask for a code first."),
    "code_format": _("Write the 6 digits from the text message."),
    "expired": _("The code has expired: a code is valid for %(minutes)s minutes. Ask for a new code."),
    "wrong_code": _("The code is not right. Tries left: %(left)s."),
    "too_many_tries": _("The code was wrong too many times. Ask for a new code."),
    "not_confirmed": _("Confirm your number with a code before you turn on text messages."),
}

CODE_DIGITS = 6
CODE_VALID_MINUTES = 10
MAX_TRIES = 5
MAX_CODES_PER_HOUR = 3
# Longer than any way of writing a Danish number ("+45 20 30 40 50", "0045-2030-4050"): anything longer is not one,
# and is refused before it reaches the parser.
MAX_INPUT_LENGTH = 30
# Digits (any script: NFKC-equivalent digits are read as 0–9), spaces and the usual separators; no letters, which
# the parser would otherwise read as a phone keypad's (2 = ABC …).
_NUMBER_CHARACTERS = re.compile(r"[\d\s+().\-/]+")
# Numbers that reach a service, not a person.
_SERVICE_TYPES = frozenset(
    {
        phonenumbers.PhoneNumberType.TOLL_FREE,
        phonenumbers.PhoneNumberType.PREMIUM_RATE,
        phonenumbers.PhoneNumberType.SHARED_COST,
        phonenumbers.PhoneNumberType.UAN,
        phonenumbers.PhoneNumberType.VOICEMAIL,
        phonenumbers.PhoneNumberType.PAGER,
    }
)


class PhoneRefused(SammenError):
    """A refusal that belongs next to one field of the phone forms (``field``)."""

    def __init__(self, message, *, field: str = "phone_number", params: dict | None = None):
        self.field = field
        super().__init__(message, params=params)


def parse_danish_number(text: str) -> PhoneNumber:
    """The Danish phone number in ``text``, or a PhoneRefused saying what is wrong with it."""
    text = (text or "").strip()
    if len(text) > MAX_INPUT_LENGTH:
        raise PhoneRefused(ERRORS["invalid"])
    check_text({"phone_number": text})  # a CPR number or a control character gets the text policy's own words
    if not _NUMBER_CHARACTERS.fullmatch(text):
        raise PhoneRefused(ERRORS["invalid"])
    try:
        number = PhoneNumber.from_string(text, region="DK")
    except phonenumbers.NumberParseException as error:
        raise PhoneRefused(ERRORS["invalid"]) from error
    if number.country_code != 45:
        raise PhoneRefused(ERRORS["foreign"])
    if number.extension or not number.is_valid():
        raise PhoneRefused(ERRORS["invalid"])
    if phonenumbers.number_type(number) in _SERVICE_TYPES:
        raise PhoneRefused(ERRORS["service_number"])
    return PhoneNumber.from_string(number.as_e164)  # without the raw input the person typed


def _e164(number) -> str:
    return number.as_e164 if number else ""


def _code_hash(user: User, number: PhoneNumber, code: str) -> str:
    # Keyed with the SECRET_KEY: the stored hash of a six-digit code cannot be reversed by trying all million codes.
    return salted_hmac(
        "sammen.accounts.phone.code", f"{user.pk}:{number.as_e164}:{code}", algorithm="sha256"
    ).hexdigest()


def _void_open_codes(user: User, now: datetime.datetime) -> None:
    """A code sent to an earlier number must not confirm it after the person changed their mind. The rows stay,
    so that they still count towards the hourly limit."""
    PhoneConfirmation.objects.filter(user=user, confirmed_at__isnull=True, expires_at__gt=now).update(expires_at=now)


def latest_request(user: User) -> PhoneConfirmation | None:
    """The newest code the person asked for, if it has not been used."""
    newest = PhoneConfirmation.objects.filter(user=user).order_by("-created_at", "-id").first()
    return newest if newest is not None and newest.confirmed_at is None else None


def pending_confirmation(user: User, *, now: datetime.datetime | None = None) -> PhoneConfirmation | None:
    """The code the person can still write back: the newest, unused, not expired, with tries left."""
    newest = latest_request(user)
    now = now or timezone.now()
    if newest is None or newest.expires_at <= now or newest.attempts >= MAX_TRIES:
        return None
    return newest


def change_phone_number(
    *, user: User, number: str, wants_sms: bool, now: datetime.datetime | None = None
) -> PhoneConfirmation | None:
    """Save the number the person typed, as they want it used.

    Without SMS, the number is saved at once (a volunteer can call it) and text messages are off. With SMS, the
    confirmed number turns text messages back on; any other number gets a code by SMS and is saved only when the
    code is written back (``confirm_code``), the old number staying until then. Returns the code's row when a code
    was sent.
    """
    parsed = parse_danish_number(number)
    now = now or timezone.now()
    same_as_confirmed = user.phone_confirmed_at is not None and _e164(user.phone_number) == parsed.as_e164
    if not wants_sms:
        with transaction.atomic():
            changed = _e164(user.phone_number) != parsed.as_e164
            user.phone_number = parsed
            if changed:
                user.phone_confirmed_at = None
            user.sms_enabled = False
            user.save(update_fields=["phone_number", "phone_confirmed_at", "sms_enabled"])
            _void_open_codes(user, now)
            audit.record(
                action="accounts.phone_number.saved", actor=user, data_subject=user, obj=user, details={"sms": False}
            )
        return None
    if same_as_confirmed:
        set_sms_enabled(user=user, enabled=True)
        return None
    return _send_code(user=user, number=parsed, now=now)


def send_new_code(*, user: User, now: datetime.datetime | None = None) -> PhoneConfirmation:
    """Another code to the number of the newest request (the text message did not come, or the code expired)."""
    newest = latest_request(user)
    if newest is None:
        raise PhoneRefused(ERRORS["no_code"], field="code")
    return _send_code(user=user, number=newest.phone_number, now=now or timezone.now())


def _send_code(*, user: User, number: PhoneNumber, now: datetime.datetime) -> PhoneConfirmation:
    with transaction.atomic(), locked(User, [user.pk]):
        recent = PhoneConfirmation.objects.filter(user=user, created_at__gt=now - datetime.timedelta(hours=1)).count()
        if recent >= MAX_CODES_PER_HOUR:
            raise PhoneRefused(ERRORS["too_many_codes"], params={"count": recent})
        _void_open_codes(user, now)
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        confirmation = PhoneConfirmation.objects.create(
            user=user,
            phone_number=number,
            code_hash=_code_hash(user, number, code),
            created_at=now,
            expires_at=now + datetime.timedelta(minutes=CODE_VALID_MINUTES),
        )
        notify_address(
            number.as_e164,
            channel=Channel.SMS,
            template="accounts/sms/phone_code.txt",
            language=user.language,
            context={"code": code, "minutes": CODE_VALID_MINUTES},
        )
    return confirmation


def confirm_code(*, user: User, code: str, now: datetime.datetime | None = None) -> User:
    """The code written back: the right one saves the number as confirmed and turns text messages on."""
    now = now or timezone.now()
    code = re.sub(r"\s", "", code or "")
    if not re.fullmatch(rf"[0-9]{{{CODE_DIGITS}}}", code):
        raise PhoneRefused(ERRORS["code_format"], field="code")
    confirmation = latest_request(user)
    if confirmation is None:
        raise PhoneRefused(ERRORS["no_code"], field="code")
    if confirmation.expires_at <= now:
        raise PhoneRefused(ERRORS["expired"], field="code", params={"minutes": CODE_VALID_MINUTES})
    with transaction.atomic():
        # Count the try before comparing, in one conditional update: two tries at the same moment cannot both be
        # the fifth.
        counted = PhoneConfirmation.objects.filter(
            pk=confirmation.pk, confirmed_at__isnull=True, attempts__lt=MAX_TRIES
        ).update(attempts=F("attempts") + 1)
        if counted and constant_time_compare(confirmation.code_hash, _code_hash(user, confirmation.phone_number, code)):
            user.phone_number = confirmation.phone_number
            user.phone_confirmed_at = now
            user.sms_enabled = True
            user.save(update_fields=["phone_number", "phone_confirmed_at", "sms_enabled"])
            PhoneConfirmation.objects.filter(pk=confirmation.pk).update(confirmed_at=now)
            audit.record(action="accounts.phone_number.confirmed", actor=user, data_subject=user, obj=user)
            return user
    # The counted try is committed before the refusal.
    left = MAX_TRIES - confirmation.attempts - 1
    if not counted or left <= 0:
        raise PhoneRefused(ERRORS["too_many_tries"], field="code")
    raise PhoneRefused(ERRORS["wrong_code"], field="code", params={"left": left})


def set_sms_enabled(*, user: User, enabled: bool) -> User:
    """Turn text messages off, or on again for the confirmed number (no new code while the number is the same)."""
    if enabled and not (user.phone_number and user.phone_confirmed_at):
        raise PhoneRefused(ERRORS["not_confirmed"])
    with transaction.atomic():
        user.sms_enabled = enabled
        user.save(update_fields=["sms_enabled"])
        audit.record(
            action="accounts.sms.turned_on" if enabled else "accounts.sms.turned_off",
            actor=user,
            data_subject=user,
            obj=user,
        )
    return user


def remove_phone_number(*, user: User, now: datetime.datetime | None = None) -> User:
    with transaction.atomic():
        user.phone_number = ""
        user.phone_confirmed_at = None
        user.sms_enabled = False
        user.save(update_fields=["phone_number", "phone_confirmed_at", "sms_enabled"])
        _void_open_codes(user, now or timezone.now())
        audit.record(action="accounts.phone_number.removed", actor=user, data_subject=user, obj=user)
    return user


def purge_old_codes(*, now: datetime.datetime | None = None) -> int:
    """Delete code requests older than a day: they hold a phone number, and the hourly limit needs only the last
    hour. Run nightly by Celery beat."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=1)
    deleted, _per_model = PhoneConfirmation.objects.filter(created_at__lt=cutoff).delete()
    return deleted
