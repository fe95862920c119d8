"""Load-test a board page and a thread page of a seeded PeerCircle served by gunicorn on loopback."""

from __future__ import annotations

import argparse
import html
import http.client
import json
import math
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
DEFAULT_DB = RESULTS_DIR / "bench.db"
SEED_INFO = RESULTS_DIR / "seed.json"
BENCH_INSTANCE = RESULTS_DIR / "instance"
HOST = "127.0.0.1"
OLDER_LINK = re.compile(r'<a rel="next" href="([^"]+)">Older threads')
POST_ARTICLE = re.compile(r'<article class="post ')
START_TIMEOUT = 30.0
REQUEST_TIMEOUT = 10.0


@dataclass
class Targets:
    """The URLs to hammer: board pages from newest to deepest, and the canonical thread URL."""

    board_slug: str
    thread_id: int
    board_urls: list[str] = field(default_factory=list)
    thread_url: str = ""


@dataclass
class Sample:
    """One finished request: its status (0 for a network error) and latency in seconds."""

    status: int
    seconds: float


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=f"sqlite:///{DEFAULT_DB}")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--requests", type=int, default=2000, help="requests per page kind")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads")
    parser.add_argument(
        "--board-pages",
        type=int,
        default=6,
        help="board pages to rotate through: the first plus older keyset pages",
    )
    parser.add_argument("--warmup", type=int, default=50, help="untimed requests per kind first")
    parser.add_argument("--board-slug", default=None, help="default: the busiest board")
    parser.add_argument(
        "--thread-id", type=int, default=None, help="default: seed's 20-post thread"
    )
    parser.add_argument(
        "--skip-query-count",
        action="store_true",
        help="do not count SQL statements per page in-process first",
    )
    args = parser.parse_args(argv)
    if min(args.workers, args.requests, args.concurrency, args.board_pages) < 1:
        parser.error("--workers, --requests, --concurrency and --board-pages must be at least 1")
    if args.requests > 100_000:
        parser.error("--requests is capped at 100000 per kind to keep runs bounded")
    return args


def find_targets(database_url: str, board_slug: str | None, thread_id: int | None) -> Targets:
    """The busiest board and the 20-post thread: from seed.json when it matches, else the database."""
    if SEED_INFO.exists():
        info = json.loads(SEED_INFO.read_text())
        if info.get("database_url") == database_url:
            board_slug = board_slug or info["busiest_board_slug"]
            thread_id = thread_id or info["showcase_thread_id"]
    if board_slug is None or thread_id is None:
        found_slug, found_id = _targets_from_database(database_url)
        board_slug, thread_id = board_slug or found_slug, thread_id or found_id
    return Targets(board_slug=board_slug, thread_id=thread_id)


def _targets_from_database(database_url: str) -> tuple[str, int]:
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            slug = connection.scalar(
                text("SELECT slug FROM boards ORDER BY thread_count DESC, id LIMIT 1")
            )
            thread = connection.scalar(
                text(
                    "SELECT id FROM threads WHERE reply_count = 19 AND is_public ORDER BY id LIMIT 1"
                )
            )
    finally:
        engine.dispose()
    if slug is None or thread is None:
        raise SystemExit("no board or no 20-post thread in the database: run bench/seed.py first")
    return slug, thread


def bench_environment(database_url: str) -> dict[str, str]:
    """The server's environment: bench database, instance folder and secret, nothing else changed."""
    BENCH_INSTANCE.mkdir(parents=True, exist_ok=True)
    return {
        **os.environ,
        "PEERCIRCLE_DATABASE_URL": database_url,
        "PEERCIRCLE_INSTANCE_DIR": str(BENCH_INSTANCE),
        "PEERCIRCLE_SECRET_KEY": "bench",
    }


