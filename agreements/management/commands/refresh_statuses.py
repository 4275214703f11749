"""``manage.py refresh_statuses``: the daily status refresh (agreements/tasks.py), now."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from agreements.statuses import refresh_statuses


class Command(BaseCommand):
    help = "Bring every agreement's stored status up to date with its dates and relations."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            help="Compute the statuses for this day (YYYY-MM-DD) instead of today.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        on = None
        if options["date"]:
            try:
                on = dt.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(f"--date: {error}") from error
        changed = refresh_statuses(on=on)
        self.stdout.write(f"{changed} status(es) changed.")
