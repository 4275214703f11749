"""Benchmark what has no floor: the public pages, search, deep pages, stats, the network,
the admin, feeds and the sitemap, on PostgreSQL.

Each probe goes through the whole Django stack in-process (``django.test.Client``), as the
public (pages), a read token (API) or a staff member (admin). Pages are timed **cold**
(the page cache emptied before each request, as after a publish) and **warm** (served
from it); everything else is timed as it comes. Medians and 95th percentiles, queries per
request and response size go to the section of docs/benchmarks.md between this script's
markers.

Writes (a nested agreement POST, then a PATCH of it, with a write token) are timed
inside a transaction rolled back after each pair, so the database is left as it was.
As in production (registry/wsgi.py), every statement is cut off after 20 seconds; a probe
that hits it is shown as timed out. ``--budget`` bounds the time spent on one probe: its
repetitions stop once it is used up, and the table says how many ran. ``--export`` also
streams the CSV export of every agreement once (time, size, this process's memory).

Every run saves its timings to bench/results/pages-<label>.json (the label names the
dataset size, "100k" or "1M"); ``--write`` renders the runs of every size side by side.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/registry_bench \\
        .venv/bin/python bench/pages.py --repeat 20 --write docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# Measure the work, not the throttles: one client sends every request.
os.environ.setdefault("PUBLIC_PAGE_RATE", "1000000/minute")
os.environ.setdefault("API_ANON_RATE", "1000000/minute")
# The page cache as production runs it (there in Redis; here in this process's memory).
os.environ.setdefault("PUBLIC_CACHE_SECONDS", "300")
# The web processes' limit on one statement (registry/wsgi.py).
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", "20")

import bench.api  # noqa: E402, I001  (sets Django up, as bench/api.py runs)

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import OperationalError, connection, transaction  # noqa: E402
from django.db.models import Count, Model  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from access.models import ApiToken, TokenScope  # noqa: E402
from agreements.models import Agreement, CooperationField, Region  # noqa: E402
from bench import results  # noqa: E402
from kernel.api.pagination import encode_cursor, ordering_keys  # noqa: E402
from parties.models import Party  # noqa: E402

dataset, machine, read_token = bench.api.dataset, bench.api.machine, bench.api.read_token

# Pages name their static files; without collectstatic's manifest, by their plain names.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

START_MARK = "<!-- bench/pages.py: start -->"
END_MARK = "<!-- bench/pages.py: end -->"


@dataclass
class Probe:
    name: str
    path: str
    who: str  # "public", "token", "staff" or "writer"
    page: bool = False  # a public page: timed cold and warm
    method: str = "get"  # "post" and "patch" send ``body`` as JSON
    body: dict[str, Any] = field(default_factory=dict)


@dataclass
class Timing:
    probe: Probe
    cold: list[float]
    warm: list[float]
    queries: int
    bytes: int
    status: int
    timed_out: bool = False


def _most(model: type[Model], relation: str) -> str:
    row = (
        model._default_manager.annotate(n=Count(relation))
        .order_by("-n")
        .values_list("slug")
        .first()
    )
    if row is None:
        raise SystemExit(f"No {model.__name__} in the database.")
    return str(row[0])


def _cursor_at_middle() -> str:
    queryset = Agreement.objects.order_by("-signed_on", "title", "pk")
    middle = queryset.count() // 2
    row = queryset[middle]
    return encode_cursor(ordering_keys(queryset), row)


def probes() -> list[Probe]:
    party = _most(Party, "agreement_roles")
    field = _most(CooperationField, "agreements")
    region = _most(Region, "agreements")
    # Numbered pages reach 10,000 rows (kernel/api/pagination.py): page 200 of 50.
    last_numbered_page = max(1, min(200, Agreement.objects.count() // 50))
    agreement = Agreement.objects.filter(published=True).values_list("slug", flat=True).first()
    pages = [
        ("home", "/en/"),
        ("home, Chinese", "/zh-hans/"),
        ("agreement list", "/en/agreements/"),
        ("agreement list, one facet", "/en/agreements/?kind=memorandum_of_understanding"),
        (
            "agreement list, two facets",
            f"/en/agreements/?kind=memorandum_of_understanding&field={field}",
        ),  # noqa: E501
        ("agreement list, search", "/en/agreements/?q=energy"),
        ("agreement", f"/en/agreements/{agreement}/"),
        ("largest party", f"/en/parties/{party}/"),
        ("largest party with sub-units", f"/en/parties/{party}/?include_subunits=1"),
        ("field", f"/en/fields/{field}/"),
        ("region", f"/en/regions/{region}/"),
        ("party directory", "/en/parties/"),
        ("unified search", "/en/search/?q=shenzhen"),
        ("unified search, typo", "/en/search/?q=shenzen"),
        ("Atom feed", "/en/feeds/agreements.atom"),
        ("sitemap index", "/sitemap.xml"),
        ("sitemap, agreements section", "/sitemap-agreements.xml?p=2"),
    ]
    api = [
        ("API list", "/api/agreements/"),
        ("API list, 500", "/api/agreements/?page_size=500"),
        ("API search, frequent word", "/api/agreements/?q=energy"),
        ("API search, typo", "/api/agreements/?q=enrgy"),
        ("API search, Chinese", "/api/agreements/?q=四川"),
        ("API last numbered page", f"/api/agreements/?page={last_numbered_page}"),
        ("API cursor page in the middle", f"/api/agreements/?cursor={_cursor_at_middle()}"),
        ("API party with sub-units", f"/api/agreements/?party={party}&include_subunits=true"),
        ("network, unfiltered", "/api/network/"),
        ("stats by party", "/api/stats/agreements/?group_by=party"),
        ("stats by year", "/api/stats/agreements/?group_by=year"),
    ]
    admin = [
        ("admin changelist", "/admin/agreements/agreement/"),
        ("admin changelist, search", "/admin/agreements/agreement/?q=energy"),
        ("admin changelist, country", "/admin/agreements/agreement/?party_country=CN"),
    ]
    return (
        [Probe(name, path, "public", page=True) for name, path in pages]
        + [Probe(name, path, "token") for name, path in api]
        + [Probe(name, path, "staff") for name, path in admin]
    )


def clients() -> dict[str, tuple[Client, dict[str, str]]]:
    staff, _ = get_user_model()._default_manager.get_or_create(
        username="bench-staff", defaults={"is_staff": True, "is_superuser": True}
    )
    staff_client = Client()
    staff_client.force_login(staff)
    return {
        "public": (Client(), {}),
        "token": (Client(), {"authorization": f"Token {read_token()}"}),
        "staff": (staff_client, {}),
        "writer": (Client(), {"authorization": f"Token {write_token()}"}),
    }


def write_token() -> str:
    user, _ = get_user_model()._default_manager.get_or_create(username="bench-editor")
    _token, key = ApiToken.issue(user, TokenScope.WRITE, "bench/pages.py")
    return key


SLUG_WRITTEN = "bench-write-probe"


def write_probes(client: Client, headers: dict[str, str]) -> list[Probe]:
    """A nested POST of a copy of the best-connected agreement (parties, signatories,
    fields, regions, relations, commitments, sources; new slug and source URLs), then a
    PATCH of the copy's summary and commitments."""
    slug = bench.api._detail_slug()
    original = client.get(f"/api/agreements/{slug}/", headers=headers).json()
    body = {key: value for key, value in original.items() if key not in READ_ONLY}
    body["slug"] = SLUG_WRITTEN
    body["sources"] = [
        {**source, "url": f"{source['url']}#{SLUG_WRITTEN}"} for source in body["sources"]
    ]
    commitment = {"title": "Exchange researchers", "status": "planned", "due_on": "2030"}
    patch = {
        "summary": "Changed by the write probe.",
        "commitments": [*body["commitments"], commitment],
    }
    return [
        Probe("API write: nested POST", "/api/agreements/", "writer", method="post", body=body),
        Probe(
            "API write: nested PATCH",
            f"/api/agreements/{SLUG_WRITTEN}/",
            "writer",
            method="patch",
            body=patch,
        ),
    ]


