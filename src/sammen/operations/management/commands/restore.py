"""``sammen restore``: a backup of ``sammen backup`` into an empty database and MEDIA_ROOT, checked against its
manifest (docs/operations.md). Stop the web, worker and beat processes first."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from sammen.operations.backup import OperationsError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup (database and uploaded files) into an empty database and MEDIA_ROOT, then check both "
        "against the backup's manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="a .tar.gz written by `sammen backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="restore into a database that has tables (they are dropped first) or a MEDIA_ROOT with files "
            "(the backup's files are written over them)",
        )

    def handle(self, *args, archive, force=False, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"{path} does not exist.")
        try:
            problems = restore_backup(
                archive_path=path,
                connection=connection,
                media_root=Path(settings.MEDIA_ROOT),
                work_directory=Path(settings.VAR_DIR),
                force=force,
                log=self.stdout.write,
            )
        except OperationsError as error:
            raise CommandError(str(error)) from error
        if problems:
            raise CommandError("The restore differs from the backup:\n  " + "\n  ".join(problems))
        self.stdout.write("Verified: every table's rows and every file match the backup's manifest.")
