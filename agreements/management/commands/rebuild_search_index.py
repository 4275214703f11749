"""Rebuild every agreement's search document (after bulk loads that bypass signals)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from agreements.search import rebuild_search_index


class Command(BaseCommand):
    help = "Rebuild the full-text search document and vector of every agreement."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        count = rebuild_search_index(using=options["database"])
        self.stdout.write(f"Indexed {count} agreements.")
