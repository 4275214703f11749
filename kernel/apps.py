from __future__ import annotations

from django.apps import AppConfig


class KernelConfig(AppConfig):
    """Shared, app-free code; an app only for its management commands (backup, restore)."""

    name = "kernel"
    verbose_name = "Kernel"

    def ready(self) -> None:
        # Registers SQLite's word_similarity on each new connection (loose name matching).
        from kernel import fuzzy  # noqa: F401