# What the API shows but a write does not take (it would ignore them anyway).
READ_ONLY = {"url", "events", "documents", "claims", "chain", "created_at", "updated_at"}


class Budget:
    """Repetitions of one probe until ``repeat`` ran or ``seconds`` (0: none) are spent."""

    def __init__(self, repeat: int, seconds: float) -> None:
        self.repeat, self.seconds, self.started = repeat, seconds, time.perf_counter()

    def more(self, done: int) -> bool:
        if done >= self.repeat:
            return False
        spent = time.perf_counter() - self.started
        return done == 0 or not self.seconds or spent < self.seconds


def _timed(client: Client, probe: Probe, headers: dict[str, str]) -> tuple[float, Any, bytes]:
    """One request's time in ms (a streamed body read to its end), its response (None
    when the statement timeout hit) and body."""
    start = time.perf_counter()
    try:
        if probe.method == "get":
            response = client.get(probe.path, headers=headers)
        else:
            response = getattr(client, probe.method)(
                probe.path, json.dumps(probe.body), content_type="application/json", headers=headers
            )
        body = (
            b"".join(response.streaming_content)  # type: ignore[attr-defined]
            if response.streaming
            else response.content
        )
    except OperationalError as exc:
        if "statement timeout" not in str(exc):
            raise
        response, body = None, b""
    return (time.perf_counter() - start) * 1000, response, body


