"""``sammen backup``: the database and the uploaded files in one archive, with a manifest (docs/operations.md)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from sammen.operations.backup import OperationsError, create_backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files (MEDIA_ROOT) into one .tar.gz archive with a manifest."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="the archive's file name, or a directory for sammen-<UTC time>.tar.gz "
            "(default: the directory backups/ in SAMMEN_VAR_DIR)",
        )

    def handle(self, *args, output=None, **options):
        try:
            path, manifest = create_backup(
                connection=connection,
                media_root=Path(settings.MEDIA_ROOT),
                output=output,
                default_directory=Path(settings.VAR_DIR) / "backups",
            )
        except OperationsError as error:
            raise CommandError(str(error)) from error
        rows = sum(table["rows"] for table in manifest["tables"].values())
        self.stdout.write(
            f"Backup written to {path} ({path.stat().st_size} bytes): {manifest['database']['server']}, "
            f"{len(manifest['tables'])} tables, {rows} rows, {len(manifest['media'])} files."
        )
