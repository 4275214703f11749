"""Benchmark the agreements API against the floor, on PostgreSQL.

Each endpoint goes through the whole Django stack in-process (``django.test.Client`` with
a read token, so drafts count too). Its floor is the same JSON fetched by one hand-written
SQL query and encoded with orjson, timed in the same run, interleaved with the API calls.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/registry_bench \\
        .venv/bin/python bench/api.py --repeat 30 --write docs/benchmarks.md

Every run saves its timings to bench/results/api-<label>.json (the label names the
dataset size, "100k" or "1M"); ``--write`` renders the runs of every size side by side.
"""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")
# Production-like settings: DEBUG off (no query log), no HTTPS redirect for the test client.
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-" + secrets.token_urlsafe(40))
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

import orjson  # noqa: E402
import psycopg2.extras  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from rest_framework.utils.urls import replace_query_param  # noqa: E402

from access.models import ApiToken, TokenScope  # noqa: E402
from agreements.api.serializers import chain_item  # noqa: E402
from agreements.chains import chain_of  # noqa: E402
from agreements.choices import INVERSE_RELATION  # noqa: E402
from agreements.models import Agreement  # noqa: E402
from bench import results  # noqa: E402

BASE_URL = "http://testserver/api/agreements/"
MEDIA_URL = "http://testserver" + settings.MEDIA_URL
START_MARK = "<!-- bench/api.py:start -->"
END_MARK = "<!-- bench/api.py:end -->"


def _date(column: str) -> str:
    """SQL for a partial date at its precision: "2017", "2017-07" or "2017-07-15"."""
    return (
        f"CASE {column}_precision WHEN 'year' THEN to_char({column}, 'YYYY') "
        f"WHEN 'month' THEN to_char({column}, 'YYYY-MM') "
        f"ELSE to_char({column}, 'YYYY-MM-DD') END"
    )


def _timestamp(column: str) -> str:
    return f"""to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')"""


def _file(column: str) -> str:
    """SQL for a stored file's absolute URL (file system storage), NULL for none."""
    return f"CASE WHEN {column} = '' THEN NULL ELSE '{MEDIA_URL}' || {column} END"


def _array(select: str, default: str = "'[]'::json") -> str:
    return f"coalesce(({select}), {default})"


