"""Load test on loopback: the registry under gunicorn, driven by concurrent anonymous clients.

Starts gunicorn with gunicorn.conf.py (threaded workers) and production settings (DEBUG
off, a fresh SECRET_KEY, ALLOWED_HOSTS 127.0.0.1, the Redis cache, the anonymous throttles
raised so they do not shape the result), waits until it answers, samples real slugs and
title words through the API, then has ``--clients`` threads request a fixed mix of public
pages and API calls for ``--duration`` seconds, each on its own keep-alive connection.
It reports throughput, p50/p95/p99 per kind of request and every error; any 5xx fails the
run. With ``--export`` it then downloads every agreement as CSV (/api/agreements/?format=csv)
and as JSON Lines (/api/export/agreements/?format=jsonl), timing them and sampling the
workers' resident memory.

It only reads: point it at a generated dataset (manage.py generate_dataset) on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/registry_bench \\
        .venv/bin/python bench/load.py --duration 60 --clients 16 --export \\
        --write docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import random
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
START_MARK = "<!-- bench/load.py:start -->"
END_MARK = "<!-- bench/load.py:end -->"


@dataclass
class Sample:
    """Real slugs and words, read through the API before the clock starts."""

    agreements: list[str] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, status: int, path: str) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            self.statuses[kind][status] += 1
            if status >= 500 and len(self.failures) < 20:
                self.failures.append(f"{status} {path}")


def server_environment(database_url: str, redis_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP on loopback: no redirect to HTTPS.
        "SECURE_SSL_REDIRECT": "false",
        # Every client comes from 127.0.0.1; the production limits would answer 429.
        "API_ANON_RATE": "1000000/minute",
        "PUBLIC_PAGE_RATE": "1000000/minute",
    }


def start_server(env: dict[str, str], port: int, workers: int) -> subprocess.Popen[bytes]:
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True
    )
    command = [
        *(str(Path(PYTHON).parent / "gunicorn"), "-c", "gunicorn.conf.py"),
        *("--bind", f"127.0.0.1:{port}", "--workers", str(workers)),
        # Requests are counted here; an access log line per request only costs CPU.
        *("--access-logfile", "/dev/null", "registry.wsgi:application"),
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env)


def get(connection: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    connection.request("GET", path, headers={"Accept-Encoding": "identity"})
    response = connection.getresponse()
    return response.status, response.read()


def wait_until_up(port: int, server: subprocess.Popen[bytes], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}")
        try:
            status, _ = get(http.client.HTTPConnection("127.0.0.1", port, timeout=5), "/api/")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer within {seconds:.0f} s")


def api_results(connection: http.client.HTTPConnection, path: str) -> list[dict[str, object]]:
    status, body = get(connection, path)
    if status != 200:
        raise SystemExit(f"{path} answered {status} while sampling")
    results: list[dict[str, object]] = json.loads(body)["results"]
    return results


def take_sample(port: int, rng: random.Random) -> Sample:
    """Agreements from pages spread over the numbered range (which ends at 10,000 rows)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    sample = Sample()
    for page in rng.sample(range(1, 101), 8):
        for row in api_results(connection, f"/api/agreements/?page={page}&page_size=100"):
            sample.agreements.append(str(row["slug"]))
            sample.parties.extend(str(p["party"]) for p in row["parties"])  # type: ignore[attr-defined]
            sample.fields.extend(str(f) for f in row["fields"])  # type: ignore[attr-defined]
            sample.kinds.append(str(row["kind"]))
            sample.words.extend(w.lower() for w in re.findall(r"[A-Za-z]{5,}", str(row["title"])))
    sample.parties = sorted(set(sample.parties))
    sample.fields = sorted(set(sample.fields))
    sample.kinds = sorted(set(sample.kinds))
    # Words that name something, not the glue of every title.
    common = {"agreement", "among", "between", "cooperation", "memorandum", "understanding"}
    sample.words = sorted(set(sample.words) - common)
    return sample


Route = Callable[[Sample, random.Random], str]

# Kinds of request, each with its share of the mix (per cent) and how to make one: mostly
# reading agreements, as visitors and mirrors do, with some browsing by facet, searching
# and API reads.
MIX: dict[str, tuple[int, Route]] = {
    "home": (5, lambda s, r: r.choice(["/en/", "/zh-hans/"])),
    "agreement list": (8, lambda s, r: f"/en/agreements/?page={r.randint(1, 20)}"),
    "agreement list, facets": (
        10,
        lambda s, r: f"/en/agreements/?kind={r.choice(s.kinds)}&field={r.choice(s.fields)}",
    ),
    "agreement page": (25, lambda s, r: f"/en/agreements/{r.choice(s.agreements)}/"),
    "party page": (10, lambda s, r: f"/en/parties/{r.choice(s.parties)}/"),
    "search page": (8, lambda s, r: f"/en/search/?q={quote(r.choice(s.words))}"),
    "API list": (10, lambda s, r: f"/api/agreements/?page={r.randint(1, 200)}"),
    "API detail": (16, lambda s, r: f"/api/agreements/{r.choice(s.agreements)}/"),
    "API search": (8, lambda s, r: f"/api/agreements/?q={quote(r.choice(s.words))}"),
}


