"""The benchmark scripts' raw results, kept as JSON, and their tables by dataset size.

Each run of a script saves what it measured (every timing, not only the medians) to
``bench/results/<script>-<label>.json``, the label naming the dataset size ("100k",
"1M"). A script's ``--write`` then renders one table from every run saved for it, one
group of columns per size, smallest first, so growth reads along a row.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


def size_label(agreements: int) -> str:
    """ "100k" for 100,000 agreements, "1M" for 1,000,000; other counts in full."""
    if agreements >= 1_000_000 and agreements % 1_000_000 == 0:
        return f"{agreements // 1_000_000}M"
    if agreements >= 1_000 and agreements % 1_000 == 0:
        return f"{agreements // 1_000}k"
    return f"{agreements:,}"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--label",
        help="Name of this dataset size in bench/results/ and the table (default from the "
        "number of agreements: 100k, 1M).",
    )
    parser.add_argument(
        "--no-save", action="store_true", help="Do not save the timings to bench/results/."
    )


class Run:
    """One run of a script, begun once the dataset is counted and saved at its end."""

    def __init__(
        self,
        script: str,
        args: argparse.Namespace,
        dataset: dict[str, int],
        machine: dict[str, str],
    ) -> None:
        self.script = script
        self.label = args.label or size_label(dataset["agreements"])
        self.saving = not args.no_save
        self.data: dict[str, Any] = {
            "script": script,
            "label": self.label,
            "command": f"python bench/{script}.py {' '.join(sys.argv[1:])}".strip(),
            "repeat": args.repeat,
            "load_start": load_average(),
            "machine": machine,
            "dataset": dataset,
        }

    def save(self, probes: list[dict[str, Any]], **extra: Any) -> None:
        """Save this run's probes, with those of an earlier run at this size that it did
        not measure; an ``extra`` value of None keeps the earlier run's."""
        if not self.saving:
            return
        old = previous(self.script, self.label)
        run = merge(
            old,
            {
                **self.data,
                "measured_at": now(),
                "load_end": load_average(),
                "probes": probes,
            },
        )
        for key, value in extra.items():
            run[key] = value if value is not None else (old or {}).get(key)
        print(f"\nSaved to {save(self.script, self.label, run)}")


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def now() -> str:
    return f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"


def save(script: str, label: str, run: dict[str, Any]) -> Path:
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{script}-{label}.json"
    path.write_text(json.dumps(run, ensure_ascii=False, indent=1) + "\n")
    return path


def runs(script: str) -> list[dict[str, Any]]:
    """Every saved run of ``script``, by the number of agreements measured on."""
    found = [json.loads(path.read_text()) for path in RESULTS.glob(f"{script}-*.json")]
    return sorted(found, key=lambda run: run["dataset"]["agreements"])


def merge(old: dict[str, Any] | None, new: dict[str, Any]) -> dict[str, Any]:
    """``new`` with the probes of ``old`` it did not measure (a run with ``--only``
    replaces those it measured and keeps the rest)."""
    if old is None:
        return new
    measured = {probe["key"] for probe in new["probes"]}
    kept = [probe for probe in old["probes"] if probe["key"] not in measured]
    order = [probe["key"] for probe in old["probes"]]
    probes = sorted(
        kept + new["probes"],
        key=lambda p: order.index(p["key"]) if p["key"] in order else len(order),
    )
    return {**new, "probes": probes}


def previous(script: str, label: str) -> dict[str, Any] | None:
    path = RESULTS / f"{script}-{label}.json"
    return json.loads(path.read_text()) if path.exists() else None


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def median_p95(values: list[float], digits: int = 0) -> str:
    """ "median / p95" of timings in ms, "–" for none."""
    if not values:
        return "–"
    return f"{statistics.median(values):,.{digits}f} / {percentile(values, 0.95):,.{digits}f}"


def side_by_side(
    all_runs: list[dict[str, Any]],
    first_column: str,
    columns: list[tuple[str, Callable[[dict[str, Any]], str]]],
    describe: Callable[[dict[str, Any]], str],
) -> str:
    """One row per probe key (in the order first seen), and for each run the ``columns``
    (a heading and a function of the probe's saved record); "–" where a run lacks it."""
    keys: list[str] = []
    for run in all_runs:
        keys += [p["key"] for p in run["probes"] if p["key"] not in keys]
    head = [first_column] + [f"{run['label']} {name}" for run in all_runs for name, _ in columns]
    lines = ["| " + " | ".join(head) + " |", "| --- |" + " ---: |" * (len(head) - 1)]
    for key in keys:
        records = [next((p for p in run["probes"] if p["key"] == key), None) for run in all_runs]
        present = [r for r in records if r is not None]
        cells = [_described(present, describe)]
        for record in records:
            cells += [fn(record) if record else "–" for _name, fn in columns]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _described(records: list[dict[str, Any]], describe: Callable[[dict[str, Any]], str]) -> str:
    texts: list[str] = []
    for record in records:
        text = describe(record)
        if text not in texts:
            texts.append(text)
    return " / ".join(texts)


def run_notes(all_runs: Iterable[dict[str, Any]], unit: str) -> list[str]:
    """A line per run: when, with what command, on which machine and data, under what load."""
    lines = []
    for run in all_runs:
        counts = ", ".join(f"{v:,} {k}" for k, v in run["dataset"].items())
        machine = "; ".join(
            f"{k} {v}" for k, v in run["machine"].items() if v and not k.startswith("load")
        )
        lines.append(
            f"- **{run['label']}**: measured {run['measured_at']} with `{run['command']}`, "
            f"each {unit} up to {run['repeat']} times; load average {run['load_start']} at "
            f"the start, {run['load_end']} at the end. Machine: {machine}. Dataset: {counts}."
        )
    return lines


def replace_section(path: Path, start: str, end: str, section: str, heading: str) -> None:
    """Put ``section`` (markers included) in place of the text between ``start`` and
    ``end``, keeping the prose around it; appended under ``heading`` when missing."""
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    if start not in text:
        text = text.rstrip() + f"\n\n{heading}\n\n{start}\n{end}\n"
    head, rest = text.split(start, 1)
    _old, tail = rest.split(end, 1)
    path.write_text(head + section + tail)