# Every field the agreement serializer shows, computed by PostgreSQL for the rows of ``a``.
COLUMNS: list[tuple[str, str]] = [
    ("slug", "a.slug"),
    ("url", f"'{BASE_URL}' || a.slug || '/'"),
    ("title", "a.title"),
    ("title_local", "a.title_local"),
    ("language", "a.language"),
    ("kind", "a.kind"),
    ("status", "a.status"),
    ("status_fixed", "a.status_fixed"),
    ("status_note", "a.status_note"),
    ("published", "a.published"),
    ("signed_on", _date("a.signed_on")),
    ("effective_on", _date("a.effective_on")),
    ("expires_on", _date("a.expires_on")),
    ("terminated_on", _date("a.terminated_on")),
    ("signed_place", "a.signed_place"),
    ("signed_place_local", "a.signed_place_local"),
    ("reference_number", "a.reference_number"),
    ("summary", "a.summary"),
    ("summary_local", "a.summary_local"),
    ("full_text", "a.full_text"),
    (
        "parties",
        _array(
            "SELECT json_agg(json_build_object('party', p.slug, 'role', ap.role) "
            "ORDER BY ap.position, ap.id) FROM agreements_agreementparty ap "
            "JOIN parties_party p ON p.id = ap.party_id WHERE ap.agreement_id = a.id"
        ),
    ),
    (
        "signatories",
        _array(
            "SELECT json_agg(json_build_object('person', pe.slug, 'on_behalf_of', b.slug, "
            "'role', s.role, 'title', s.title) ORDER BY s.role, s.id) "
            "FROM agreements_signature s JOIN parties_person pe ON pe.id = s.person_id "
            "JOIN parties_party b ON b.id = s.on_behalf_of_id WHERE s.agreement_id = a.id"
        ),
    ),
    (
        "fields",
        _array(
            "SELECT json_agg(f.slug ORDER BY f.name, f.id) FROM agreements_agreement_fields af "
            "JOIN agreements_cooperationfield f ON f.id = af.cooperationfield_id "
            "WHERE af.agreement_id = a.id"
        ),
    ),
    (
        "regions",
        _array(
            "SELECT json_agg(r.slug ORDER BY r.name, r.id) FROM agreements_agreement_regions ar "
            "JOIN agreements_region r ON r.id = ar.region_id WHERE ar.agreement_id = a.id"
        ),
    ),
    (
        "relations",
        _array(
            "SELECT json_agg(json_build_object('kind', r.kind, 'agreement', o.slug, "
            "'note', r.note) ORDER BY r.id) FROM agreements_agreementrelation r "
            "JOIN agreements_agreement o ON o.id = r.other_id WHERE r.agreement_id = a.id"
        ),
    ),
    (
        "inverse",
        _array(
            "SELECT json_agg(json_build_object('kind', r.kind, 'agreement', o.slug) "
            "ORDER BY r.id) FROM agreements_agreementrelation r "
            "JOIN agreements_agreement o ON o.id = r.agreement_id WHERE r.other_id = a.id"
        ),
    ),
    (
        "commitments",
        _array(
            "SELECT json_agg(json_build_object('title', c.title, 'title_local', c.title_local, "
            "'description', c.description, 'status', c.status, "
            f"'due_on', {_date('c.due_on')}, 'completed_on', {_date('c.completed_on')}, "
            "'responsible_parties', "
            + _array(
                "SELECT json_agg(p.slug ORDER BY p.name, p.id) "
                "FROM agreements_commitment_responsible_parties cr "
                "JOIN parties_party p ON p.id = cr.party_id WHERE cr.commitment_id = c.id"
            )
            + ") ORDER BY c.position, c.id) FROM agreements_commitment c "
            "WHERE c.agreement_id = a.id"
        ),
    ),
    (
        "sources",
        _array(
            "SELECT json_agg(json_build_object('url', s.url, 'title', s.title, "
            "'publisher', s.publisher, "
            f"'published_on', {_date('s.published_on')}, 'language', s.language, "
            "'excerpt', s.excerpt, 'supports', c.supports) ORDER BY c.id) "
            "FROM agreements_agreementsource c JOIN agreements_source s ON s.id = c.source_id "
            "WHERE c.agreement_id = a.id"
        ),
    ),
    (
        "events",
        _array(
            "SELECT json_agg(e.slug ORDER BY e.date DESC, e.title, e.id) "
            "FROM agreements_event_agreements ea JOIN agreements_event e ON e.id = ea.event_id "
            "WHERE ea.agreement_id = a.id"
        ),
    ),
    (
        "documents",
        _array(
            "SELECT json_agg(json_build_object('kind', d.kind, 'title', d.title, "
            f"'language', d.language, 'file', {_file('d.file')}, 'sha256', d.sha256, "
            f"'uploaded_at', {_timestamp('d.uploaded_at')}) ORDER BY d.kind, d.language, d.id) "
            "FROM agreements_document d WHERE d.agreement_id = a.id"
        ),
    ),
    (
        "claims",
        _array(
            "SELECT json_agg(json_build_object('path', cl.path, 'value', cl.value, "
            "'held', cl.held, 'source', s.url, 'quote', cl.quote, 'start', cl.start, "
            "'end', cl.end, 'note', cl.note) ORDER BY cl.path, cl.id) "
            "FROM agreements_claim cl JOIN agreements_source s ON s.id = cl.source_id "
            "LEFT JOIN agreements_agreement na ON na.id = cl.named_agreement_id "
            "WHERE cl.agreement_id = a.id AND (na.id IS NULL OR na.published)"
        ),
    ),
    ("created_at", _timestamp("a.created_at")),
    ("updated_at", _timestamp("a.updated_at")),
]
NAMES = [name for name, _sql in COLUMNS]
SELECT = ",\n".join(f"{sql} AS {name}" for name, sql in COLUMNS)
INVERSE = [(str(kind), name) for kind, (name, _label) in INVERSE_RELATION.items()]

