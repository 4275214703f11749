"""Synthetic data for benchmarks: realistic, reproducible, loaded in bulk."""

from __future__ import annotations

from bench.dataset.generator import Counts, DatasetError, generate

__all__ = ["Counts", "DatasetError", "generate"]
