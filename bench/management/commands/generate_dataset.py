"""Fill the database with synthetic agreements for benchmarks (bulk inserts, seeded)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bench.dataset import DatasetError, generate


class Command(BaseCommand):
    help = (
        "Generate N synthetic agreements among synthetic parties in deep hierarchies; the "
        "same --seed gives the same data. Refuses a database that already holds agreements "
        "unless --append. Bulk inserts: no change-history rows are written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agreements", type=int, required=True, help="How many to add.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument(
            "--append",
            action="store_true",
            help="Add to a database that already holds agreements (new slugs; the synthetic "
            "parties, people, fields and regions are reused by slug).",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["agreements"] < 1 or options["batch_size"] < 1:
            raise CommandError("--agreements and --batch-size must be positive.")
        verbose = options["verbosity"] > 0
        try:
            counts = generate(
                options["agreements"],
                seed=options["seed"],
                batch_size=options["batch_size"],
                append=options["append"],
                using=options["database"],
                log=self.stdout.write if verbose else lambda _line: None,
            )
        except DatasetError as exc:
            raise CommandError(str(exc)) from exc
        if verbose:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Generated {counts.agreements} agreements in "
                    f"{counts.seconds['total']:.1f}s (agreements "
                    f"{counts.seconds['agreements']:.1f}s, search index "
                    f"{counts.seconds['search_index']:.1f}s)."
                )
            )
