"""Association and municipal unit use cases: register and edit an association, invite and accept representatives,
step down; staff verify and hide associations and manage their municipality's units."""

import datetime
import hashlib
import secrets

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.access.eligibility import check_may_contribute
from sammen.access.organisers import may_act_for
from sammen.access.permissions import Permission, check_permission
from sammen.associations.models import Association, Invitation, Representative
from sammen.associations.validators import normalise_cvr, validate_cvr
from sammen.audit import services as audit
from sammen.core.errors import SammenError
from sammen.core.links import absolute_url
from sammen.core.text import danish_slugify
from sammen.core.text_policy import check_text
from sammen.municipalities.models import Municipality
from sammen.notifications.services import notify_address
from sammen.search import services as search

ERRORS = {
    "cvr_taken": _(
        "An association with CVR number %(cvr)s is already on Sammen: %(name)s. "
        "Ask its representatives to invite you instead of registering it again."
    ),
    "place_not_participating": _(
        "%(municipality)s Municipality does not take part in Sammen at the moment, so associations cannot be "
        "registered there."
    ),
    "not_representative": _("Only the association's representatives can do that."),
    "already_representative": _("The person with the e-mail address %(email)s is already a representative."),
    "too_many_invitations": _("The association has sent %(limit)s invitations today. Try again tomorrow."),
    "invitation_unknown": _("The invitation link is not valid. Check that you copied the whole link."),
    "invitation_expired": _("The invitation has expired. Ask the association to send you a new one."),
    "invitation_used": _("The invitation has already been used. Ask the association to send you a new one."),
    "invitation_unconfirmed": _("Confirm your e-mail address %(email)s first. Then open the invitation again."),
    "invitation_other_email": _(
        "The invitation was sent to another e-mail address than the one you are logged in with. Log in with the "
        "address the invitation was sent to, or ask the association to invite your own address."
    ),
    "taken_down": _("The association's profile has been taken down by the municipality."),
    "last_representative": _(
        "You are the only representative, so you cannot step down. Invite someone to take over first."
    ),
    "not_staff": _("Only the municipality's coordinators and administrators can do that."),
    "already_verified": _("The association is already verified."),
    "not_verified": _("The association is not verified."),
    "already_hidden": _("The association's profile is already taken down."),
    "not_hidden": _("The association's profile is already visible."),
}

INVITATION_LIFETIME = datetime.timedelta(days=14)
INVITATIONS_PER_DAY = 20
# Paths under /foreninger/ that are pages, not associations.
RESERVED_SLUGS = frozenset({"ny", "mine", "invitation"})
ASSOCIATION_FIELDS = ("name", "cvr", "description", "municipality", "contact_email", "contact_phone", "website")
# A change of any of these removes the verified mark.
IDENTITY_FIELDS = ("name", "cvr", "municipality")
# What is typed and shown on the public profile, checked by the text policy (the CVR number is only digits).
ASSOCIATION_TEXT_FIELDS = ("name", "description", "contact_email", "contact_phone", "website")


# --- Associations ------------------------------------------------------------------------------------------


def check_cvr(value: str, *, exclude: Association | None = None) -> str:
    """The CVR number as stored (digits only, "" for none); raises SammenError when invalid or already used."""
    cvr = normalise_cvr(value)
    if not cvr:
        return ""
    try:
        validate_cvr(cvr)
    except ValidationError as error:
        raise SammenError(error.message, params=error.params) from error
    taken = Association.objects.filter(cvr=cvr)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    existing = taken.only("name").first()
    if existing is not None:
        raise SammenError(ERRORS["cvr_taken"], params={"cvr": cvr, "name": existing.name})
    return cvr


def _check_text(fields: dict, names: tuple[str, ...]) -> None:
    """The text policy for the typed fields among ``fields``; only the description has more than one line."""
    check_text({name: fields[name] for name in names if name in fields}, multi_line={"description"})


def _check_place(municipality: Municipality) -> None:
    if not municipality.participates_on():
        raise SammenError(ERRORS["place_not_participating"], params={"municipality": municipality.name})