def client(port: int, sample: Sample, seed: int, until: float, tally: Tally) -> None:
    rng = random.Random(seed)
    kinds, weights = list(MIX), [weight for weight, _route in MIX.values()]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    while time.monotonic() < until:
        kind = rng.choices(kinds, weights)[0]
        path = MIX[kind][1](sample, rng)
        started = time.perf_counter()
        try:
            status, _ = get(connection, path)
        except (OSError, http.client.HTTPException):
            # A dropped connection counts as a failure (599) and is opened again.
            status = 599
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        tally.add(kind, time.perf_counter() - started, status, path)


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, int(fraction * len(ordered) + 0.999999) - 1))]


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@dataclass
class Download:
    path: str
    status: int
    seconds: float
    bytes: int
    lines: int
    rss_before: float
    rss_peak: float
    rss_after: float
    complete: bool


def download(port: int, path: str, master: int, limit: float) -> Download:
    """Read a stream in 1 MiB pieces while sampling the workers' memory, to its end or for
    ``limit`` seconds at most (0: no limit)."""
    pids = worker_pids(master)
    before = max(rss_mib(pid) for pid in pids)
    peak = before
    done = threading.Event()

    def watch() -> None:
        nonlocal peak
        while not done.wait(0.2):
            peak = max(peak, *(rss_mib(pid) for pid in worker_pids(master)))

    watcher = threading.Thread(target=watch)
    watcher.start()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    size = lines = 0
    complete = False
    while not limit or time.perf_counter() - started < limit:
        if not (piece := response.read(1 << 20)):
            complete = True
            break
        size += len(piece)
        lines += piece.count(b"\n")
    seconds = time.perf_counter() - started
    connection.close()
    done.set()
    watcher.join()
    after = max(rss_mib(pid) for pid in worker_pids(master))
    return Download(path, response.status, seconds, size, lines, before, peak, after, complete)


def machine(database_url: str) -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown CPU",
    )
    server = subprocess.run(
        ["psql", database_url, "-Atc", "SHOW server_version"], capture_output=True, text=True
    ).stdout.strip()
    return (
        f"{os.cpu_count()} CPUs ({cpu}), shared by the server, PostgreSQL, Redis and the load"
        f" generator; load average at start {' '.join(f'{x:.2f}' for x in os.getloadavg())};"
        f" PostgreSQL {server}; Python {platform.python_version()}"
    )


def count_agreements(database_url: str) -> int:
    query = "SELECT count(*) FROM agreements_agreement"
    result = subprocess.run(["psql", database_url, "-Atc", query], capture_output=True, text=True)
    return int(result.stdout.strip() or 0)


def report_lines(
    tally: Tally, args: argparse.Namespace, elapsed: float, agreements: int
) -> Iterator[str]:
    total = sum(len(v) for v in tally.latencies.values())
    server_errors = sum(n for c in tally.statuses.values() for s, n in c.items() if s >= 500)
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    yield (
        f"Measured {now} on {agreements:,} agreements with `python bench/load.py"
        f" --workers {args.workers} --threads {args.threads} --clients {args.clients}"
        f" --duration {args.duration:g}`: gunicorn on 127.0.0.1 ({args.workers} gthread"
        f" workers x {args.threads} threads, DEBUG off, Redis cache), {args.clients} keep-alive"
        f" clients for {elapsed:.0f} s."
    )
    yield ""
    yield (
        f"**{total / elapsed:.1f} requests/s** overall; {total:,} requests,"
        f" {server_errors} answered 5xx or failed."
    )
    yield ""
    yield "| request | share | requests | p50 ms | p95 ms | p99 ms | statuses |"
    yield "| --- | ---: | ---: | ---: | ---: | ---: | --- |"
    everything: list[float] = []
    for kind in MIX:
        values = tally.latencies.get(kind, [])
        everything.extend(values)
        if not values:
            continue
        statuses = ", ".join(f"{s}: {n}" for s, n in sorted(tally.statuses[kind].items()))
        yield (
            f"| {kind} | {MIX[kind][0]}% | {len(values):,} | {percentile(values, 0.5) * 1000:.0f}"
            f" | {percentile(values, 0.95) * 1000:.0f} | {percentile(values, 0.99) * 1000:.0f}"
            f" | {statuses} |"
        )
    yield (
        f"| all | 100% | {len(everything):,} | {percentile(everything, 0.5) * 1000:.0f}"
        f" | {percentile(everything, 0.95) * 1000:.0f} | {percentile(everything, 0.99) * 1000:.0f}"
        " | |"
    )
    for failure in tally.failures:
        yield f"- failed: `{failure}`"


