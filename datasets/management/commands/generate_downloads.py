"""``manage.py generate_downloads``: write the downloadable files now (datasets/)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from datasets.generate import Busy, generate, is_dirty


class Command(BaseCommand):
    help = "Write the dataset files (CSV, JSON Lines, Popolo, OCDS) and their manifest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-changed",
            action="store_true",
            help="Only if a public record changed since they were last written.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_changed"] and not is_dirty():
            self.stdout.write("The files are up to date.")
            return
        try:
            manifest = generate()
        except Busy as error:
            raise CommandError(str(error)) from error
        for item in manifest["files"]:
            self.stdout.write(f"{item['name']}: {item['records']} records, {item['bytes']} bytes")