def _unique_slug(name: str, *, attempt: int = 0) -> str:
    base = danish_slugify(name)[:120].strip("-") or "forening"
    taken = set(Association.objects.filter(slug__startswith=base).values_list("slug", flat=True)) | RESERVED_SLUGS
    number = 1 + attempt
    slug = base if number == 1 else f"{base}-{number}"
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def register_association(*, by, fields: dict, categories=(), logo=None) -> Association:
    """A citizen registers an association and becomes its first representative.

    ``fields`` holds ASSOCIATION_FIELDS; ``logo`` must already have passed ``core.images.clean_picture``.
    """
    check_may_contribute(by)
    _check_text(fields, ASSOCIATION_TEXT_FIELDS)
    _check_place(fields["municipality"])
    fields = {**fields, "cvr": check_cvr(fields.get("cvr", ""))}
    for attempt in range(3):
        try:
            with transaction.atomic():
                association = Association(slug=_unique_slug(fields["name"], attempt=attempt), **fields)
                if logo is not None:
                    association.logo.save("logo.jpg", logo, save=False)
                association.save()
                association.categories.set(categories)
                Representative.objects.create(association=association, user=by)
                search.index_object(association)
                audit.record(
                    action="associations.association.registered",
                    actor=by,
                    obj=association,
                    municipality=association.municipality_id,
                )
                return association
        except IntegrityError:
            # Someone registered the same CVR number, or took the same slug, a moment ago.
            check_cvr(fields["cvr"])
    raise SammenError(ERRORS["cvr_taken"], params={"cvr": fields["cvr"], "name": fields["name"]})


def _check_representative(association: Association, user) -> None:
    if association.hidden_at is not None:
        raise SammenError(ERRORS["taken_down"])
    if not may_act_for(user, association=association):
        raise SammenError(ERRORS["not_representative"])


def update_association(
    *, association: Association, by, fields: dict, categories=None, new_logo=None, remove_logo: bool = False
) -> Association:
    """Save a representative's edit. Changing the name, the CVR number or the municipality removes the verified
    mark: the municipality's staff verified the association as it was, and only for their own municipality."""
    _check_representative(association, by)
    check_may_contribute(by)
    _check_text(fields, ASSOCIATION_TEXT_FIELDS)
    if "municipality" in fields and fields["municipality"].pk != association.municipality_id:
        _check_place(fields["municipality"])
    if "cvr" in fields:
        fields = {**fields, "cvr": check_cvr(fields["cvr"], exclude=association)}
    try:
        with transaction.atomic():
            association = Association.objects.select_for_update().get(pk=association.pk)
            identity_changed = any(
                name in fields and fields[name] != getattr(association, name) for name in IDENTITY_FIELDS
            )
            for name, value in fields.items():
                setattr(association, name, value)
            if identity_changed and association.verified_at is not None:
                association.verified_at = None
                association.verified_by = None
            if (remove_logo or new_logo is not None) and association.logo:
                association.logo.delete(save=False)
            if new_logo is not None:
                association.logo.save("logo.jpg", new_logo, save=False)
            association.save()
            if categories is not None:
                association.categories.set(categories)
            search.index_object(association)
            audit.record(
                action="associations.association.changed",
                actor=by,
                obj=association,
                municipality=association.municipality_id,
                details={"fields": sorted(fields), "unverified": identity_changed and association.verified_at is None},
            )
    except IntegrityError:
        # Another association took the CVR number a moment ago: say which one.
        check_cvr(fields.get("cvr", ""), exclude=association)
        raise
    return association


# --- Representatives and invitations --------------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def find_invitation(token: str) -> Invitation | None:
    return Invitation.objects.select_related("association__municipality").filter(token_hash=_hash(token)).first()


def invite_representative(*, association: Association, by, email: str) -> Invitation:
    """A representative invites an e-mail address; the link in the mail is the only copy of the token.

    A new invitation to the same address replaces a pending one (its link stops working).
    """
    _check_representative(association, by)
    email = email.strip()
    check_text({"email": email})
    is_already = association.representatives.filter(
        Q(user__email__iexact=email) | Q(user__emailaddress__email__iexact=email, user__emailaddress__verified=True)
    ).exists()
    if is_already:
        raise SammenError(ERRORS["already_representative"], params={"email": email})
    now = timezone.now()
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        # Lock the association so that simultaneous invitations cannot slip past the daily limit.
        Association.objects.select_for_update().get(pk=association.pk)
        sent_today = Invitation.objects.filter(
            association=association, created_at__gte=now - datetime.timedelta(days=1)
        ).count()
        if sent_today >= INVITATIONS_PER_DAY:
            raise SammenError(ERRORS["too_many_invitations"], params={"limit": INVITATIONS_PER_DAY})
        Invitation.objects.filter(
            association=association, email__iexact=email, accepted_at__isnull=True, expires_at__gt=now
        ).update(expires_at=now)
        invitation = Invitation.objects.create(
            association=association,
            email=email,
            token_hash=_hash(token),
            invited_by=by,
            created_at=now,
            expires_at=now + INVITATION_LIFETIME,
        )
        audit.record(
            action="associations.invitation.sent", actor=by, obj=invitation, municipality=association.municipality_id
        )
        link = absolute_url(reverse("associations:accept", args=[token]))
        _send_invitation(invitation, by, link)
    return invitation


