"""The benchmark scripts' saved runs and their tables by dataset size (bench/results.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bench import results


def run(label: str, agreements: int, probes: list[dict[str, Any]]) -> dict[str, Any]:
    return {"label": label, "dataset": {"agreements": agreements}, "probes": probes}


def probe(key: str, ms: list[float], path: str = "/x/") -> dict[str, Any]:
    return {"key": key, "path": path, "ms": ms}


@pytest.mark.parametrize(
    ("agreements", "label"),
    [(100_000, "100k"), (1_000_000, "1M"), (2_000_000, "2M"), (30, "30"), (12_345, "12,345")],
)
def test_a_size_is_labelled_by_its_round_number(agreements: int, label: str) -> None:
    assert results.size_label(agreements) == label


def test_a_partial_run_replaces_the_probes_it_measured_and_keeps_the_others() -> None:
    old = run("1M", 10, [probe("a", [1.0]), probe("b", [2.0]), probe("c", [3.0])])
    new = run("1M", 10, [probe("b", [20.0])])
    merged = results.merge(old, new)
    assert [(p["key"], p["ms"]) for p in merged["probes"]] == [
        ("a", [1.0]),
        ("b", [20.0]),
        ("c", [3.0]),
    ]


def test_the_sizes_stand_side_by_side_smallest_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(results, "RESULTS", tmp_path)
    results.save("demo", "1M", run("1M", 1_000_000, [probe("a", [30.0, 50.0], "/a?p=9/")]))
    results.save("demo", "100k", run("100k", 100_000, [probe("a", [3.0]), probe("b", [4.0])]))
    table = results.side_by_side(
        results.runs("demo"),
        "probe",
        [("median / p95 ms", lambda r: results.median_p95(r["ms"]))],
        lambda r: f"{r['key']} `{r['path']}`",
    )
    assert table.splitlines() == [
        "| probe | 100k median / p95 ms | 1M median / p95 ms |",
        "| --- | ---: | ---: |",
        "| a `/x/` / a `/a?p=9/` | 3 / 3 | 40 / 50 |",
        "| b `/x/` | 4 / 4 | – |",
    ]


def test_a_section_is_replaced_between_its_markers_and_added_when_missing(
    tmp_path: Path,
) -> None:
    doc = tmp_path / "benchmarks.md"
    doc.write_text("# Benchmarks\n\nProse.\n")
    results.replace_section(doc, "<!-- s -->", "<!-- e -->", "<!-- s -->\nold\n<!-- e -->", "## T")
    results.replace_section(doc, "<!-- s -->", "<!-- e -->", "<!-- s -->\nnew\n<!-- e -->", "## T")
    assert doc.read_text() == "# Benchmarks\n\nProse.\n\n## T\n\n<!-- s -->\nnew\n<!-- e -->\n"
