"""Associations (foreninger): their profile, their representatives and invitations to become one."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.associations.validators import validate_cvr
from sammen.municipalities.models import Municipality
from sammen.taxonomy.models import Category


def logo_path(instance, filename: str) -> str:
    return f"logos/{uuid.uuid4().hex}.jpg"


class AssociationQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(hidden_at__isnull=True)


class Association(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    cvr = models.CharField(
        _("CVR number"), max_length=8, blank=True, validators=[validate_cvr], help_text=_("Optional. 8 digits.")
    )
    description = models.TextField(_("description"), max_length=5000)
    categories = models.ManyToManyField(Category, verbose_name=_("categories"), blank=True, related_name="+")
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="associations"
    )
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    website = models.URLField(_("web site"), blank=True)
    logo = models.ImageField(_("logo"), upload_to=logo_path, blank=True)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_at = models.DateTimeField(null=True, blank=True, help_text=_("Set when staff take the profile down."))
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AssociationQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        indexes = [models.Index(fields=["municipality", "name"], name="association_municipality_name")]
        constraints = [
            models.UniqueConstraint(fields=["cvr"], condition=~Q(cvr=""), name="association_cvr_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class Representative(models.Model):
    """A citizen who may act for an association: edit it, invite others, create its activities and offers."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="representatives")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="representing")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["association", "user"], name="one_representative_row")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.association_id}"


class Invitation(models.Model):
    """An e-mail invitation to become a representative. Only a hash of the link's token is stored."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.association_id} {self.email}"