def _belongs_to_deactivated_account(email: str) -> bool:
    return (
        get_user_model()
        .objects.filter(Q(email__iexact=email) | Q(emailaddress__email__iexact=email), is_active=False)
        .exists()
    )


def _send_invitation(invitation: Invitation, inviter, link: str) -> None:
    # A deactivated account gets no mail from Sammen (and could not log in to accept). The inviter is not told:
    # that would reveal that the address has a deactivated account.
    if _belongs_to_deactivated_account(invitation.email):
        return
    notify_address(
        invitation.email,
        language=inviter.language,  # the invited person may have no account, so no language of their own yet
        subject=_("Invitation to represent %(name)s on Sammen"),
        subject_params={"name": invitation.association.name},
        template="associations/email/invitation.txt",
        context={"invitation": invitation, "inviter": inviter, "association": invitation.association, "link": link},
    )


def accept_invitation(*, token: str, user) -> Association:
    """The invited person becomes a representative. Accepting again (a second click) changes nothing."""
    now = timezone.now()
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update().select_related("association").filter(token_hash=_hash(token)).first()
        )
        if invitation is None:
            raise SammenError(ERRORS["invitation_unknown"])
        association = invitation.association
        if association.hidden_at is not None:
            raise SammenError(ERRORS["taken_down"])
        if Representative.objects.filter(association=association, user=user).exists():
            return association
        if invitation.accepted_at is not None:
            raise SammenError(ERRORS["invitation_used"])
        if invitation.expires_at <= now:
            raise SammenError(ERRORS["invitation_expired"])
        addresses = EmailAddress.objects.filter(user=user, email__iexact=invitation.email)
        if not addresses.filter(verified=True).exists():
            if addresses.exists():
                raise SammenError(ERRORS["invitation_unconfirmed"], params={"email": invitation.email})
            raise SammenError(ERRORS["invitation_other_email"])
        Representative.objects.create(association=association, user=user, created_at=now)
        invitation.accepted_at = now
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        audit.record(
            action="associations.representative.added",
            actor=user,
            obj=association,
            municipality=association.municipality_id,
            details={"invitation": invitation.pk},
        )
    return association


def leave_association(*, association: Association, user) -> None:
    """A representative steps down; the last one cannot, so that no association is left without anyone."""
    with transaction.atomic():
        # Lock the association: two of the last two stepping down at once must not both succeed.
        association = Association.objects.select_for_update().get(pk=association.pk)
        mine = Representative.objects.filter(association=association, user=user).first()
        if mine is None:
            raise SammenError(ERRORS["not_representative"])
        if Representative.objects.filter(association=association).count() <= 1:
            raise SammenError(ERRORS["last_representative"])
        mine.delete()
        audit.record(
            action="associations.representative.left",
            actor=user,
            obj=association,
            municipality=association.municipality_id,
        )


# --- Staff: verify and take down ---------------------------------------------------------------------------


def _check_staff(by, municipality_id: int) -> None:
    check_permission(by, Permission.MANAGE_COMMUNITY, municipality_id, refusal=ERRORS["not_staff"])


def _staff_change(*, association: Association, by, action: str, check, change: dict) -> Association:
    _check_staff(by, association.municipality_id)
    with transaction.atomic():
        association = Association.objects.select_for_update().get(pk=association.pk)
        check(association)
        for name, value in change.items():
            setattr(association, name, value)
        association.save(update_fields=[*change, "updated_at"])
        audit.record(
            action=f"associations.association.{action}",
            actor=by,
            obj=association,
            municipality=association.municipality_id,
        )
    return association


def _refuse_if(condition, error: str):
    def check(association: Association) -> None:
        if condition(association):
            raise SammenError(ERRORS[error])

    return check


def verify_association(*, association: Association, by) -> Association:
    return _staff_change(
        association=association,
        by=by,
        action="verified",
        check=_refuse_if(lambda a: a.verified_at is not None, "already_verified"),
        change={"verified_at": timezone.now(), "verified_by": by},
    )


def unverify_association(*, association: Association, by) -> Association:
    return _staff_change(
        association=association,
        by=by,
        action="unverified",
        check=_refuse_if(lambda a: a.verified_at is None, "not_verified"),
        change={"verified_at": None, "verified_by": None},
    )


def hide_association(*, association: Association, by) -> Association:
    return _staff_change(
        association=association,
        by=by,
        action="hidden",
        check=_refuse_if(lambda a: a.hidden_at is not None, "already_hidden"),
        change={"hidden_at": timezone.now()},
    )


def unhide_association(*, association: Association, by) -> Association:
    return _staff_change(
        association=association,
        by=by,
        action="unhidden",
        check=_refuse_if(lambda a: a.hidden_at is None, "not_hidden"),
        change={"hidden_at": None},
    )
