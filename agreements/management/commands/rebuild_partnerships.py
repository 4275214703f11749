"""Count every agreement afresh in the pair table (after bulk loads that bypass signals)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from agreements.partnerships import rebuild_partnerships


class Command(BaseCommand):
    help = "Rebuild the pair table behind the co-signature network from the party links."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        count = rebuild_partnerships(using=options["database"])
        self.stdout.write(f"Counted {count} pairs of parties.")
