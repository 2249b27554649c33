"""`sammen backup` and `sammen restore` (finding 5 of issue 8): the database and the uploaded files in one archive,
restored into a fresh database — a new file on SQLite, a new database on the same server on PostgreSQL — with every
table's rows and every file the same as before. The restore runs as an operator runs it, as its own process."""

import io
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection, connections
from PIL import Image

from sammen.accounts.services import clean_avatar, update_profile
from sammen.operations.backup import fingerprints, media_files, read_manifest, verify
from tests.factories import SignUpFactory, activity_with_dates, citizen

pytestmark = pytest.mark.django_db(transaction=True)


def _picture() -> SimpleUploadedFile:
    data = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 80, 40)).save(data, "PNG")
    return SimpleUploadedFile("mig.png", data.getvalue(), content_type="image/png")


def _some_data(media_root: Path) -> None:
    karen = citizen(display_name="Karen", email="karen@example.dk")
    update_profile(user=karen, changes={}, new_avatar=clean_avatar(_picture()))
    walk = activity_with_dates(dates=3, organiser=karen)
    SignUpFactory(occurrence=walk.occurrences.first(), user=citizen(email="ole@example.dk"))
    (media_root / "logos").mkdir(parents=True, exist_ok=True)
    (media_root / "logos" / "forening.png").write_bytes(b"\x89PNG not really")


class FreshDatabase:
    """A database with nothing in it, beside the test database: a new file, or a new database on the server."""

    def __init__(self, tmp_path: Path):
        self.vendor = connection.vendor
        settings_dict = dict(connection.settings_dict)
        if self.vendor == "sqlite":
            self.name = str(tmp_path / "restored.sqlite3")
        else:
            self.name = f"{settings_dict['NAME']}_restored_{uuid.uuid4().hex[:8]}"
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{self.name}"')
        settings_dict["NAME"] = self.name
        self.wrapper = type(connections["default"])(settings_dict, alias="restored")

    @property
    def url(self) -> str:
        if self.vendor == "sqlite":
            return f"sqlite:///{self.name}"
        s = connection.settings_dict
        password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
        return f"postgres://{s['USER']}{password}@{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{self.name}"

    def drop(self) -> None:
        self.wrapper.close()
        if self.vendor != "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture
def fresh_database(tmp_path):
    database = FreshDatabase(tmp_path)
    yield database
    database.drop()


def _sammen_restore(*args, database: FreshDatabase, media_root: Path, var_dir: Path):
    env = {**os.environ, "DATABASE_URL": database.url, "MEDIA_ROOT": str(media_root), "SAMMEN_VAR_DIR": str(var_dir)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "sammen.cli", "restore", *args], env=env, capture_output=True, text=True, timeout=120
    )


def _backup(settings, tmp_path) -> Path:
    call_command("backup", output=f"{tmp_path}/backups/", stdout=io.StringIO())
    (archive,) = (tmp_path / "backups").glob("sammen-*.tar.gz")
    return archive


def test_a_backup_restored_into_a_fresh_database_has_every_tables_rows_and_every_file(
    settings, tmp_path, fresh_database
):
    media_root = Path(settings.MEDIA_ROOT)
    _some_data(media_root)
    tables_before, files_before = fingerprints(connection), media_files(media_root)
    assert tables_before["accounts_user"]["rows"] == 2
    assert any(name.startswith("avatars/") for name in files_before) and "logos/forening.png" in files_before

    archive = _backup(settings, tmp_path)
    assert archive.stat().st_mode & 0o077 == 0  # personal data: the owner's alone
    with tarfile.open(archive) as opened:
        manifest = read_manifest(opened)
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["tables"] == tables_before and manifest["media"] == files_before
    assert manifest["sammen_version"] and manifest["created_at"]

    restored_media = tmp_path / "restored-media"
    result = _sammen_restore(str(archive), database=fresh_database, media_root=restored_media, var_dir=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Verified" in result.stdout

    # Compared here, not only by the command's own check against the manifest:
    assert fingerprints(fresh_database.wrapper) == tables_before
    assert len(tables_before) > 40 and sum(t["rows"] for t in tables_before.values()) > 100
    assert media_files(restored_media) == files_before
    for name in files_before:
        assert (restored_media / name).read_bytes() == (media_root / name).read_bytes()

    # Once restored, the database is not empty: a second restore is refused, and goes with --force.
    again = _sammen_restore(str(archive), database=fresh_database, media_root=restored_media, var_dir=tmp_path)
    assert again.returncode != 0 and "The database is not empty" in again.stderr
    forced = _sammen_restore(
        "--force", str(archive), database=fresh_database, media_root=restored_media, var_dir=tmp_path
    )
    assert forced.returncode == 0, forced.stdout + forced.stderr
    assert fingerprints(fresh_database.wrapper) == tables_before

    # The check finds a changed file and a changed table.
    (restored_media / "logos" / "forening.png").write_bytes(b"changed")
    with fresh_database.wrapper.cursor() as cursor:
        cursor.execute("UPDATE accounts_user SET display_name = 'Karin' WHERE email = 'karen@example.dk'")
    fresh_database.wrapper.close()
    problems = verify(manifest, connection=fresh_database.wrapper, media_root=restored_media)
    assert problems == [
        "table accounts_user has other rows than the backup (checksum differs)",
        "file logos/forening.png differs from the backup",
    ]


def test_restore_refuses_a_database_that_is_not_empty(settings, tmp_path):
    citizen(email="karen@example.dk")
    archive = _backup(settings, tmp_path)
    with pytest.raises(CommandError, match="The database is not empty"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert fingerprints(connection)["accounts_user"]["rows"] == 1
