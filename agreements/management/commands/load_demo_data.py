"""Load the founding record (CAS and Shenzhen, 2017); safe to run again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from agreements.demo import founding_record


class Command(BaseCommand):
    help = "Load the founding record from shared/seed; running it again changes nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        agreement = founding_record.load()
        if options["verbosity"] > 0:
            self.stdout.write(
                self.style.SUCCESS(f"Demo data loaded: {agreement.title} ({agreement.slug}).")
            )
