"""Background work goes through Celery: in-process in the demo and tests, on real workers via Redis in production."""

import datetime
import os
import subprocess
import sys
import time
import uuid

import pytest
from celery import Celery
from django.db import connection
from django.utils import timezone

from sammen.audit import services as audit
from sammen.audit.models import AuditEntry
from sammen.audit.tasks import purge_expired_audit_entries
from sammen.celery import app

REDIS_BROKER = "redis://127.0.0.1:6379/15"


def _make_expired_row() -> None:
    entry = audit.record(action="test.expired")
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEntry._meta.db_table} SET created_at = %s WHERE id = %s",  # noqa: S608
            [timezone.now() - datetime.timedelta(days=400), entry.pk],
        )


@pytest.mark.django_db
def test_tasks_run_in_process_without_a_broker_in_development():
    _make_expired_row()
    assert purge_expired_audit_entries.delay().get() == 1
    assert not AuditEntry.objects.exists()


def test_the_purge_is_scheduled_for_celery_beat():
    schedule = app.conf.beat_schedule["purge-expired-audit-entries"]
    assert schedule["task"] == purge_expired_audit_entries.name


def _database_url_of_test_database() -> str:
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings_dict['NAME']}"
    host, port = settings_dict.get("HOST") or "127.0.0.1", settings_dict.get("PORT") or 5432
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    return f"postgres://{settings_dict['USER']}{password}@{host}:{port}/{settings_dict['NAME']}"


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_celery_worker_runs_the_purge_through_redis():
    """A worker process, as in production: the task goes through Redis and the worker writes to the database."""
    _make_expired_row()
    queue = f"sammen-test-{uuid.uuid4().hex}"
    env = {
        **os.environ,
        "CELERY_BROKER_URL": REDIS_BROKER,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DATABASE_URL": _database_url_of_test_database(),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "sammen", "worker", "--pool", "solo", "-Q", queue, "--loglevel", "INFO"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        client = Celery(broker=REDIS_BROKER)
        client.send_task(purge_expired_audit_entries.name, queue=queue)
        deadline = time.monotonic() + 60
        while AuditEntry.objects.exists() and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.25)
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0]
    assert not AuditEntry.objects.exists(), f"the worker did not run the task:\n{output[-3000:]}"
    assert "succeeded" in output
