"""Locks for what a sign-up consumes, taken inside the caller's transaction (after pretix's quota locking).

PostgreSQL: a transaction-level advisory lock per occurrence, taken in sorted order so that two transactions
locking several occurrences cannot deadlock, with a lock timeout that becomes a friendly "try again".
SQLite: writers are already serialised (transactions start IMMEDIATE), so the row lock is a no-op there.
``LOCKING_ENABLED`` exists only so that a control test can show that the race is real without the lock.
"""

from django.db import connection

LOCKING_ENABLED = True
LOCK_TIMEOUT_MS = 5000
_NAMESPACE = 74_100  # advisory-lock key space for occurrences


class LockTimeout(Exception):
    pass


def lock_occurrences(occurrence_ids) -> None:
    if not LOCKING_ENABLED:
        return
    if connection.vendor != "postgresql":
        from sammen.activities.models import Occurrence

        list(Occurrence.objects.select_for_update().filter(pk__in=sorted(occurrence_ids)).values_list("pk"))
        return
    from django.db import OperationalError

    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT_MS}ms'")
        try:
            for occurrence_id in sorted(set(occurrence_ids)):
                cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_NAMESPACE, occurrence_id])
        except OperationalError as error:
            raise LockTimeout from error
