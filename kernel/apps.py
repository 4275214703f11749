from __future__ import annotations

from django.apps import AppConfig


class KernelConfig(AppConfig):
    """Shared, app-free code; an app for its management commands (backup, restore) and checks."""

    name = "kernel"
    verbose_name = "Kernel"

    def ready(self) -> None:
        # fuzzy registers SQLite's word_similarity on each new connection (loose name
        # matching); database_checks warns when PostgreSQL runs without autovacuum.
        from kernel import database_checks, fuzzy  # noqa: F401