def measure(
    probe: Probe, client: Client, headers: dict[str, str], repeat: int, budget: float = 0
) -> Timing:
    """Medians of up to ``repeat`` requests; the first, which counts the queries, is not
    timed unless it timed out (then it is the only one)."""
    bound = Budget(repeat, budget)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        took, response, body = _timed(client, probe, headers)
    if response is None:
        return Timing(probe, [took], [], len(queries), 0, 0, timed_out=True)
    # Counted now: the next request clears the connection's query log.
    query_count, size, status = len(queries), len(body), response.status_code
    cold: list[float] = []
    warm: list[float] = []
    timed_out = False
    while bound.more(len(cold)):
        if probe.page:
            cache.clear()
        took, response, _body = _timed(client, probe, headers)
        cold.append(took)
        timed_out = timed_out or response is None
        if probe.page and response is not None:
            warm.append(_timed(client, probe, headers)[0])
    return Timing(probe, cold, warm, query_count, size, status, timed_out)


def measure_writes(
    pair: list[Probe], client: Client, headers: dict[str, str], repeat: int, budget: float = 0
) -> list[Timing]:
    """The POST and the PATCH of the same copy, each pair in a transaction rolled back."""
    bound = Budget(repeat + 1, budget)
    times: list[list[float]] = [[] for _ in pair]
    counts: list[int] = [0 for _ in pair]
    sizes: list[int] = [0 for _ in pair]
    statuses: list[int] = [0 for _ in pair]
    done = 0
    while bound.more(done):
        with transaction.atomic():
            for index, probe in enumerate(pair):
                with CaptureQueriesContext(connection) as queries:
                    took, response, body = _timed(client, probe, headers)
                if response is None or response.status_code >= 400:
                    detail = body[:300] if response is not None else "timed out"
                    raise SystemExit(f"{probe.method.upper()} {probe.path}: {detail!r}")
                if done == 0:  # the first pair counts the queries and warms up
                    counts[index], sizes[index] = len(queries), len(body)
                    statuses[index] = response.status_code
                else:
                    times[index].append(took)
            transaction.set_rollback(True)
        done += 1
    return [
        Timing(probe, times[i], [], counts[i], sizes[i], statuses[i])
        for i, probe in enumerate(pair)
    ]


def measure_export(client: Client, headers: dict[str, str]) -> dict[str, Any]:
    """Stream ``?format=csv`` of every agreement once: time, size, rows, and this
    process's resident memory before, at its largest while streaming, and after."""
    path = "/api/agreements/?format=csv"
    before = _resident_mib()
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    response = client.get(path, headers=headers)
    size = lines = 0
    largest = before
    for chunk in response.streaming_content:  # type: ignore[attr-defined]
        size += len(chunk)
        lines += chunk.count(b"\n")
        if lines % 20_000 < chunk.count(b"\n") + 1:
            largest = max(largest, _resident_mib())
    seconds = time.perf_counter() - start
    return {
        "key": "CSV export",
        "path": path,
        "status": response.status_code,
        "streaming": bool(response.streaming),
        "seconds": round(seconds, 1),
        "bytes": size,
        "rows": max(0, lines - 1),
        "resident_mib_before": round(before),
        "resident_mib_largest": round(max(largest, _resident_mib())),
        "peak_mib_before": round(peak_before),
        "peak_mib_after": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def _resident_mib() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def record(t: Timing) -> dict[str, Any]:
    """What a run saves of one probe: every timing, not only the summary."""
    return {
        "key": t.probe.name,
        "name": t.probe.name,
        "path": t.probe.path,
        "method": t.probe.method,
        "cold_ms": [round(x, 3) for x in t.cold],
        "warm_ms": [round(x, 3) for x in t.warm],
        "queries": t.queries,
        "bytes": t.bytes,
        "status": t.status,
        "timed_out": t.timed_out,
    }


def row(t: Timing) -> str:
    r = record(t)
    return (
        f"| {_describe(r)} | {_cold(r)} | {results.median_p95(r['warm_ms'], 1)} | "
        f"{r['queries']} | {r['bytes'] / 1024:,.0f} |"
    )


def _describe(r: dict[str, Any]) -> str:
    status = "" if r["status"] in (200, 201) else f" ({r['status'] or 'no answer'})"
    return f"{r['name']}{status} `{r['method'].upper()} {unquote(r['path'])[:70]}`"


def _cold(r: dict[str, Any]) -> str:
    figures = results.median_p95(r["cold_ms"])
    if r["timed_out"]:
        return f"timed out (20 s) ×{len(r['cold_ms'])}"
    return figures if len(r["cold_ms"]) >= 20 else f"{figures} (n={len(r['cold_ms'])})"


COLUMNS_BY_SIZE: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
    ("median / p95 ms (pages: cold)", _cold),
    ("warm median / p95 ms", lambda r: results.median_p95(r["warm_ms"], 1)),
    ("queries", lambda r: str(r["queries"])),
    ("KiB", lambda r: f"{r['bytes'] / 1024:,.0f}"),
]


