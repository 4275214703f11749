"""EXPLAIN (ANALYZE, BUFFERS) the slowest queries of one request, on PostgreSQL.

The request goes through the whole Django stack in-process, as bench/pages.py sends it
(``--who public``, ``token`` or ``staff``); its queries are timed, and the slowest
``--top`` of them are run again under EXPLAIN, whose plans are printed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/registry_bench \\
        .venv/bin/python bench/explain.py "/api/agreements/?q=energy" --who token
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# No statement timeout here: a slow query's plan is what is wanted.
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", "0")

import bench.pages  # noqa: E402, I001  (sets Django up as the benchmarks run it)

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path")
    parser.add_argument("--who", default="public", choices=["public", "token", "staff"])
    parser.add_argument("--top", type=int, default=1)
    args = parser.parse_args()
    client, headers = bench.pages.clients()[args.who]
    cache.clear()
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(args.path, headers=headers)
        if response.streaming:
            b"".join(response.streaming_content)  # type: ignore[attr-defined]
    took = (time.perf_counter() - start) * 1000
    queries = captured.captured_queries
    spent = sum(float(q["time"]) for q in queries) * 1000
    print(f"{args.path}: {response.status_code}, {took:,.0f} ms, {len(queries)} queries")
    print(f"({spent:,.0f} ms in the database)\n")
    slowest = sorted(queries, key=lambda q: float(q["time"]), reverse=True)[: args.top]
    for query in slowest:
        print(f"-- {float(query['time']) * 1000:,.0f} ms\n{query['sql']}\n")
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            print("\n".join(line for (line,) in cursor.fetchall()), "\n")


if __name__ == "__main__":
    main()
