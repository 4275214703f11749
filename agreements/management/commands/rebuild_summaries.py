"""Count every published agreement again into the summaries (after bulk loads that bypass
signals, or after the migration that adds them)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from agreements.summaries import rebuild_summaries


class Command(BaseCommand):
    help = "Rebuild the counts of published agreements that the public pages read."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        count = rebuild_summaries(using=options["database"])
        seconds = time.perf_counter() - started
        self.stdout.write(f"Counted {count} published agreements in {seconds:.1f}s.")
