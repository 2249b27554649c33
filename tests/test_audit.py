"""The access log: append-only, logs staff reads of personal data, purges after retention, extracts per person."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from sammen.accounts.models import User
from sammen.audit import services as audit
from sammen.audit.models import AuditEntry, AuditLogIsAppendOnly
from tests.factories import citizen
from tests.helpers import log_in_with_second_factor

pytestmark = pytest.mark.django_db


def test_audit_rows_cannot_be_changed_or_deleted():
    entry = audit.record(action="test.something", details={"a": 1})
    entry.action = "test.other"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.all().delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.update(action="x")
    assert AuditEntry.objects.get().action == "test.something"


def test_a_staff_read_of_a_citizens_data_is_logged(client, coordinator_in_herning):
    person = citizen()
    log_in_with_second_factor(client, coordinator_in_herning)
    response = client.get(f"/personale/kommune/657/borgere/{person.pk}/")
    assert person.email in response.content.decode()
    entry = AuditEntry.objects.get(action="personal_data.viewed")
    assert (entry.actor_id, entry.data_subject_id, entry.details) == (
        coordinator_in_herning.pk,
        person.pk,
        {"what": "staff.citizen.profile"},
    )


def test_the_admin_user_page_logs_a_read(client, platform_administrator):
    person = citizen()
    log_in_with_second_factor(client, platform_administrator)
    assert client.get(f"/platform-admin/accounts/user/{person.pk}/change/").status_code == 200
    assert AuditEntry.objects.filter(action="personal_data.viewed", data_subject_id=person.pk).count() == 1


def test_the_admin_cannot_delete_an_account_past_the_erase_hooks(client, platform_administrator):
    person = citizen()
    log_in_with_second_factor(client, platform_administrator)
    assert client.get(f"/platform-admin/accounts/user/{person.pk}/delete/").status_code == 403
    response = client.post(
        "/platform-admin/accounts/user/", {"action": "delete_selected", "_selected_action": [person.pk], "post": "yes"}
    )
    assert response.status_code in (200, 302)
    assert User.objects.filter(pk=person.pk).exists()


def test_purge_removes_only_rows_older_than_retention(settings):
    settings.SAMMEN_AUDIT_RETENTION_DAYS = 183
    old = audit.record(action="test.old")
    recent = audit.record(action="test.recent")
    _age(old, days=200)
    _age(recent, days=100)
    assert audit.purge_expired() == 1
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["test.recent"]
    assert audit.purge_expired() == 0


def _age(entry, *, days: int) -> None:
    """Move a row back in time with plain SQL: the application itself cannot edit audit rows."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEntry._meta.db_table} SET created_at = %s WHERE id = %s",  # noqa: S608
            [timezone.now() - datetime.timedelta(days=days), entry.pk],
        )


def test_platform_admin_extracts_every_row_about_one_person(client, platform_administrator, karen_in_herning):
    other = citizen()
    audit.record(action="test.about_karen", data_subject=karen_in_herning)
    audit.record(action="test.by_karen", actor=karen_in_herning)
    audit.record(action="test.about_other", data_subject=other)
    log_in_with_second_factor(client, platform_administrator)
    response = client.post("/personale/log/udtraek/", {"email": "KAREN@example.dk"})
    assert response["Content-Disposition"] == f'attachment; filename="sammen-log-{karen_in_herning.pk}.json"'
    actions = [row["action"] for row in json.loads(response.content)]
    assert actions == ["test.about_karen", "test.by_karen"]
    assert AuditEntry.objects.filter(action="audit.extract.made", data_subject_id=karen_in_herning.pk).exists()


def test_only_platform_admins_may_extract(client, administrator_in_herning, karen_in_herning):
    log_in_with_second_factor(client, administrator_in_herning)
    assert client.get("/personale/log/udtraek/").status_code == 404
    assert client.post("/personale/log/udtraek/", {"email": karen_in_herning.email}).status_code == 404
    assert not AuditEntry.objects.filter(action="audit.extract.made").exists()


def test_audit_export_command_prints_json(capsys):
    person = citizen()
    audit.record(action="test.about", data_subject=person)
    call_command("audit_export", str(person.pk))
    rows = json.loads(capsys.readouterr().out)
    assert [row["action"] for row in rows] == ["test.about"]


def test_rows_survive_the_deletion_of_the_account():
    person = citizen()
    audit.record(action="test.about", data_subject=person, actor=person)
    person_id = person.pk
    person.delete()
    assert audit.entries_about_person(person_id).count() == 1
