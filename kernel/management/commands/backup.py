"""``manage.py backup --output DIR``: the database and the uploaded documents."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kernel.backup import BackupError, back_up


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump -Fc, or SQLite's online backup) and MEDIA_ROOT into "
        "a new directory, with a manifest of checksums."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--output", required=True, type=Path, help="A new or empty directory.")
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = back_up(options["output"], using=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        sizes = ", ".join(f"{name} {f['bytes']} bytes" for name, f in manifest["files"].items())
        self.stdout.write(f"Backed up {manifest['engine']} to {options['output']}: {sizes}.")
