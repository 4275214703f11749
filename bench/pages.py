"""Benchmark what has no floor: the public pages, search, deep pages, stats, the network,
the admin, feeds and the sitemap, on PostgreSQL.

Each probe goes through the whole Django stack in-process (``django.test.Client``), as the
public (pages), a read token (API) or a staff member (admin). Pages are timed **cold**
(the page cache emptied before each request, as after a publish) and **warm** (served
from it); everything else is timed as it comes. Medians and 95th percentiles, queries per
request and response size go to the section of docs/benchmarks.md between this script's
markers.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/registry_bench \\
        .venv/bin/python bench/pages.py --repeat 20 --write docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# Measure the work, not the throttles: one client sends every request.
os.environ.setdefault("PUBLIC_PAGE_RATE", "1000000/minute")
os.environ.setdefault("API_ANON_RATE", "1000000/minute")
# The page cache as production runs it (there in Redis; here in this process's memory).
os.environ.setdefault("PUBLIC_CACHE_SECONDS", "300")

import bench.api  # noqa: E402, I001  (sets Django up, as bench/api.py runs)

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Model  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from agreements.models import Agreement, CooperationField, Region  # noqa: E402
from kernel.api.pagination import encode_cursor, ordering_keys  # noqa: E402
from parties.models import Party  # noqa: E402

dataset, machine, percentile, read_token = (
    bench.api.dataset,
    bench.api.machine,
    bench.api.percentile,
    bench.api.read_token,
)

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
    who: str  # "public", "token" or "staff"
    page: bool = False  # a public page: timed cold and warm


@dataclass
class Timing:
    probe: Probe
    cold: list[float]
    warm: list[float]
    queries: int
    bytes: int
    status: int


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
    }


def measure(probe: Probe, client: Client, headers: dict[str, str], repeat: int) -> Timing:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(probe.path, headers=headers)
    # Counted now: the next request clears the connection's query log.
    query_count = len(queries)
    body = (
        b"".join(response.streaming_content)  # type: ignore[attr-defined]
        if response.streaming
        else response.content
    )
    cold: list[float] = []
    warm: list[float] = []
    for _ in range(repeat):
        if probe.page:
            cache.clear()
        start = time.perf_counter()
        client.get(probe.path, headers=headers)
        cold.append((time.perf_counter() - start) * 1000)
        if probe.page:
            start = time.perf_counter()
            client.get(probe.path, headers=headers)
            warm.append((time.perf_counter() - start) * 1000)
    return Timing(probe, cold, warm, query_count, len(body), response.status_code)


def row(t: Timing) -> str:
    cold = f"{statistics.median(t.cold):.0f} | {percentile(t.cold, 0.95):.0f}"
    warm = (
        f"{statistics.median(t.warm):.1f} | {percentile(t.warm, 0.95):.1f}" if t.warm else "– | –"
    )
    status = "" if t.status == 200 else f" ({t.status})"
    return (
        f"| {t.probe.name}{status} `{unquote(t.probe.path)[:70]}` | {cold} | {warm} | "
        f"{t.queries} | {t.bytes / 1024:,.0f} |"
    )


def table(timings: list[Timing]) -> str:
    head = [
        "| probe | median ms | p95 ms | warm median ms | warm p95 ms | queries | KiB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    return "\n".join(head + [row(t) for t in timings])


def report(timings: list[Timing], repeat: int, command: str) -> str:
    counts = dataset()
    return "\n".join(
        [
            START_MARK,
            f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC with `{command}`, each "
            f"probe {repeat} times; pages cold (page cache emptied first) and warm.",
            "",
            table(timings),
            "",
            "Machine: " + "; ".join(f"{k} {v}" for k, v in machine().items() if v) + ".",
            "",
            "Dataset: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()) + ".",
            END_MARK,
        ]
    )


def write(path: Path, section: str) -> None:
    text = path.read_text()
    if START_MARK not in text:
        text = (
            text.rstrip()
            + f"\n\n## Pages, search, stats and the admin\n\n{START_MARK}\n{END_MARK}\n"
        )
    head, rest = text.split(START_MARK, 1)
    _old, tail = rest.split(END_MARK, 1)
    path.write_text(head + section + tail)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--write", type=Path, help="Markdown file to put the table in.")
    parser.add_argument("--only", help="Measure only probes whose name contains this.")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Benchmarks run on PostgreSQL: set DATABASE_URL=postgres://...")
    if not Agreement.objects.exists():
        raise SystemExit("No agreements: run manage.py generate_dataset --agreements N first.")
    by_who = clients()
    timings = []
    for probe in probes():
        if args.only and args.only not in probe.name:
            continue
        client, headers = by_who[probe.who]
        timing = measure(probe, client, headers, args.repeat)
        timings.append(timing)
        print(row(timing), flush=True)
    command = ("python bench/pages.py " + " ".join(sys.argv[1:])).strip()
    if args.write:
        write(args.write, report(timings, args.repeat, command))
        print(f"\nWritten to {args.write}")


if __name__ == "__main__":
    main()
