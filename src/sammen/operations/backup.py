"""One archive (.tar.gz) with the database and the uploaded files together, and a manifest to check a restore by.

The archive holds ``database.pgdump`` (``pg_dump --format=custom``) or ``database.sqlite3`` (a copy made with SQLite's
backup API), the files of MEDIA_ROOT under ``media/``, and ``manifest.json``: when, which Sammen, which database,
each table's row count and a checksum of its rows, and each file's size and SHA-256. On PostgreSQL the counts and
checksums are taken in the very snapshot that pg_dump dumps, on SQLite from the copy, so they describe exactly what
is in the archive even while the platform runs.

A table's checksum does not depend on the order of its rows: it is the sum of the first 60 bits of a hash of each
row (of its text form on PostgreSQL, computed by the server; of its Python values on SQLite), as hexadecimal.
"""

import datetime
import hashlib
import importlib.metadata
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from pathlib import Path, PurePosixPath

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_FILES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
MEDIA_DIR = "media"
_CHECKSUM_BITS = 60
_CHECKSUM_MODULUS = 1 << 64


class OperationsError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


# --- What is in a database and in MEDIA_ROOT ----------------------------------------------------------------


def _row_hash(values: tuple) -> int:
    return int(hashlib.sha256(repr(values).encode()).hexdigest()[: _CHECKSUM_BITS // 4], 16)


def _sqlite_tables(db: sqlite3.Connection) -> list[str]:
    rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    return [name for (name,) in rows]


def sqlite_fingerprints(path: Path) -> dict[str, dict]:
    """Row count and checksum of each table of the SQLite database file ``path``."""
    if not Path(path).exists():
        raise OperationsError(f"{path} does not exist.")
    db = sqlite3.connect(path)
    try:
        result = {}
        for table in _sqlite_tables(db):
            rows = total = 0
            for row in db.execute(f'SELECT * FROM "{table}"'):  # noqa: S608 - a table name from sqlite_master
                rows += 1
                total += _row_hash(row)
            result[table] = {"rows": rows, "checksum": f"{total % _CHECKSUM_MODULUS:016x}"}
        return result
    finally:
        db.close()


def _postgresql_fingerprints(cursor) -> dict[str, dict]:
    """Counts and checksums in the cursor's transaction, the rows written as text in one fixed way."""
    cursor.execute("SET LOCAL TimeZone = 'UTC'")
    cursor.execute("SET LOCAL DateStyle = 'ISO, YMD'")
    cursor.execute("SET LOCAL IntervalStyle = 'postgres'")
    cursor.execute("SET LOCAL extra_float_digits = 1")
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = ANY (current_schemas(false)) ORDER BY tablename")
    result = {}
    for (table,) in cursor.fetchall():
        quoted = '"' + table.replace('"', '""') + '"'
        cursor.execute(
            f"SELECT count(*), coalesce(sum(('x' || substr(md5(sammen_row::text), 1, {_CHECKSUM_BITS // 4}))"  # noqa: S608
            f"::bit({_CHECKSUM_BITS})::bigint), 0) FROM {quoted} AS sammen_row"
        )
        rows, total = cursor.fetchone()
        result[table] = {"rows": rows, "checksum": f"{int(total) % _CHECKSUM_MODULUS:016x}"}
    return result


def _postgresql_connection(connection):
    """A connection of its own (not Django's), with the same settings, for a transaction of our choosing."""
    return connection.Database.connect(**connection.get_connection_params())


def fingerprints(connection) -> dict[str, dict]:
    """Row count and checksum of every table of the database behind a Django database connection."""
    if connection.vendor == "sqlite":
        return sqlite_fingerprints(Path(connection.settings_dict["NAME"]))
    if connection.vendor == "postgresql":
        db = _postgresql_connection(connection)
        try:
            with db.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                return _postgresql_fingerprints(cursor)
        finally:
            db.close()
    raise OperationsError(f"Backups are made of PostgreSQL and SQLite databases, not {connection.vendor}.")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def media_files(root: Path) -> dict[str, dict]:
    """Size and SHA-256 of each regular file under ``root``, by its path relative to ``root``."""
    root = Path(root)
    found = {}
    if not root.is_dir():
        return found
    for directory, subdirectories, names in os.walk(root):
        subdirectories.sort()
        for name in sorted(names):
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                found[path.relative_to(root).as_posix()] = {"size": path.stat().st_size, "sha256": _sha256(path)}
    return found


# --- Backup ---------------------------------------------------------------------------------------------------


def _libpq_environment(settings_dict: dict) -> dict[str, str]:
    """The environment that makes pg_dump and pg_restore connect as Django does."""
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings_dict.get(key):
            env[name] = str(settings_dict[key])
    options = settings_dict.get("OPTIONS") or {}
    for key in ("sslmode", "sslrootcert", "sslcert", "sslkey", "service", "passfile"):
        if options.get(key):
            env[f"PG{key.upper()}"] = str(options[key])
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    program = shutil.which(command[0])
    if program is None:
        raise OperationsError(
            f"{command[0]} is missing: install the PostgreSQL client (bash scripts/install-system-packages.sh --ops)."
        )
    result = subprocess.run([program, *command[1:]], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise OperationsError(f"{command[0]} failed:\n{result.stderr.strip()}")


def _latest_migrations_sql() -> str:
    return "SELECT app, max(name) FROM django_migrations GROUP BY app ORDER BY app"


def _dump_postgresql(connection, target: Path) -> tuple[dict, dict, str]:
    """pg_dump and the fingerprints of one snapshot: a transaction exports it, pg_dump dumps it, and the counts are
    taken in the same transaction."""
    db = _postgresql_connection(connection)
    try:
        with db.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot, server_version = cursor.fetchone()
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    f"--file={target}",
                    f"--dbname={connection.settings_dict['NAME']}",
                ],
                _libpq_environment(connection.settings_dict),
            )
            tables = _postgresql_fingerprints(cursor)
            cursor.execute(_latest_migrations_sql())
            migrations = dict(cursor.fetchall())
        db.rollback()
    finally:
        db.close()
    return tables, migrations, f"PostgreSQL {server_version}"


def _copy_sqlite(connection, target: Path) -> tuple[dict, dict, str]:
    """SQLite's online backup API: a consistent copy while other connections read and write."""
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()
    db = sqlite3.connect(target)
    try:
        migrations = dict(db.execute(_latest_migrations_sql()).fetchall())
    finally:
        db.close()
    return sqlite_fingerprints(target), migrations, f"SQLite {sqlite3.sqlite_version}"


class _HashingReader:
    """Reads a file into the archive and hashes what it read, so that the manifest describes the archived bytes."""

    def __init__(self, file):
        self.file = file
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        data = self.file.read(size)
        self.digest.update(data)
        return data


def _archive_path(output: str | None, default_directory: Path) -> Path:
    """``output`` names the archive, or a directory for it when it ends in a slash or is one."""
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    if output is None or output.endswith("/") or Path(output).is_dir():
        directory = Path(output) if output else default_directory
        directory.mkdir(parents=True, exist_ok=True)
        return directory / f"sammen-{stamp}.tar.gz"
    Path(output).parent.mkdir(parents=True, exist_ok=True)
    return Path(output)


def create_backup(*, connection, media_root: Path, output: str | None, default_directory: Path) -> tuple[Path, dict]:
    """Write the archive; returns its path and its manifest. The archive appears under its name only when it is
    complete (it is written as ``….partial`` first), readable by its owner only: it holds personal data."""
    vendor = connection.vendor
    if vendor not in DATABASE_FILES:
        raise OperationsError(f"Backups are made of PostgreSQL and SQLite databases, not {vendor}.")
    path = _archive_path(output, default_directory)
    if path.exists():
        raise OperationsError(f"{path} exists already.")
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".sammen-backup-") as work:
        database_file = Path(work) / DATABASE_FILES[vendor]
        dump = _dump_postgresql if vendor == "postgresql" else _copy_sqlite
        tables, migrations, server = dump(connection, database_file)
        partial = path.with_name(path.name + ".partial")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
                archive.add(database_file, arcname=database_file.name)
                files = _add_media(archive, Path(media_root))
                manifest = {
                    "format": FORMAT,
                    "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                    "sammen_version": _sammen_version(),
                    "database": {
                        "vendor": vendor,
                        "server": server,
                        "file": database_file.name,
                        "size": database_file.stat().st_size,
                        "sha256": _sha256(database_file),
                    },
                    "migrations": migrations,
                    "tables": tables,
                    "media": files,
                }
                data = json.dumps(manifest, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(data), int(time.time()), 0o600
                archive.addfile(info, io.BytesIO(data))
            os.replace(partial, path)
        finally:
            if partial.exists():
                partial.unlink()
    return path, manifest


def _add_media(archive: tarfile.TarFile, root: Path) -> dict[str, dict]:
    files = {}
    if not root.is_dir():
        return files
    for relative in media_files(root):  # in a fixed order; the checksums are those of the bytes archived
        path = root / relative
        try:
            info = archive.gettarinfo(path, arcname=f"{MEDIA_DIR}/{relative}")
            with open(path, "rb") as file:
                reader = _HashingReader(file)
                archive.addfile(info, reader)
        except FileNotFoundError:  # deleted since the listing (a replaced picture): not part of this backup
            continue
        files[relative] = {"size": info.size, "sha256": reader.digest.hexdigest()}
    return files


def _sammen_version() -> str:
    try:
        return importlib.metadata.version("sammen")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


# --- Restore --------------------------------------------------------------------------------------------------


def read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(archive.extractfile(MANIFEST))
    except KeyError:
        raise OperationsError("This is not a Sammen backup: it has no manifest.json.") from None
    if manifest.get("format") != FORMAT:
        raise OperationsError(f"Unknown backup format {manifest.get('format')!r} (this Sammen reads {FORMAT}).")
    return manifest


def _safe_relative(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise OperationsError(f"The backup names a file outside MEDIA_ROOT: {name!r}.")
    return path


def _existing_tables(connection) -> list[str]:
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def _restore_sqlite(connection, source: Path) -> None:
    connection.close()
    target = Path(connection.settings_dict["NAME"])
    target.parent.mkdir(parents=True, exist_ok=True)
    backup, database = sqlite3.connect(source), sqlite3.connect(target)
    try:
        backup.backup(database)  # replaces the whole database, in one step
    finally:
        backup.close()
        database.close()


def _restore_postgresql(connection, source: Path, tables_to_drop: list[str]) -> None:
    if tables_to_drop:
        quoted = ", ".join(connection.ops.quote_name(table) for table in tables_to_drop)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {quoted} CASCADE")
    connection.close()
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--no-comments",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={connection.settings_dict['NAME']}",
            str(source),
        ],
        _libpq_environment(connection.settings_dict),
    )


