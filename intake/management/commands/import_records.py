"""manage.py import_records FILE: import agreements, parties or people from CSV, XLSX or
JSON Lines through the write services, printing what each row did.

Exit status: 0 when every row was imported (or would be, with --dry-run), 1 when rows
failed, 2 when the file itself was refused (unreadable, unknown or missing columns)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from intake.records.columns import RESOURCES
from intake.records.importer import ATOMIC, FAILED, MODES, error_lines, import_table
from intake.records.readers import FileRefused, format_of, read_table


class Command(BaseCommand):
    help = "Import agreements, parties or people from a CSV, XLSX or JSON Lines file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--kind",
            choices=sorted(RESOURCES),
            help="What the rows are (default: from the header).",
        )
        parser.add_argument(
            "--format",
            choices=["csv", "xlsx", "jsonl"],
            help="The file's format (default: from its extension).",
        )
        parser.add_argument(
            "--mode",
            choices=MODES,
            default=ATOMIC,
            help="atomic: any error and nothing is written (default); per-row: good rows are "
            "written, bad rows reported.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check every row and report what would change; write nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            fmt = options["format"] or format_of(path.name)
            try:
                data = path.read_bytes()
            except OSError as error:
                raise FileRefused(f"Cannot read {path}: {error.strerror}") from error
            report = import_table(
                read_table(data, fmt),
                kind=options["kind"],
                mode=options["mode"],
                dry_run=options["dry_run"],
            )
        except FileRefused as refused:
            raise CommandError(f"{path}: {refused}", returncode=2) from refused
        for result in report.rows:
            self.stdout.write(f"row {result.row}\t{result.action}\t{result.key}")
        for line in error_lines(report):
            self.stderr.write(line)
        counts = ", ".join(f"{count} {action}" for action, count in report.counts.items())
        if report.dry_run:
            outcome = "dry run, nothing written"
        elif report.written:
            outcome = "written"
        else:
            outcome = "nothing written (atomic: every row must pass)"
        self.stdout.write(f"{report.kind}: {counts}; {outcome}.")
        if report.count(FAILED):
            raise CommandError(f"{report.count(FAILED)} rows failed.", returncode=1)
