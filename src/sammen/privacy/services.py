"""The citizen's own data: deleting an account, by the person or by the retention of inactive accounts, and the
daily retention job. The caller checks who may act: the views let a person delete only their own account."""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, ProtectedError
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.access.permissions import is_staff_member
from sammen.audit import services as audit
from sammen.core import personal_data
from sammen.core.errors import SammenError
from sammen.core.links import absolute_url
from sammen.notifications.services import notify, notify_address
from sammen.privacy.models import InactivityWarning

logger = logging.getLogger(__name__)

CONFIRMATION_WORD = "SLET"

ERRORS = {
    # Staff accounts carry the municipality's work (decisions, consents recorded, the access log's "who"), and a
    # staff member's account is the municipality's to close: they ask an administrator to remove their roles.
    "staff": _(
        "You hold a staff role on Sammen, so your account cannot be deleted here. Ask your municipality's Sammen "
        "administrator to remove your roles first; then you can delete your account yourself."
    ),
    "protected": _(
        "Your account cannot be deleted right now, because something on Sammen that others use depends on it. "
        "Write to your municipality, and they will help you. Nothing has been deleted."
    ),
    "wrong_password": _("The password is not right. Your account has not been deleted."),
    "wrong_word": _("Type %(word)s in capital letters to confirm. Your account has not been deleted."),
}


def refusals(user) -> list[str]:
    """Why the account cannot be deleted by the person now (empty when it can), in words they can act on."""
    reasons = []
    if user.is_staff or user.is_superuser or is_staff_member(user):
        reasons.append(str(ERRORS["staff"]))
    for section in personal_data.sections():
        if section.refusal is not None and (reason := section.refusal(user)):
            reasons.append(str(reason))
    return reasons


def check_confirmation(*, user, password: str = "", word: str = "") -> None:
    """The person confirms with their password, or — for an account without one (a login through MitID or another
    identity provider) — by typing the confirmation word."""
    if user.has_usable_password():
        if not user.check_password(password):
            raise SammenError(ERRORS["wrong_password"], field="password")
    elif word.strip() != CONFIRMATION_WORD:
        raise SammenError(ERRORS["wrong_word"], params={"word": CONFIRMATION_WORD}, field="word")


def delete_account(*, user, inactive: bool = False) -> None:
    """Delete the account and what hangs on it, in one transaction: each registered section's ``erase`` first, then
    the account row (the foreign keys' CASCADE and SET_NULL do the rest: bubbles and sign-ups go, conversations
    stay with the other party with a null sender). The e-mail that confirms it goes to the address the account had,
    through the outbox, in the same transaction; the access log's rows stay (they hold ids, not foreign keys)."""
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        reasons = refusals(user)
        if reasons:
            raise SammenError(reasons[0])
        address, language, name, user_id = user.email, user.language, user.display_name, user.pk
        avatar_name, avatar_storage = user.avatar.name, user.avatar.storage
        for section in personal_data.sections():
            if section.erase is not None:
                section.erase(user)
        audit.record(
            action="privacy.account.deleted",
            actor=None if inactive else user,
            data_subject=user_id,
            details={"why": "inactive" if inactive else "own_request"},
        )
        notify_address(
            address,
            template="privacy/email/account_deleted.txt",
            language=language,
            subject=_("Your account on Sammen has been deleted"),
            context={
                "name": name,
                "inactive": inactive,
                "audit_days": settings.SAMMEN_AUDIT_RETENTION_DAYS,
                "inactive_days": settings.SAMMEN_INACTIVE_ACCOUNT_DAYS,
                "grace_days": settings.SAMMEN_INACTIVE_ACCOUNT_GRACE_DAYS,
            },
        )
        try:
            user.delete()
        except ProtectedError as error:
            logger.warning("Account %s could not be deleted: %s", user_id, error.protected_objects)
            raise SammenError(ERRORS["protected"]) from error
        if avatar_name:
            transaction.on_commit(lambda: avatar_storage.delete(avatar_name))


# --- Retention ----------------------------------------------------------------------------------------------------


def _inactive_people(cutoff: datetime.datetime):
    """Active citizens whose last login (or sign-up, if they never logged in) is before ``cutoff``. Staff are not
    among them: their accounts are the municipality's to close."""
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=False, is_superuser=False, staff_memberships__isnull=True)
        .annotate(last_seen=Coalesce("last_login", "date_joined"))
        .filter(last_seen__lt=cutoff)
    )


def warn_inactive_accounts(now: datetime.datetime | None = None) -> int:
    """Tell each account inactive for ``SAMMEN_INACTIVE_ACCOUNT_DAYS`` that it will be deleted in
    ``SAMMEN_INACTIVE_ACCOUNT_GRACE_DAYS`` unless they log in. Warnings whose account has logged in since are
    removed first, so the clock starts again. Idempotent: one warning row per account. Returns how many warned."""
    now = now or timezone.now()
    InactivityWarning.objects.filter(user__last_login__gt=F("warned_at")).delete()
    cutoff = now - datetime.timedelta(days=settings.SAMMEN_INACTIVE_ACCOUNT_DAYS)
    deleted_on = timezone.localdate(now + datetime.timedelta(days=settings.SAMMEN_INACTIVE_ACCOUNT_GRACE_DAYS))
    warned = 0
    candidates = _inactive_people(cutoff).exclude(pk__in=InactivityWarning.objects.values("user_id"))
    for person in candidates.iterator():
        with transaction.atomic():
            __, created = InactivityWarning.objects.get_or_create(user=person, defaults={"warned_at": now})
            if not created:
                continue
            notify(
                person,
                subject=_("Your account on Sammen will be deleted on %(day)s"),
                subject_params={"day": deleted_on.strftime("%d.%m.%Y")},
                template="privacy/email/inactive_warning.txt",
                context={
                    "deleted_on": deleted_on,
                    "inactive_days": settings.SAMMEN_INACTIVE_ACCOUNT_DAYS,
                    "login_link": absolute_url(reverse("account_login")),
                },
            )
            warned += 1
    return warned


def delete_inactive_accounts(now: datetime.datetime | None = None) -> int:
    """Delete the accounts warned ``SAMMEN_INACTIVE_ACCOUNT_GRACE_DAYS`` ago that have not logged in since, each in
    its own transaction. An account that cannot be deleted (others depend on it) is kept and logged. Idempotent."""
    now = now or timezone.now()
    due = now - datetime.timedelta(days=settings.SAMMEN_INACTIVE_ACCOUNT_GRACE_DAYS)
    warnings = (
        InactivityWarning.objects.filter(warned_at__lte=due)
        .exclude(user__last_login__gt=F("warned_at"))
        .select_related("user")
    )
    deleted = 0
    for warning in list(warnings):
        try:
            delete_account(user=warning.user, inactive=True)
        except SammenError as error:
            logger.info("Inactive account %s kept: %s", warning.user_id, error)
        else:
            deleted += 1
    return deleted


def run_retention(now: datetime.datetime | None = None) -> dict:
    """The daily job: warn and delete inactive accounts, and run each registered section's purge. Idempotent."""
    now = now or timezone.now()
    result = {"warned": warn_inactive_accounts(now), "deleted": delete_inactive_accounts(now)}
    for section in personal_data.sections():
        if section.purge is not None:
            result[section.key] = section.purge(now)
    return result
