"""Account use cases: completing a sign-up, editing a profile, language and easy-read choices."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.accounts.models import Consent, ConsentKind, User
from sammen.audit import services as audit
from sammen.core.images import clean_picture
from sammen.core.text_policy import check_text

ERRORS = {
    "too_young": _("You must be at least %(age)s years old to use Sammen."),
    "born_in_future": _("The date of birth cannot be in the future."),
}

AVATAR_SIZE = (512, 512)


def validate_date_of_birth(born: datetime.date, *, today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    if born > today:
        raise ValidationError(ERRORS["born_in_future"], code="born_in_future")
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    if age < settings.SAMMEN_MINIMUM_AGE:
        raise ValidationError(ERRORS["too_young"], code="too_young", params={"age": settings.SAMMEN_MINIMUM_AGE})


def clean_avatar(upload) -> ContentFile:
    """Check that an upload is a real picture of a sane size and re-encode it, dropping all metadata (EXIF/GPS)."""
    return clean_picture(upload, max_bytes=settings.SAMMEN_AVATAR_MAX_BYTES, size=AVATAR_SIZE, name="avatar.jpg")


def check_display_name(display_name: str) -> None:
    """The name others see on every page: one line, and within the text policy (no CPR number as a name)."""
    check_text({"display_name": display_name})


def record_consents(*, user: User, kinds: list[str] | None = None) -> None:
    versions = {ConsentKind.TERMS: settings.SAMMEN_TERMS_VERSION, ConsentKind.PRIVACY: settings.SAMMEN_PRIVACY_VERSION}
    for kind in kinds or list(versions):
        Consent.objects.get_or_create(user=user, kind=kind, version=versions[kind])


@transaction.atomic
def complete_signup(*, user: User, display_name: str, date_of_birth, municipality, postal_code: str, language: str):
    """Fill in the profile allauth's sign-up created, and store the consents given on the sign-up page."""
    check_display_name(display_name)
    validate_date_of_birth(date_of_birth)
    user.display_name = display_name
    user.date_of_birth = date_of_birth
    user.municipality = municipality
    user.postal_code = postal_code
    user.language = language
    user.save()
    record_consents(user=user)
    audit.record(action="accounts.user.signed_up", actor=user, data_subject=user, obj=user, municipality=municipality)


@transaction.atomic
def update_profile(*, user: User, changes: dict, interests=None, new_avatar=None, remove_avatar: bool = False) -> User:
    """Save a profile edit. ``new_avatar`` must already have passed ``clean_avatar``."""
    if "display_name" in changes:
        check_display_name(changes["display_name"])
    for field, value in changes.items():
        setattr(user, field, value)
    if remove_avatar and user.avatar:
        user.avatar.delete(save=False)
    if new_avatar is not None:
        if user.avatar:
            user.avatar.delete(save=False)
        user.avatar.save("avatar.jpg", new_avatar, save=False)
    user.save()
    if interests is not None:
        user.interests.set(interests)
    audit.record(
        action="accounts.profile.changed",
        actor=user,
        data_subject=user,
        obj=user,
        details={"fields": sorted(set(changes) | ({"interests"} if interests is not None else set()))},
    )
    return user


def available_languages() -> list[tuple[str, str]]:
    return list(settings.LANGUAGES)


def set_language(*, user: User, language: str) -> None:
    user.language = language
    user.save(update_fields=["language"])


def set_easy_read(*, user: User, enabled: bool) -> None:
    user.easy_read = enabled
    user.save(update_fields=["easy_read"])
