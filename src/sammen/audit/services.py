"""The one way every app writes to, purges and extracts the audit log."""

import datetime

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from sammen.audit.models import AuditEntry


def record(
    *,
    action: str,
    actor=None,
    data_subject=None,
    obj=None,
    municipality=None,
    details: dict | None = None,
) -> AuditEntry:
    """Write one audit row. Call it inside the transaction that makes the change it describes."""
    actor = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        action=action,
        actor_id=actor.pk if actor else None,
        data_subject_id=getattr(data_subject, "pk", data_subject),
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        municipality_id=getattr(municipality, "pk", municipality),
        details=details or {},
    )


def record_personal_data_read(*, viewer, data_subject, what: str, obj=None, municipality=None) -> AuditEntry:
    """A staff member looked at a citizen's personal data: who, when, what, whose."""
    return record(
        action="personal_data.viewed",
        actor=viewer,
        data_subject=data_subject,
        obj=obj or data_subject,
        municipality=municipality,
        details={"what": what},
    )


def record_personal_data_reads(*, viewer, reads, what: str, municipality=None) -> int:
    """A page listed several citizens' personal data: one row per ``(data_subject, obj)`` in ``reads``, written in
    one query, so that a list costs the same number of queries however long it is."""
    actor_id = viewer.pk if getattr(viewer, "is_authenticated", False) else None
    rows = [
        AuditEntry(
            action="personal_data.viewed",
            actor_id=actor_id,
            data_subject_id=getattr(data_subject, "pk", data_subject),
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            municipality_id=getattr(municipality, "pk", municipality),
            details={"what": what},
        )
        for data_subject, obj in reads
    ]
    AuditEntry.objects.bulk_create(rows)
    return len(rows)


def delete_past_retention(expired, *, action: str) -> int:
    """Delete the rows of ``expired`` (a queryset past its retention, with what cascades from it) and record one
    audit row with their count (``action``), in one transaction; nothing is recorded when there is nothing to
    delete, so a daily job that runs again changes nothing. Returns the count."""
    with transaction.atomic():
        count = expired.count()
        if count:
            expired.delete()
            record(action=action, details={"count": count})
    return count


def purge_expired(*, now: datetime.datetime | None = None) -> int:
    """Delete rows older than the retention period. Idempotent; the only code that removes audit rows."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.SAMMEN_AUDIT_RETENTION_DAYS)
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    column = connection.ops.quote_name("created_at")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {column} < %s", [cutoff])  # noqa: S608 - names are ours
        return cursor.rowcount


def entries_about_person(user_id: int):
    """Every row in which the person acted or whose personal data was touched (for a citizen's request)."""
    return AuditEntry.objects.filter(Q(data_subject_id=user_id) | Q(actor_id=user_id)).order_by("created_at")


def export_rows(entries) -> list[dict]:
    return [
        {
            "when": entry.created_at.isoformat(),
            "action": entry.action,
            "actor_id": entry.actor_id,
            "data_subject_id": entry.data_subject_id,
            "object": f"{entry.object_type}:{entry.object_id}" if entry.object_type else "",
            "municipality_id": entry.municipality_id,
            "details": entry.details,
        }
        for entry in entries
    ]