def _extract_to(archive: tarfile.TarFile, member: tarfile.TarInfo, target: Path) -> str:
    digest = hashlib.sha256()
    source = archive.extractfile(member)
    partial = target.with_name(target.name + ".restoring")
    with open(partial, "wb") as file:
        for chunk in iter(lambda: source.read(1 << 20), b""):
            digest.update(chunk)
            file.write(chunk)
    os.replace(partial, target)
    return digest.hexdigest()


def restore_backup(*, archive_path: Path, connection, media_root: Path, work_directory: Path, force: bool, log):
    """Restore the database, then the files, then compare both with the manifest. Returns the list of
    differences (empty when the restore is exact). Refuses a database with tables, or a MEDIA_ROOT with files,
    unless ``force``: then the database's tables are dropped first and the files are written over."""
    media_root = Path(media_root)
    with tarfile.open(archive_path, "r:gz") as archive:
        members = {member.name: member for member in archive.getmembers()}
        manifest = read_manifest(archive)
        database = manifest["database"]
        if database["vendor"] != connection.vendor:
            raise OperationsError(
                f"The backup is of a {database['vendor']} database; the configured database is {connection.vendor}."
            )
        existing = _existing_tables(connection)
        present = media_files(media_root)
        if not force and existing:
            raise OperationsError(
                f"The database is not empty ({len(existing)} tables). Restore into a new, empty database, or use "
                "--force to drop its tables."
            )
        if not force and present:
            raise OperationsError(
                f"MEDIA_ROOT ({media_root}) holds {len(present)} files. Restore into an empty one, or use --force."
            )
        log(
            f"Backup of {manifest['created_at']} (Sammen {manifest['sammen_version']}, {database['server']}): "
            f"{len(manifest['tables'])} tables, {len(manifest['media'])} files."
        )
        with tempfile.TemporaryDirectory(dir=work_directory, prefix=".sammen-restore-") as work:
            source = Path(work) / database["file"]
            if _extract_to(archive, members[database["file"]], source) != database["sha256"]:
                raise OperationsError(f"{database['file']} in the backup is damaged (its SHA-256 differs).")
            if connection.vendor == "sqlite":
                _restore_sqlite(connection, source)
            else:
                _restore_postgresql(connection, source, existing)
        log("Database restored.")
        for relative in manifest["media"]:
            target = media_root / Path(*_safe_relative(relative).parts)
            member = members.get(f"{MEDIA_DIR}/{relative}")
            if member is None or not member.isfile():
                raise OperationsError(f"The backup lacks the file {relative}.")
            target.parent.mkdir(parents=True, exist_ok=True)
            _extract_to(archive, member, target)
        log(f"{len(manifest['media'])} files restored into {media_root}.")
    connection.close()
    return verify(manifest, connection=connection, media_root=media_root)


def verify(manifest: dict, *, connection, media_root: Path) -> list[str]:
    """How the database and MEDIA_ROOT differ from the manifest: tables missing or with other rows, files
    missing or with other contents."""
    problems = []
    actual = fingerprints(connection)
    for table, expected in manifest["tables"].items():
        found = actual.get(table)
        if found is None:
            problems.append(f"table {table} is missing")
        elif found["rows"] != expected["rows"]:
            problems.append(f"table {table} has {found['rows']} rows, the backup {expected['rows']}")
        elif found["checksum"] != expected["checksum"]:
            problems.append(f"table {table} has other rows than the backup (checksum differs)")
    for table in sorted(set(actual) - set(manifest["tables"])):
        problems.append(f"table {table} is not in the backup")
    for relative, expected in manifest["media"].items():
        path = Path(media_root) / relative
        if not path.is_file():
            problems.append(f"file {relative} is missing")
        elif _sha256(path) != expected["sha256"]:
            problems.append(f"file {relative} differs from the backup")
    return problems
