"""``manage.py restore DIR``: replace the database and the documents with a backup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError

from kernel.backup import BackupError, read_manifest, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by 'backup' into the configured database (pg_restore --clean "
        "--if-exists) and MEDIA_ROOT (the documents there are moved aside, not deleted)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive", help="Do not ask to confirm."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["directory"]
        try:
            manifest = read_manifest(source)
            if options["interactive"]:
                answer = input(
                    f"Replace the database and the documents with the backup of "
                    f"{manifest['created_at']}? Type 'yes' to continue: "
                )
                if answer.strip().lower() != "yes":
                    raise CommandError("Restore cancelled; nothing was changed.")
            manifest, moved_aside = restore(source, using=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        # Pages cached before the restore may show records as they no longer are.
        cache.clear()
        self.stdout.write(f"Restored the backup of {manifest['created_at']} from {source}.")
        if moved_aside:
            self.stdout.write(f"The documents that were there are in {moved_aside}.")