def table(timings: list[Timing]) -> str:
    head = [
        "| probe | median / p95 ms | warm median / p95 ms | queries | KiB |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    return "\n".join(head + [row(t) for t in timings])


def export_table(all_runs: list[dict[str, Any]]) -> str:
    lines = [
        "| size | rows | MiB | seconds | rows/s | resident MiB before → largest while streaming |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for run in all_runs:
        e = run.get("export")
        if e:
            lines.append(
                f"| {run['label']} | {e['rows']:,} | {e['bytes'] / 2**20:,.0f} | "
                f"{e['seconds']:,.1f} | {e['rows'] / e['seconds']:,.0f} | "
                f"{e['resident_mib_before']:,} → {e['resident_mib_largest']:,} |"
            )
    return "\n".join(lines)


def report(all_runs: list[dict[str, Any]]) -> str:
    """The section between the markers: every saved run, sizes side by side."""
    parts = [
        START_MARK,
        "Pages cold (page cache emptied first) and warm (served from it); everything else "
        "as it comes. A cell reads median / p95; n is the number of timed requests where "
        "the time budget cut it below the run's repeat. Runs (raw timings in "
        "`bench/results/pages-<size>.json`):",
        "",
        *results.run_notes(all_runs, "probe"),
        "",
        results.side_by_side(all_runs, "probe", COLUMNS_BY_SIZE, _describe),
    ]
    if any(run.get("export") for run in all_runs):
        parts += [
            "",
            "CSV export of every agreement (`GET /api/agreements/?format=csv` with a read "
            "token, streamed, read to the end once in the benchmark's process):",
            "",
            export_table(all_runs),
        ]
    return "\n".join([*parts, END_MARK])


def write(path: Path, section: str) -> None:
    results.replace_section(
        path, START_MARK, END_MARK, section, "## Pages, search, stats and the admin"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--write", type=Path, help="Markdown file to put the table in.")
    parser.add_argument("--only", help="Measure only probes whose name contains this.")
    parser.add_argument(
        "--budget",
        type=float,
        default=0,
        metavar="SECONDS",
        help="Stop repeating a probe once it has taken this long (0: no limit).",
    )
    parser.add_argument(
        "--export", action="store_true", help="Also stream the CSV export of every agreement."
    )
    results.add_arguments(parser)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Benchmarks run on PostgreSQL: set DATABASE_URL=postgres://...")
    if not Agreement.objects.exists():
        raise SystemExit("No agreements: run manage.py generate_dataset --agreements N first.")
    run = results.Run("pages", args, dataset(), machine())
    run.data["budget_seconds"] = args.budget
    by_who = clients()
    timings = []
    for probe in probes():
        if args.only and args.only not in probe.name:
            continue
        client, headers = by_who[probe.who]
        timing = measure(probe, client, headers, args.repeat, args.budget)
        timings.append(timing)
        print(row(timing), flush=True)
    writer, write_headers = by_who["writer"]
    pair = write_probes(writer, write_headers)
    if not args.only or any(args.only in probe.name for probe in pair):
        for timing in measure_writes(pair, writer, write_headers, args.repeat, args.budget):
            timings.append(timing)
            print(row(timing), flush=True)
    export = None
    if args.export:
        export = measure_export(*by_who["token"])
        print(json.dumps(export), flush=True)
    run.save([record(t) for t in timings], export=export)
    if args.write:
        write(args.write, report(results.runs("pages")))
        print(f"\nWritten to {args.write}")


if __name__ == "__main__":
    main()
