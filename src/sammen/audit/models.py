"""The access and audit log: who did what, to which object, whose personal data it touched, and when."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditLogIsAppendOnly(Exception):
    """Raised when code tries to change or delete an audit entry; only the retention purge removes rows."""


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogIsAppendOnly("Audit entries cannot be changed.")

    def delete(self):
        raise AuditLogIsAppendOnly("Audit entries cannot be deleted; they expire by retention.")


class AuditEntry(models.Model):
    action = models.CharField(_("action"), max_length=100, db_index=True, help_text="e.g. accounts.profile.viewed")
    # Plain ids, not foreign keys: a row must survive the deletion of the accounts it speaks of (changing it
    # to NULL would be an edit), and a citizen's request for "every row about me" must still find it.
    actor_id = models.BigIntegerField(_("done by (user id)"), null=True, blank=True, db_index=True)
    data_subject_id = models.BigIntegerField(_("whose personal data"), null=True, blank=True, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    municipality_id = models.IntegerField(null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditLogIsAppendOnly("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("Audit entries cannot be deleted; they expire by retention.")
