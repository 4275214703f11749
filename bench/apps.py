from __future__ import annotations

from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Benchmarks and the synthetic-data generator behind ``manage.py generate_dataset``."""

    name = "bench"
    verbose_name = "Benchmarks"