# On PostgreSQL, ?q= matches the GIN-indexed weighted vector: a word as a prefix, a CJK
# term as the phrase of its character pairs; ranked by ts_rank (agreements/search.py).
# Fuzzy trigram matching is only a fallback when nothing matches, not the case here.
SEARCHES = {"energy": "'energy':*", "四川": "'四川'"}
TSQUERY = "to_tsquery('simple'::regconfig, %(tsquery)s)"
SEARCH_WHERE = f"a.search_vector @@ {TSQUERY}"
SEARCH_RANK = f"ts_rank(a.search_vector, {TSQUERY})"


SUBUNITS = (
    "EXISTS (SELECT 1 FROM agreements_agreementparty ap WHERE ap.agreement_id = a.id "
    "AND ap.party_id IN (WITH RECURSIVE sub(id) AS ("
    "SELECT id FROM parties_party WHERE slug = %(party)s UNION "
    "SELECT p.id FROM parties_party p JOIN sub ON p.parent_id = sub.id) SELECT id FROM sub))"
)


def floor_list(
    path: str, where: str, rank: str | None, limit: int, params: dict[str, Any]
) -> bytes:
    """One query: the page of agreements with everything nested, and the total count.

    Unfiltered: the page is read in the default order, which an index serves. Otherwise
    the matches are found once (id and sort keys only) for both the count and the page
    (faster for the sub-unit filter than walking that index and testing each row)."""
    sql = f"""
        SELECT (SELECT count(*) FROM agreements_agreement a WHERE {where}) AS total, {SELECT}
        FROM agreements_agreement a WHERE {where}
        ORDER BY a.signed_on DESC, a.title, a.id
        LIMIT %(limit)s
    """
    if where != "TRUE":
        sql = f"""
            WITH matches AS (
                SELECT a.id, a.signed_on, a.title, {rank or "0"} AS rank
                FROM agreements_agreement a WHERE {where}
            ), page AS (
                SELECT * FROM matches ORDER BY rank DESC, signed_on DESC, title, id
                LIMIT %(limit)s
            )
            SELECT (SELECT count(*) FROM matches) AS total, {SELECT}
            FROM page p JOIN agreements_agreement a ON a.id = p.id
            ORDER BY p.rank DESC, p.signed_on DESC, p.title, p.id
        """
    with connection.cursor() as cursor:
        raw = cursor.cursor
        psycopg2.extras.register_default_json(raw, loads=orjson.loads)
        cursor.execute(sql, {**params, "limit": limit})
        rows = cursor.fetchall()
    total = rows[0][0] if rows else 0
    results = [_agreement(row[1:]) for row in rows]
    more = total > limit
    return orjson.dumps(
        {
            "count": total,
            "next": replace_query_param(f"http://testserver{path}", "page", 2) if more else None,
            "previous": None,
            "results": results,
        }
    )


def floor_detail(slug: str) -> bytes:
    with connection.cursor() as cursor:
        psycopg2.extras.register_default_json(cursor.cursor, loads=orjson.loads)
        cursor.execute(f"SELECT {SELECT} FROM agreements_agreement a WHERE a.slug = %s", [slug])
        row = cursor.fetchone()
    data = _agreement(row)
    # The renewal chain is not hand-written SQL: the app's own walk (agreements/chains.py,
    # one query per step along the chain), as a read token (drafts included) sees it.
    reader = get_user_model()(is_active=True, is_superuser=True)
    agreement = Agreement.objects.only("pk").get(slug=slug)
    data["chain"] = [chain_item(link) for link in chain_of(agreement, reader)]
    return orjson.dumps(data)


def _agreement(row: tuple[Any, ...]) -> dict[str, Any]:
    data = dict(zip(NAMES, row, strict=True))
    inverse = data.pop("inverse")
    for kind, name in INVERSE:
        data[name] = [item["agreement"] for item in inverse if item["kind"] == kind]
    return data


@dataclass
class Case:
    name: str
    path: str
    floor: Callable[[], bytes]
    key: str = ""  # the same endpoint at every dataset size (the path may differ)

    def __post_init__(self) -> None:
        self.key = self.key or self.path


def _list_case(
    name: str, query: dict[str, Any], where: str, rank: str | None, params: dict[str, Any]
) -> Case:
    path = "/api/agreements/?" + urlencode(query)
    limit = int(query.get("page_size", 50))
    return Case(name, path, lambda: floor_list(path, where, rank, limit, params))