def download_lines(downloads: list[Download]) -> Iterator[str]:
    yield ""
    yield "Whole-dataset downloads through the same server, one at a time after the load:"
    yield ""
    yield "| download | status | read | s | MiB | lines | MiB/s | worker RSS MiB: start/peak/end |"
    yield "| --- | ---: | --- | ---: | ---: | ---: | ---: | --- |"
    for d in downloads:
        mib = d.bytes / 1024 / 1024
        yield (
            f"| `{d.path}` | {d.status} | {'whole' if d.complete else 'stopped'}"
            f" | {d.seconds:.1f} | {mib:.1f} | {d.lines:,}"
            f" | {mib / d.seconds:.1f}"
            f" | {d.rss_before:.0f} / {d.rss_peak:.0f} / {d.rss_after:.0f} |"
        )


def write(path: Path, heading: str, agreements: int, section: str) -> None:
    """Put ``section`` between this script's markers as the run on ``agreements``, keeping
    the runs on other dataset sizes beside it, smallest first."""
    text = path.read_text()
    if START_MARK not in text:
        text = text.rstrip() + f"\n\n## {heading}\n\n{START_MARK}\n{END_MARK}\n"
    head, rest = text.split(START_MARK, 1)
    old, tail = rest.split(END_MARK, 1)
    runs = {
        int(re.sub(r"\D", "", run.split("\n", 1)[0])): "### " + run.strip()
        for run in old.split("### ")[1:]
    }
    runs[agreements] = f"### {agreements:,} agreements\n\n{section}"
    body = "\n\n".join(runs[size] for size in sorted(runs))
    path.write_text(f"{head}{START_MARK}\n{body}\n{END_MARK}{tail}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients")
    parser.add_argument("--duration", type=float, default=60, help="seconds of load")
    parser.add_argument("--warmup", type=float, default=10, help="seconds of load not counted")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/9")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--export", action="store_true", help="also time whole-dataset downloads")
    parser.add_argument(
        "--export-seconds",
        type=float,
        default=0,
        help="stop each download after this long (0: read it to the end)",
    )
    parser.add_argument("--write", type=Path, help="Markdown file to put the results in")
    parser.add_argument("--heading", default="Under load: gunicorn on loopback")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("The load test runs on PostgreSQL: set DATABASE_URL=postgres://...")
    agreements = count_agreements(database_url)
    if not agreements:
        raise SystemExit("No agreements: run manage.py generate_dataset --agreements N first.")
    about_machine = machine(database_url)

    env = server_environment(database_url, args.redis_url)
    env["GUNICORN_THREADS"] = str(args.threads)
    with tempfile.TemporaryDirectory(prefix="registry-load-static-") as static_root:
        env["STATIC_ROOT"] = static_root
        server = start_server(env, args.port, args.workers)
        try:
            wait_until_up(args.port, server)
            sample = take_sample(args.port, random.Random(args.seed))
            print(
                f"Sampled {len(sample.agreements)} agreements, {len(sample.parties)} parties,"
                f" {len(sample.words)} words.",
                flush=True,
            )
            tallies = []
            for seconds in (args.warmup, args.duration):
                tally = Tally()
                until = time.monotonic() + seconds
                threads = [
                    threading.Thread(
                        target=client, args=(args.port, sample, args.seed + n, until, tally)
                    )
                    for n in range(args.clients)
                ]
                started = time.monotonic()
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
                tallies.append((tally, time.monotonic() - started))
            tally, elapsed = tallies[-1]
            lines = list(report_lines(tally, args, elapsed, agreements))
            downloads = []
            if args.export:
                for path in ("/api/agreements/?format=csv", "/api/export/agreements/?format=jsonl"):
                    downloads.append(download(args.port, path, server.pid, args.export_seconds))
                    print(downloads[-1], flush=True)
                lines.extend(download_lines(downloads))
        finally:
            server.terminate()
            server.wait(timeout=60)
    lines.extend(["", f"Machine: {about_machine}."])
    section = "\n".join(lines)
    print(section)
    if args.write:
        write(args.write, args.heading, agreements, section)
        print(f"\nWritten to {args.write}")
    failed = tally.failures or any(d.status != 200 for d in downloads)
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()