def free_port() -> int:
    """A loopback port nobody is listening on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def gunicorn_command(workers: int, port: int) -> list[str]:
    """The gunicorn beside this interpreter (the venv's), serving wsgi:app on loopback only."""
    beside = Path(sys.executable).parent / "gunicorn"
    binary = str(beside) if beside.exists() else shutil.which("gunicorn") or "gunicorn"
    command = [binary, "-w", str(workers), "-b", f"{HOST}:{port}"]
    # Newer gunicorn opens a control socket in ~/.gunicorn by default: nothing outside the repo.
    help_text = subprocess.run([binary, "--help"], capture_output=True, text=True).stdout
    if "--no-control-socket" in help_text:
        command.append("--no-control-socket")
    return [*command, "wsgi:app"]


@contextmanager
def running_server(command: list[str], env: dict[str, str], log_path: Path) -> Iterator[int]:
    """Start gunicorn, wait until it answers, and always stop it afterwards; yields its port."""
    port = int(command[command.index("-b") + 1].rsplit(":", 1)[1])
    with log_path.open("w") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_until_ready(server, port, log_path)
            yield port
        finally:
            _stop(server)


def _wait_until_ready(server: subprocess.Popen, port: int, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited early:\n{log_path.read_text()[-2000:]}")
        connection = http.client.HTTPConnection(HOST, port, timeout=2)
        try:
            if fetch(connection, "/").status == 200:
                return
        except (OSError, http.client.HTTPException):
            pass  # not listening yet
        finally:
            connection.close()
        time.sleep(0.1)
    raise SystemExit(f"gunicorn did not answer within {START_TIMEOUT:.0f}s")


def _stop(server: subprocess.Popen) -> None:
    # SIGTERM lets the master stop its workers gracefully; kill only if it hangs.
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@dataclass
class Reply:
    """A response read to the end."""

    status: int
    headers: dict[str, str]
    body: str


def fetch(connection: http.client.HTTPConnection, path: str) -> Reply:
    """GET a path on an open (or reopenable) connection and read the whole body."""
    connection.request("GET", path, headers={"Accept": "text/html"})
    response = connection.getresponse()
    body = response.read().decode("utf-8", "replace")
    return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, body)


def discover(port: int, targets: Targets, board_pages: int) -> dict[str, Any]:
    """Follow 'Older threads' links and the thread redirect once; check what the pages contain."""
    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    url = f"/b/{targets.board_slug}"
    while url and len(targets.board_urls) < board_pages:
        page = fetch(connection, url)
        if page.status != 200:
            raise SystemExit(f"{url} answered {page.status}")
        targets.board_urls.append(url)
        older = OLDER_LINK.search(page.body)
        url = html.unescape(older.group(1)) if older else ""
    redirect = fetch(connection, f"/t/{targets.thread_id}")
    if redirect.status not in (301, 302, 308):
        raise SystemExit(f"/t/{targets.thread_id} answered {redirect.status}, expected a redirect")
    location = urlsplit(redirect.headers["location"])
    targets.thread_url = location.path + (f"?{location.query}" if location.query else "")
    thread_page = fetch(connection, targets.thread_url)
    connection.close()
    posts_shown = len(POST_ARTICLE.findall(thread_page.body))
    if thread_page.status != 200 or posts_shown != 20:
        print(
            f"warning: thread page answered {thread_page.status} with {posts_shown} posts, "
            "expected 200 with 20",
            file=sys.stderr,
        )
    return {
        "thread_posts_shown": posts_shown,
        "thread_page_bytes": len(thread_page.body),
        # "close" means each request pays a new TCP connection (gunicorn's sync worker).
        "server_connection_header": thread_page.headers.get("connection", ""),
        "anonymous_set_cookie": "set-cookie" in thread_page.headers,
    }


def run_load(
    port: int, urls: Sequence[str], total: int, concurrency: int
) -> tuple[list[Sample], float]:
    """Send `total` GETs rotating over `urls` from `concurrency` threads; returns samples and wall time."""
    shares = [range(worker, total, concurrency) for worker in range(concurrency)]
    start = threading.Barrier(concurrency + 1, timeout=START_TIMEOUT)
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        futures = [
            pool.submit(_client, port, [urls[i % len(urls)] for i in share], start)
            for share in shares
        ]
        start.wait()
        began = time.perf_counter()
        samples = [sample for future in futures for sample in future.result()]
        elapsed = time.perf_counter() - began
    return samples, elapsed


def _client(port: int, paths: list[str], start: threading.Barrier) -> list[Sample]:
    # One connection per thread; http.client reopens it when a sync worker closes it after a reply.
    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    samples = []
    start.wait()
    for path in paths:
        began = time.perf_counter()
        try:
            status = fetch(connection, path).status
        except (OSError, http.client.HTTPException):
            connection.close()
            status = 0
        samples.append(Sample(status, time.perf_counter() - began))
    connection.close()
    return samples


def percentile(sorted_values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(pct / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def summarize(samples: list[Sample], elapsed: float) -> dict[str, Any]:
    """Requests, errors, throughput and latency percentiles in milliseconds."""
    latencies = sorted(sample.seconds * 1000 for sample in samples)
    statuses = Counter(sample.status for sample in samples)
    return {
        "requests": len(samples),
        "errors": sum(count for status, count in statuses.items() if status != 200),
        "statuses": {str(status): count for status, count in sorted(statuses.items())},
        "seconds": round(elapsed, 3),
        "requests_per_second": round(len(samples) / elapsed, 1) if elapsed else math.nan,
        "p50_ms": round(percentile(latencies, 50), 2),
        "p90_ms": round(percentile(latencies, 90), 2),
        "p99_ms": round(percentile(latencies, 99), 2),
        "max_ms": round(latencies[-1], 2) if latencies else math.nan,
    }


def count_queries(database_url: str, targets: Targets) -> dict[str, Any]:
    """SQL statements each page sends, counted in-process with the same app and database."""
    os.environ.update(
        {k: v for k, v in bench_environment(database_url).items() if k.startswith("PEERCIRCLE_")}
    )
    from forum import create_app
    from forum.extensions import db

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "INSTANCE_PATH": str(BENCH_INSTANCE),
            "SECRET_KEY": "bench",
        }
    )
    client = app.test_client()
    pages = {
        "board_first": targets.board_urls[0],
        "board_deepest": targets.board_urls[-1],
        "thread": targets.thread_url,
    }
    counts = {}
    with app.app_context():
        engine = db.engine
    for name, url in pages.items():
        client.get(url)  # warm caches so the count reflects a steady-state request
        status, statements = _statements_for(client, engine, url)
        counts[name] = {
            "url": url,
            "status": status,
            "queries": len(statements),
            "statements": statements,
        }
    engine.dispose()
    return counts


def _statements_for(client, engine, url: str) -> tuple[int, list[str]]:
    from sqlalchemy import event

    statements: list[str] = []

    def record(connection, cursor, statement, *rest) -> None:
        statements.append(" ".join(statement.split())[:1000])

    event.listen(engine, "before_cursor_execute", record)
    try:
        status = client.get(url).status_code
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return status, statements


def print_results(results: dict[str, dict[str, Any]]) -> None:
    """One line per page kind."""
    print(
        f"{'page':<8} {'requests':>8} {'errors':>6} {'req/s':>8} "
        f"{'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8}"
    )
    for kind, row in results.items():
        print(
            f"{kind:<8} {row['requests']:>8} {row['errors']:>6} {row['requests_per_second']:>8.1f} "
            f"{row['p50_ms']:>8.2f} {row['p90_ms']:>8.2f} {row['p99_ms']:>8.2f}"
        )


def save(report: dict[str, Any]) -> Path:
    """Write the report as JSON under bench/results with a timestamped name."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS_DIR / f"load-{stamp}.json"
    path.write_text(json.dumps(report, indent=2))
    return path


def main(argv: Sequence[str] | None = None) -> int:
    """Serve, discover URLs, count queries, load each page kind, report."""
    args = parse_args(argv)
    targets = find_targets(args.database_url, args.board_slug, args.thread_id)
    command = gunicorn_command(args.workers, free_port())
    results: dict[str, dict[str, Any]] = {}
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    with running_server(
        command, bench_environment(args.database_url), RESULTS_DIR / "gunicorn.log"
    ) as port:
        checks = discover(port, targets, args.board_pages)
        print(
            f"board: {len(targets.board_urls)} pages of /b/{targets.board_slug}; "
            f"thread: {targets.thread_url} ({checks['thread_posts_shown']} posts shown)"
        )
        print(
            f"server Connection header: {checks['server_connection_header'] or '(none)'}; "
            f"anonymous page sets a cookie: {checks['anonymous_set_cookie']}"
        )
        for kind, urls in (("board", targets.board_urls), ("thread", [targets.thread_url])):
            run_load(port, urls, args.warmup, args.concurrency)
            results[kind] = summarize(*run_load(port, urls, args.requests, args.concurrency))
    queries = {} if args.skip_query_count else count_queries(args.database_url, targets)
    print_results(results)
    for name, row in queries.items():
        print(f"SQL statements per request, {name}: {row['queries']}")
    report = {
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "args": vars(args),
        "gunicorn": command,
        "targets": asdict(targets),
        "checks": checks,
        "host": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "results": results,
        "queries": queries,
    }
    print(f"results written to {save(report).relative_to(ROOT)}")
    return 1 if any(row["errors"] for row in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
