"""The one locking API: lock what a use case consumes (seats on a date, a volunteer's time slot, a task's places)
before checking what is left, after pretix's quota locking.

    with transaction.atomic(), locked(Occurrence, [occurrence.pk]):
        ...  # read the capacity, count, write

PostgreSQL: a transaction-level advisory lock per row, taken in sorted order so that two transactions locking
several rows cannot deadlock, with a lock timeout that becomes the friendly "try again" error. SQLite: writers are
already serialised (transactions start IMMEDIATE), so a row lock there is only ``select_for_update``'s no-op.
``LOCKING_ENABLED`` exists only so that a control test can show that the race is real without the lock.
"""

import contextlib
import zlib
from collections.abc import Iterable, Iterator

from django.db import OperationalError, connection
from django.utils.translation import gettext_lazy as _

from sammen.core.errors import SammenError

LOCKING_ENABLED = True
LOCK_TIMEOUT_MS = 5000

BUSY = _("Many people are doing the same right now. Please try again in a moment.")


class NotInTransaction(RuntimeError):
    """A lock outside a transaction would be released at once and protect nothing."""


def _namespace(model) -> int:
    # A stable advisory-lock key space per model, so that occurrence 7 and task 7 are different locks.
    return zlib.crc32(model._meta.label_lower.encode()) & 0x7FFFFFFF


@contextlib.contextmanager
def locked(model, ids: Iterable[int], *, busy_message=BUSY) -> Iterator[None]:
    """Hold a lock on each of the model's rows ``ids`` until the surrounding transaction ends."""
    if not connection.in_atomic_block:
        raise NotInTransaction("locked() must run inside transaction.atomic()")
    keys = sorted({int(pk) for pk in ids})
    if LOCKING_ENABLED and keys:
        if connection.vendor == "postgresql":
            namespace = _namespace(model)
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT_MS}ms'")
                try:
                    for key in keys:
                        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [namespace, key & 0x7FFFFFFF])
                except OperationalError as error:
                    raise SammenError(busy_message) from error
        else:
            list(model.objects.select_for_update().filter(pk__in=keys).values_list("pk"))
    yield
