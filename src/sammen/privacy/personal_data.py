"""The access log's rows about the person — who at the municipality read or changed their data, and when — as a
section of "Hent mine data". The rows stay when the account is deleted, for the log's own retention period."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sammen.audit.models import AuditEntry
from sammen.core.personal_data import register
from sammen.municipalities.models import Municipality


def access_log_rows(user_id: int) -> list:
    """Every row whose personal data is the person's, oldest first, with the name of who did it and where; three
    queries however many rows."""
    entries = list(AuditEntry.objects.filter(data_subject_id=user_id).order_by("created_at", "id"))
    actor_ids = {entry.actor_id for entry in entries if entry.actor_id}
    names = dict(get_user_model().objects.filter(pk__in=actor_ids).values_list("pk", "display_name"))
    municipality_ids = {entry.municipality_id for entry in entries if entry.municipality_id}
    municipalities = dict(Municipality.objects.filter(pk__in=municipality_ids).values_list("pk", "name"))
    rows = []
    for entry in entries:
        if entry.actor_id is None:
            who = _("Sammen itself (automatically)")
        elif entry.actor_id == user_id:
            who = _("You")
        else:
            who = names.get(entry.actor_id) or _("A person whose account has since been deleted")
        rows.append(
            {
                _("When"): entry.created_at,
                _("Who"): who,
                _("Municipality"): municipalities.get(entry.municipality_id, ""),
                _("What happened"): entry.action,
                _("What was looked at"): (entry.details or {}).get("what", ""),
            }
        )
    return rows


def export_access_log(user) -> list:
    return access_log_rows(user.pk)


def _kept_for_retention() -> str:
    return gettext(
        "The access log's rows about you are kept for %(days)s days from when they were written, as the law "
        "requires, and are then deleted. They hold only ids, not your name."
    ) % {"days": settings.SAMMEN_AUDIT_RETENTION_DAYS}


register(
    "privacy.access_log",
    title=_("Who has looked at your data"),
    order=90,
    export=export_access_log,
    on_deletion=lazy(_kept_for_retention, str)(),
)