def cases() -> list[Case]:
    """The endpoints measured, each with the floor that returns the same JSON."""
    detail = _detail_slug()
    found = [
        _list_case("list", {"page_size": 50}, "TRUE", None, {}),
        _list_case("list", {"page_size": 500}, "TRUE", None, {}),
        Case("detail", f"/api/agreements/{detail}/", lambda: floor_detail(detail), "detail"),
    ]
    for text, tsquery in SEARCHES.items():
        params = {"tsquery": tsquery}
        found.append(_list_case("search", {"q": text}, SEARCH_WHERE, SEARCH_RANK, params))
    for party in ("cas", "sichuan-provincial-peoples-government"):
        query = {"party": party, "include_subunits": "true"}
        found.append(_list_case("party with sub-units", query, SUBUNITS, None, {"party": party}))
    return found


def _detail_slug() -> str:
    """A well-connected agreement: the most parties, signatures and sources, then by pk."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT a.slug FROM agreements_agreement a
               WHERE EXISTS (SELECT 1 FROM agreements_commitment c WHERE c.agreement_id = a.id)
               ORDER BY (SELECT count(*) FROM agreements_agreementparty p
                         WHERE p.agreement_id = a.id) DESC,
                        (SELECT count(*) FROM agreements_signature s
                         WHERE s.agreement_id = a.id) DESC, a.id
               LIMIT 1"""
        )
        return str(cursor.fetchone()[0])


def read_token() -> str:
    user, _ = get_user_model()._default_manager.get_or_create(username="bench-analyst")
    _token, key = ApiToken.issue(user, TokenScope.READ, "bench/api.py")
    return key


percentile = results.percentile


@dataclass
class Result:
    case: Case
    api: list[float]
    floor: list[float]
    queries: int
    same_json: str
    bytes: int


def measure(case: Case, client: Client, headers: dict[str, str], repeat: int) -> Result:
    response = client.get(case.path, headers=headers)
    if response.status_code != 200:
        raise SystemExit(f"{case.path} answered {response.status_code}: {response.content[:300]!r}")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(case.path, headers=headers)
    # Counted now: the next request clears the connection's query log.
    query_count = len(queries)
    floor_body = case.floor()
    same = _compare(orjson.loads(response.content), orjson.loads(floor_body))
    for _ in range(2):  # warm caches on both sides
        case.floor()
        client.get(case.path, headers=headers)
    api_times, floor_times = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(case.path, headers=headers)
        api_times.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        case.floor()
        floor_times.append((time.perf_counter() - start) * 1000)
    return Result(case, api_times, floor_times, query_count, same, len(response.content))


def _compare(api: Any, floor: Any) -> str:
    """ "yes" when the floor returned the API's JSON, else the first difference."""
    if api == floor:
        return "yes"
    if isinstance(api, dict) and "results" in api:
        api_slugs = [r["slug"] for r in api["results"]]
        floor_slugs = [r["slug"] for r in floor["results"]]
        if api["count"] != floor["count"]:
            return f"no: count {api['count']} vs {floor['count']}"
        if api_slugs != floor_slugs:
            return "same rows, other order" if set(api_slugs) == set(floor_slugs) else "no: rows"
        for a, f in zip(api["results"], floor["results"], strict=True):
            if a != f:
                return "no: " + _first_difference(a, f)
        return "no: envelope"
    return "no: " + _first_difference(api, floor)


def _first_difference(api: dict[str, Any], floor: dict[str, Any]) -> str:
    for key in sorted(set(api) | set(floor)):
        if api.get(key) != floor.get(key):
            return f"{key}"
    return "?"


def machine() -> dict[str, str]:
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(meminfo.read_text().split("\n")[0].split()[1])
        memory = f"{kb / 1024 / 1024:.1f} GiB"
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        cpu = next(
            (
                line.split(":", 1)[1].strip()
                for line in cpuinfo.read_text().splitlines()
                if line.startswith("model name")
            ),
            "",
        )
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    return {
        "CPUs (nproc)": str(os.cpu_count()),
        "CPU": cpu,
        "memory": memory,
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "PostgreSQL": server,
        "Python": platform.python_version(),
        "Django": django.get_version(),
    }


