"""``manage.py scheduler``: enqueue the tasks of settings.SCHEDULED_TASKS on their cron
schedules (kernel/scheduling.py), for the worker to run. One such process per deployment."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kernel import scheduling


class Command(BaseCommand):
    help = "Enqueue the scheduled tasks (settings.SCHEDULED_TASKS) on their cron schedules."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--list", action="store_true", help="Print the schedule and each next run, then exit."
        )
        parser.add_argument(
            "--once",
            metavar="NAME",
            help="Enqueue this scheduled task (its path or its name) now, then exit.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            entries = scheduling.schedule()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        if options["list"]:
            for entry in entries:
                next_run = entry.next_run()
                shown = next_run.isoformat() if next_run else "never"
                self.stdout.write(f"{entry.path}\t{entry.crontab}\tnext {shown}")
            return
        if options["once"]:
            try:
                entry = scheduling.find(entries, options["once"])
            except LookupError as error:
                raise CommandError(str(error)) from error
            result_id = scheduling.enqueue(entry.path)
            self.stdout.write(f"Enqueued {entry.path} ({result_id}).")
            return
        if not entries:
            raise CommandError("SCHEDULED_TASKS is empty: nothing to schedule.")
        self.stdout.write(f"Scheduling {len(entries)} task(s); stop with Ctrl-C.")
        try:
            scheduling.run_forever(entries)
        except (KeyboardInterrupt, SystemExit):
            self.stdout.write("Scheduler stopped.")