def dataset() -> dict[str, int]:
    tables = {
        "agreements": "agreements_agreement",
        "parties": "parties_party",
        "people": "parties_person",
        "party links": "agreements_agreementparty",
        "signatures": "agreements_signature",
        "sources": "agreements_source",
        "relations": "agreements_agreementrelation",
        "commitments": "agreements_commitment",
    }
    counts = {}
    with connection.cursor() as cursor:
        for label, table in tables.items():
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed names
            counts[label] = cursor.fetchone()[0]
    return counts


def table(measured: list[Result]) -> str:
    lines = [
        "| endpoint | median ms | p95 ms | floor median ms | floor p95 ms | ratio | "
        "queries/request | response KiB | floor = API JSON |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in measured:
        median, floor = statistics.median(r.api), statistics.median(r.floor)
        endpoint = f"{r.case.name} `{unquote(r.case.path)}`"
        lines.append(
            f"| {endpoint} | {median:.1f} | {percentile(r.api, 0.95):.1f} | "
            f"{floor:.1f} | {percentile(r.floor, 0.95):.1f} | {median / floor:.1f}x | "
            f"{r.queries} | {r.bytes / 1024:.0f} | {r.same_json} |"
        )
    return "\n".join(lines)


def record(result: Result) -> dict[str, Any]:
    """What a run saves of one endpoint: every timing, not only the summary."""
    return {
        "key": result.case.key,
        "name": result.case.name,
        "path": result.case.path,
        "api_ms": [round(t, 3) for t in result.api],
        "floor_ms": [round(t, 3) for t in result.floor],
        "queries": result.queries,
        "bytes": result.bytes,
        "same_json": result.same_json,
    }


def _ratio(r: dict[str, Any]) -> str:
    return f"{statistics.median(r['api_ms']) / statistics.median(r['floor_ms']):.1f}x"


COLUMNS_BY_SIZE: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
    ("median / p95 ms", lambda r: results.median_p95(r["api_ms"], 1)),
    ("floor median / p95 ms", lambda r: results.median_p95(r["floor_ms"], 1)),
    ("ratio", _ratio),
    ("queries", lambda r: str(r["queries"])),
    ("KiB", lambda r: f"{r['bytes'] / 1024:,.0f}"),
    ("floor = API JSON", lambda r: r["same_json"]),
]


def report(runs: list[dict[str, Any]]) -> str:
    """The section between the markers: every saved run, sizes side by side."""
    parts = [
        START_MARK,
        "Each endpoint interleaved with its floor, request by request; the ratio is of the "
        "medians. Runs (raw timings in `bench/results/api-<size>.json`):",
        "",
        *results.run_notes(runs, "endpoint"),
        "",
        results.side_by_side(
            runs, "endpoint", COLUMNS_BY_SIZE, lambda r: f"{r['name']} `{unquote(r['path'])}`"
        ),
        END_MARK,
    ]
    return "\n".join(parts)


def write(path: Path, section: str) -> None:
    """Replace the measured section of the document, keeping the prose around it."""
    results.replace_section(path, START_MARK, END_MARK, section, "## API against the floor")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--write", type=Path, help="Markdown file to put the table in.")
    parser.add_argument(
        "--generate",
        type=int,
        default=0,
        metavar="N",
        help="First run generate_dataset --agreements N if the database has no agreements.",
    )
    parser.add_argument("--only", help="Measure only endpoints whose path contains this.")
    results.add_arguments(parser)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("The floor queries are PostgreSQL SQL: set DATABASE_URL=postgres://...")
    if args.generate and not Agreement.objects.exists():
        call_command("generate_dataset", agreements=args.generate)
    if not Agreement.objects.exists():
        raise SystemExit("No agreements: run manage.py generate_dataset --agreements 100000 first.")
    client = Client()
    headers = {"authorization": f"Token {read_token()}", "accept": "application/json"}
    run = results.Run("api", args, dataset(), machine())
    measured = []
    for case in cases():
        if args.only and args.only not in case.path:
            continue
        result = measure(case, client, headers, args.repeat)
        measured.append(result)
        print(table([result]).split("\n")[-1], flush=True)
    print()
    print(table(measured))
    run.save([record(result) for result in measured])
    if args.write:
        write(args.write, report(results.runs("api")))
        print(f"\nWritten to {args.write}")


if __name__ == "__main__":
    main()
