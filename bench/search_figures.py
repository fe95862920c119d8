"""Search figures: bulk index throughput, query latency, and the cost of one post write with its index update."""

from __future__ import annotations

import argparse
import itertools
import json
import multiprocessing
import os
import queue
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import flask_migrate
from sqlalchemy import func, insert, select, text, update
from sqlalchemy.orm import Session
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from forum import create_app
from forum.clock import utcnow
from forum.extensions import db
from forum.hooks import checks_suspended
from forum.models import Member, Post, Thread
from forum.posting import reply
from search import documents, indexer
from search.documents import searchable_count
from search.indexer import drain, reindex
from search.models import IndexOutbox
from search.query import parse_query
from search.searching import Filters, run_search

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SEED_INFO = RESULTS / "seed.json"

# What members type. The bench bodies come from a few templates in bench/seed.py (titles are
# "<opener> <topic>", e.g. "Struggling with night-time pain"), so most of these match many
# posts; some match nothing at all and take the "did you mean" path instead.
QUERIES: tuple[str, ...] = (
    # single common words
    "pain",
    "sleep",
    "fatigue",
    "anxiety",
    "doctor",
    "stiff",
    # short phrases and member questions
    "insulin pump travel",
    "neuropathy pain at night",
    "t1d hypo",
    "pacing energy",
    '"brain fog"',
    "ra flare -steroids",
    "chemo nausea",
    "carer burnout",
    "medication side effects",
    "telling my employer",
    "travel and flights",
    "flare-ups in winter",
    "brain fog at work",
    "mornings are the worst",
    '"warm shower"',
    "care team",
    "how do you prepare for an appointment",
    "keeping a pain diary",
    "second opinion referral",
    "benefits paperwork",
    "gentle exercise walking",
    "diet changes",
    "hospital stay",
    "new diagnosis what helped",
    "boom and bust",
    "pacing OR rest",
    "sleep -pain",
    "notes app symptoms",
    "diagnosed three months ago",
    "is it normal to feel exhausted after chemo",
    # board filters
    "board:diabetes sensor",
    "board:cancer side effects",
    "board:mental-health anxiety before test results",
    # rare or absent words
    "lifeline",
    "gabapentin",
    "spoons theory chronic illness",
)
NEWEST_QUERIES: tuple[str, ...] = (
    "pain",
    "sleep",
    '"brain fog"',
    "care team",
    "board:diabetes travel",
)
TIPS_QUERIES: tuple[str, ...] = ("pain", "pacing", "side effects", "sleep", "appointment")
WRITE_BODIES: tuple[str, ...] = (
    "Pacing helped me too. I plan one big thing a day and rest before I need to.",
    "Night-time pain is the worst part for me. A warm shower before bed takes the edge off.",
    "I keep a symptom diary in a notes app and bring it to every appointment with my care team.",
    "Brain fog at work is real. I write everything down and my manager knows now.",
    "Ask about side effects at your next appointment; my doctor changed the dose and it settled.",
)


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile, as in the other bench scripts."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def spread(values: Sequence[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50": round(percentile(values, 0.5), 3),
        "p90": round(percentile(values, 0.9), 3),
        "p99": round(percentile(values, 0.99), 3),
        "max": round(max(values), 3),
        "mean": round(sum(values) / len(values), 3),
    }


def make_app(database: Path, index_dir: Path, *, inline_indexing: bool = True):
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "INSTANCE_PATH": str(RESULTS / "instance"),
            "SECRET_KEY": "bench",
            "INDEX_DIR": str(index_dir),
            "SEARCH_INLINE_INDEXING": inline_indexing,
        }
    )


def remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def seed(posts: int) -> tuple[Path, dict[str, Any]]:
    """A fresh database from bench/seed.py, leaving bench/results/seed.json (load.py's) untouched."""
    database = RESULTS / f"search-{posts}.db"
    remove_database(database)
    RESULTS.mkdir(parents=True, exist_ok=True)
    kept = SEED_INFO.read_bytes() if SEED_INFO.exists() else None
    command = [sys.executable, str(ROOT / "bench" / "seed.py"), "--posts", str(posts)]
    command += ["--database-url", f"sqlite:///{database}"]
    print(f"seeding {posts:,} posts into {database.relative_to(ROOT)} ...", flush=True)
    started = time.perf_counter()
    try:
        subprocess.run(command, check=True, cwd=ROOT)
        summary = json.loads(SEED_INFO.read_text())
    finally:
        if kept is None:
            SEED_INFO.unlink(missing_ok=True)
        else:
            SEED_INFO.write_bytes(kept)
    summary["wall_seconds"] = round(time.perf_counter() - started, 2)
    return database, summary


def working_database(args: argparse.Namespace) -> tuple[Path, str, dict[str, Any] | None]:
    """The database the run reads and writes, and a label for its files."""
    if args.seed_posts:
        database, summary = seed(args.seed_posts)
        return database, str(args.seed_posts), summary
    if not args.source.exists():
        raise SystemExit(f"{args.source} not found; run bench/seed.py or pass --seed-posts N")
    # The writes below add replies: work on a copy so the source stays as seeded.
    database = RESULTS / ("search-drain-work.db" if args.drain_worker else "search-work.db")
    remove_database(database)
    shutil.copy(args.source, database)
    return database, args.source.stem, None


def mark_helpful(share: float) -> int:
    """Give a share of posts helpful marks (bench data has none), so tips and ranking have work."""
    if share <= 0:
        return 0
    modulus = max(1, round(1 / share))
    # Deterministic and spread over the whole history; 1 to 5 marks.
    result = db.session.execute(
        update(Post)
        .where(Post.id % modulus == 0)
        .values(helpful_count=1 + Post.id % 5)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount


def directory_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def segment_count(index_dir: Path) -> int:
    reader = whoosh_index.open_dir(str(index_dir)).reader()
    try:
        return len(reader.leaf_readers())
    finally:
        reader.close()


def progress_printer(total: int, started: float) -> Callable[[int], None]:
    done = 0
    step = max(10_000, total // 10)
    next_report = step

    def progress(count: int) -> None:
        nonlocal done, next_report
        done += count
        if done >= next_report:
            next_report += step
            elapsed = time.perf_counter() - started
            print(
                f"  indexed {done:,}/{total:,} posts, {elapsed:.0f} s, {done / elapsed:,.0f} posts/s",
                file=sys.stderr,
                flush=True,
            )

    return progress


def time_document_reads(sample: int) -> dict[str, Any]:
    """How fast documents come out of the database (query + Markdown to text), without Whoosh."""
    with Session(db.engine) as session:
        started = time.perf_counter()
        read = sum(1 for _ in itertools.islice(documents.all_documents(session), sample))
        seconds = time.perf_counter() - started
    return {"posts": read, "seconds": round(seconds, 3), "posts_per_second": round(read / seconds)}


def time_reindex(index_dir: Path, limit: int | None) -> dict[str, Any]:
    shutil.rmtree(index_dir, ignore_errors=True)
    with Session(db.engine) as session:
        searchable = searchable_count(session)
        total = min(searchable, limit) if limit else searchable
        original = indexer.all_documents
        if limit:
            # Only the first `limit` posts by id: same writer, same commit, shorter stream.
            indexer.all_documents = lambda s, **kw: itertools.islice(original(s, **kw), limit)
        print(f"indexing {total:,} of {searchable:,} searchable posts ...", flush=True)
        started = time.perf_counter()
        try:
            written = reindex(session, str(index_dir), progress_printer(total, started))
        finally:
            indexer.all_documents = original
        seconds = time.perf_counter() - started
    return {
        "searchable_posts": searchable,
        "posts": written,
        "limited_to": limit,
        "seconds": round(seconds, 2),
        "posts_per_second": round(written / seconds),
        "index_mb": round(directory_mb(index_dir), 1),
        "segments": segment_count(index_dir),
    }


def search_once(index_dir: Path, raw: str, *, newest: bool = False, tips: bool = False):
    """One search as the page runs it, but past the result cache: its cost, not a cache hit's."""
    parsed = parse_query(raw)
    # As the search page does: board: and author: from the query become filters.
    filters = Filters(board=parsed.board, author=parsed.author, tips_only=tips)
    started = time.perf_counter()
    results = run_search(
        str(index_dir), parsed, filters, newest_first=newest, page=1, per_page=10, cached=False
    )
    return (time.perf_counter() - started) * 1000, results


def time_queries(
    index_dir: Path,
    queries: Sequence[str],
    rounds: int,
    *,
    newest: bool = False,
    tips: bool = False,
) -> dict[str, Any]:
    """Every query once untimed (opens files, warms caches), then `rounds` timed passes."""
    per_query: dict[str, list[float]] = {q: [] for q in queries}
    totals: dict[str, int] = {}
    on_page: dict[str, int] = {}
    suggestions: dict[str, str | None] = {}
    for raw in queries:
        _, results = search_once(index_dir, raw, newest=newest, tips=tips)
        totals[raw], suggestions[raw] = results.total, results.suggestion
        on_page[raw] = len(results.hits)
    for _ in range(rounds):
        for raw in queries:
            per_query[raw].append(search_once(index_dir, raw, newest=newest, tips=tips)[0])
    timings = [ms for values in per_query.values() for ms in values]
    return {
        "queries": len(queries),
        "rounds": rounds,
        "ms": spread(timings),
        "per_query": {
            raw: {
                "p50_ms": round(percentile(values, 0.5), 2),
                "max_ms": round(max(values), 2),
                "matches": totals[raw],
                "on_page": on_page[raw],
                "suggestion": suggestions[raw],
            }
            for raw, values in per_query.items()
        },
    }


def time_writes(app, index_dir: Path, writes: int) -> dict[str, Any]:
    """reply + commit, then the outbox drain the request would run after responding."""
    rng = random.Random(11)
    write_ms, drain_ms, total_ms, applied = [], [], [], 0
    segments_before = segment_count(index_dir)
    with app.test_request_context(), checks_suspended():
        member = db.session.scalars(
            select(Member).where(Member.role == "member").order_by(Member.id)
        ).first()
        thread_ids = db.session.scalars(select(Thread.id).order_by(Thread.id)).all()
        targets = [db.session.get(Thread, i) for i in rng.sample(thread_ids, 20)]
        for number in range(writes):
            thread = targets[number % len(targets)]
            body = f"{WRITE_BODIES[number % len(WRITE_BODIES)]} benchwrite{number:05d}"
            started = time.perf_counter()
            reply(thread, author=member, body=body)
            db.session.commit()
            written = time.perf_counter()
            # In a request, search's after-commit receiver defers the drain to after_this_request,
            # which a bare test_request_context never runs: drain here, as the request would.
            with Session(db.engine) as session:
                applied += drain(session, str(index_dir))
            finished = time.perf_counter()
            write_ms.append((written - started) * 1000)
            drain_ms.append((finished - written) * 1000)
            total_ms.append((finished - started) * 1000)
        _, found = search_once(index_dir, f"benchwrite{writes - 1:05d}")
        backlog = db.session.scalar(text("SELECT count(*) FROM search_outbox"))
    return {
        "writes": writes,
        "threads": len(targets),
        "write_ms": spread(write_ms),
        "drain_ms": spread(drain_ms),
        "write_and_drain_ms": spread(total_ms),
        "outbox_entries_applied": applied,
        "outbox_left": backlog,
        "last_write_found_by_search": found.total == 1,
        "segments_before": segments_before,
        "segments_after": segment_count(index_dir),
    }


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--source", type=Path, default=RESULTS / "bench.db", help="a database from bench/seed.py"
    )
    parser.add_argument(
        "--seed-posts",
        type=int,
        default=None,
        help="seed a fresh bench/results/search-N.db with N posts and use it instead of --source",
    )
    parser.add_argument(
        "--limit", type=int, default=None, help="index only the first N posts (by id)"
    )
    parser.add_argument("--rounds", type=int, default=5, help="timed passes over the queries")
    parser.add_argument("--writes", type=int, default=200, help="replies written and indexed")
    parser.add_argument(
        "--read-sample",
        type=int,
        default=100_000,
        help="posts read without indexing, to split indexing time between database and Whoosh",
    )
    parser.add_argument(
        "--helpful-share",
        type=float,
        default=0.05,
        help="share of posts given helpful marks before indexing (seeded posts have none)",
    )
    worker = parser.add_argument_group(
        "--drain-worker",
        "instead of the figures above: replies with inline indexing off while a separate "
        "`search drain --watch` process applies them, on copies of the database and its index",
    )
    worker.add_argument("--drain-worker", action="store_true")
    worker.add_argument(
        "--index-source",
        type=Path,
        default=None,
        help="the built index to copy (default: bench/results/search-index-N for search-N.db)",
    )
    worker.add_argument(
        "--backlog", type=int, default=5_000, help="existing posts queued before the worker starts"
    )
    worker.add_argument(
        "--backlog-replies",
        type=int,
        default=200,
        help="replies written before the worker starts, at --reply-interval (the no-worker "
        "baseline; queued with the backlog)",
    )
    worker.add_argument(
        "--reply-interval",
        type=float,
        default=0.1,
        help="seconds between replies (the --writes replies are written while the worker runs)",
    )
    worker.add_argument(
        "--worker-interval",
        type=float,
        default=0.2,
        help="the worker's --interval: seconds between its looks at an empty outbox",
    )
    worker.add_argument(
        "--worker-nice",
        type=int,
        default=0,
        help="start the worker under `nice -n N` (a lower CPU priority than the replies)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    began = time.perf_counter()
    database, label, seeded = working_database(args)
    if args.drain_worker:
        return main_drain_worker(args, database, label, began)
    index_dir = RESULTS / f"search-index-{label}"
    app = make_app(database, index_dir)
    figures: dict[str, Any] = {
        "database": str(database.relative_to(ROOT)),
        "source": str(args.source) if not args.seed_posts else None,
        "seed": seeded,
        "index_dir": str(index_dir.relative_to(ROOT)),
        "arguments": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
    }
    with app.app_context():
        flask_migrate.upgrade()
        figures["posts_in_database"] = db.session.scalar(select(func.count()).select_from(Post))
        figures["posts_marked_helpful"] = mark_helpful(args.helpful_share)
        figures["document_reads"] = time_document_reads(args.read_sample)
        figures["index"] = time_reindex(index_dir, args.limit)
        print_index(figures)
        figures["queries"] = time_queries(index_dir, QUERIES, args.rounds)
        figures["queries_newest"] = time_queries(
            index_dir, NEWEST_QUERIES, args.rounds, newest=True
        )
        figures["queries_tips"] = time_queries(index_dir, TIPS_QUERIES, args.rounds, tips=True)
        print_queries(figures)
    if args.writes:
        figures["writes"] = time_writes(app, index_dir, args.writes)
        with app.app_context():
            # The same relevance queries once more, now that the writes left small segments.
            figures["queries_after_writes"] = time_queries(index_dir, QUERIES, 1)
        print_writes(figures)
    with app.app_context():
        db.engine.dispose()
    save_figures(figures, f"search-{label}", began)
    return 0


def save_figures(figures: dict[str, Any], name: str, began: float) -> None:
    """Wall time into the figures, and all of them to bench/results/<name>-<UTC time>.json."""
    figures["wall_seconds"] = round(time.perf_counter() - began, 1)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    output = RESULTS / f"{name}-{stamp}.json"
    output.write_text(json.dumps(figures, indent=2, default=str))
    print(
        f"wall time {figures['wall_seconds']:.0f} s; figures written to {output.relative_to(ROOT)}"
    )


def main_drain_worker(args: argparse.Namespace, database: Path, label: str, began: float) -> int:
    figures: dict[str, Any] = {
        "database": str(database.relative_to(ROOT)),
        "arguments": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "cpus": os.cpu_count(),
    }
    figures.update(drain_worker_figures(args, database, label))
    save_figures(figures, f"search-{label.removeprefix('search-')}-drain-worker", began)
    check = figures["check"]
    lost = check["outbox_left"] or check["written_posts"]["missing"]
    return (
        1
        if lost or check["written_posts"]["duplicated"] or not check["index_matches_database"]
        else 0
    )


def print_index(figures: dict[str, Any]) -> None:
    reads, index = figures["document_reads"], figures["index"]
    print(f"database: {figures['database']} ({figures['posts_in_database']:,} posts)")
    if figures["seed"]:
        print(f"seeded in {figures['seed']['wall_seconds']:.1f} s (bench/seed.py, subprocess)")
    limited = f" (limited to the first {index['limited_to']:,})" if index["limited_to"] else ""
    print(
        f"{'document reads':<28} {reads['posts']:>10,} posts {reads['seconds']:>9.2f} s "
        f"{reads['posts_per_second']:>9,} posts/s   (database + Markdown to text, no Whoosh)"
    )
    print(
        f"{'bulk reindex':<28} {index['posts']:>10,} posts {index['seconds']:>9.2f} s "
        f"{index['posts_per_second']:>9,} posts/s   index {index['index_mb']:.1f} MB, "
        f"{index['segments']} segment(s){limited}"
    )


def _query_line(name: str, block: dict[str, Any]) -> str:
    ms = block["ms"]
    return (
        f"{name:<28} {block['queries']:>3} queries x {block['rounds']} "
        f"p50 {ms['p50']:>8.1f} ms  p90 {ms['p90']:>8.1f} ms  p99 {ms['p99']:>8.1f} ms  "
        f"max {ms['max']:>8.1f} ms"
    )


def print_queries(figures: dict[str, Any]) -> None:
    print(_query_line("queries, relevance", figures["queries"]))
    print(_query_line("queries, newest first", figures["queries_newest"]))
    print(_query_line("queries, tips only", figures["queries_tips"]))
    print("per query (relevance, p50 ms, matches):")
    per_query = figures["queries"]["per_query"]
    for raw, row in sorted(per_query.items(), key=lambda item: -item[1]["p50_ms"]):
        suggestion = f"  did you mean: {row['suggestion']}" if row["suggestion"] else ""
        print(f"  {row['p50_ms']:>8.1f} ms {row['matches']:>9,}  {raw}{suggestion}")
    for name in ("queries_newest", "queries_tips"):
        label = "newest first" if name == "queries_newest" else "tips only"
        rows = figures[name]["per_query"]
        print(
            f"{label} (p50 ms/matches): "
            + ", ".join(f"{raw} {r['p50_ms']:.1f}/{r['matches']:,}" for raw, r in rows.items())
        )


def print_writes(figures: dict[str, Any]) -> None:
    writes = figures["writes"]
    for key, name in (
        ("write_ms", "reply + commit"),
        ("drain_ms", "drain (index update)"),
        ("write_and_drain_ms", "reply + commit + drain"),
    ):
        ms = writes[key]
        print(
            f"{name:<28} {writes['writes']:>3} writes     p50 {ms['p50']:>8.1f} ms  "
            f"p90 {ms['p90']:>8.1f} ms  p99 {ms['p99']:>8.1f} ms  max {ms['max']:>8.1f} ms"
        )
    print(
        f"  outbox entries applied {writes['outbox_entries_applied']}, left {writes['outbox_left']}; "
        f"segments {writes['segments_before']} -> {writes['segments_after']}; "
        f"last write found by search: {writes['last_write_found_by_search']}"
    )
    print(_query_line("queries after the writes", figures["queries_after_writes"]))


# --- --drain-worker: the production set-up, replies with inline indexing off and one worker ---

APPLIED_LINE = re.compile(r"(\d+) changes applied in ([\d.]+) s")


def index_is_free(index_dir: Path) -> bool:
    """Whether no process holds the index's writer lock (e.g. a rebuild still running)."""
    lock = whoosh_index.open_dir(str(index_dir)).lock("WRITELOCK")
    if not lock.acquire(blocking=False):
        return False
    lock.release()
    return True


def watch_index(directory: str, incoming, seen, stop) -> None:
    """In a process of its own: report when each announced post id is first in the committed
    index, looking every 10 ms at the index's generation and, when it changed, in a new reader.

    The storage reads segment files in place (no copy into memory), so a reader over a
    million-post index opens in about 10 ms.
    """
    from whoosh.reading import TermNotFound

    ix = FileStorage(directory, supports_mmap=False).open_index()
    pending: dict[int, float] = {}
    generation = None
    reader = None
    while True:
        while True:
            try:
                post_id = incoming.get_nowait()
            except queue.Empty:
                break
            if post_id is None:
                stop.set()
            else:
                pending[post_id] = 0.0
        if pending and ix.latest_generation() != generation:
            if reader is not None:
                reader.close()
            generation = ix.latest_generation()
            reader = ix.reader()
            for post_id in list(pending):
                try:
                    active = reader.postings("post_id", str(post_id)).is_active()
                except TermNotFound:
                    active = False
                if active:
                    seen.put((post_id, time.time()))
                    del pending[post_id]
        if stop.is_set() and not pending:
            break
        time.sleep(0.01)
    if reader is not None:
        reader.close()


class DrainWorker:
    """`flask --app wsgi search drain --watch` in its own process, as production runs it."""

    def __init__(
        self, database: Path, index_dir: Path, *, interval: float = 0.2, nice: int = 0
    ) -> None:
        env = dict(os.environ)
        env.update(
            PEERCIRCLE_DATABASE_URL=f"sqlite:///{database}",
            PEERCIRCLE_INDEX_DIR=str(index_dir),
            PEERCIRCLE_INSTANCE_DIR=str(RESULTS / "instance"),
            PEERCIRCLE_SECRET_KEY="bench",
            PEERCIRCLE_SEARCH_INLINE_INDEXING="0",
            PYTHONUNBUFFERED="1",
        )
        self.command = [sys.executable, "-m", "flask", "--app", "wsgi", "search", "drain"]
        self.command += ["--watch", "--interval", str(interval)]
        if nice:
            self.command = ["nice", "-n", str(nice), *self.command]
        self.log_path = RESULTS / "drain-worker.log"
        self.log = self.log_path.open("w")
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            self.command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=self.log, text=True
        )
        self.passes: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.log.write(line)
            self.log.flush()
            match = APPLIED_LINE.search(line)
            if match:
                applied, seconds = int(match.group(1)), float(match.group(2))
                self.passes.put((time.perf_counter(), applied, seconds))

    def next_pass(self, timeout: float) -> tuple[float, int, float]:
        try:
            return self.passes.get(timeout=timeout)
        except queue.Empty:
            raise SystemExit(
                f"the drain worker printed nothing for {timeout:.0f} s; see {self.log_path}"
            ) from None

    def remaining_passes(self) -> list[tuple[float, int, float]]:
        passes = []
        while not self.passes.empty():
            passes.append(self.passes.get())
        return passes

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        try:
            code = self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait()
        time.sleep(0.2)  # let the reader thread take the last lines
        self.log.close()
        return code


def enqueue_backlog(count: int, seed: int = 5) -> list[int]:
    """Outbox rows for `count` existing visible posts, spread over the whole history."""
    ids = documents.visible_post_ids(db.session)
    chosen = sorted(random.Random(seed).sample(ids, min(count, len(ids))))
    now = utcnow()
    for start in range(0, len(chosen), 5_000):
        db.session.execute(
            insert(IndexOutbox),
            [{"post_id": i, "created_at": now} for i in chosen[start : start + 5_000]],
        )
    db.session.commit()
    return chosen


class Replier:
    """Replies by one member over 20 threads through `forum.posting.reply`, as time_writes."""

    def __init__(self, app, seed: int = 11) -> None:
        self.app = app
        rng = random.Random(seed)
        with app.app_context():
            self.member_id = db.session.scalars(
                select(Member.id).where(Member.role == "member").order_by(Member.id)
            ).first()
            thread_ids = db.session.scalars(select(Thread.id).order_by(Thread.id)).all()
        self.thread_ids = rng.sample(thread_ids, 20)
        self.written = 0

    def write(self, count: int, interval: float, announce=None) -> tuple[list[float], list[int]]:
        """`count` replies, one every `interval` s; the ms of each reply + commit, and the ids.

        The commit's own ms (the fsync, and any wait for another process's lock) are kept in
        `commit_ms`."""
        timings, post_ids = [], []
        self.commit_ms: list[float] = []
        with self.app.test_request_context(), checks_suspended():
            member = db.session.get(Member, self.member_id)
            threads = [db.session.get(Thread, i) for i in self.thread_ids]
            next_at = time.perf_counter()
            for _ in range(count):
                number = self.written
                self.written += 1
                body = f"{WRITE_BODIES[number % len(WRITE_BODIES)]} drainwrite{number:05d}"
                started = time.perf_counter()
                post, _ = reply(threads[number % len(threads)], author=member, body=body)
                replied = time.perf_counter()
                db.session.commit()
                finished = time.perf_counter()
                self.commit_ms.append((finished - replied) * 1000)
                committed_at = time.time()
                timings.append((finished - started) * 1000)
                post_ids.append(post.id)
                if announce is not None:
                    announce(post.id, committed_at)
                next_at += interval
                time.sleep(max(0.0, next_at - time.perf_counter()))
        return timings, post_ids


def index_holds(index_dir: Path, post_ids: Sequence[int]) -> dict[str, int]:
    """How many of these posts the index holds once, not at all, or more than once."""
    counts = {"once": 0, "missing": 0, "duplicated": 0}
    # In-place reads: a mapped index is copied into memory (1.2 GB at a million posts).
    ix = FileStorage(str(index_dir), supports_mmap=False).open_index()
    with ix.searcher() as searcher:
        for post_id in post_ids:
            found = len(list(searcher.document_numbers(post_id=str(post_id))))
            counts["once" if found == 1 else "missing" if found == 0 else "duplicated"] += 1
        counts["index_documents"] = searcher.doc_count()
    return counts


def drain_worker_figures(args: argparse.Namespace, database: Path, label: str) -> dict[str, Any]:
    # search-N.db (from --seed-posts or an earlier run) was indexed into search-index-N/.
    source_index = args.index_source or RESULTS / f"search-index-{label.removeprefix('search-')}"
    if not whoosh_index.exists_in(str(source_index)) or not index_is_free(source_index):
        raise SystemExit(f"{source_index} is missing or still being written; build it first")
    index_dir = RESULTS / "search-drain-index"
    shutil.rmtree(index_dir, ignore_errors=True)
    print(f"copying {source_index} to {index_dir.relative_to(ROOT)} ...", flush=True)
    shutil.copytree(source_index, index_dir)
    # Copying leaves 1.6 GB of dirty pages at a million posts; written out later, they would
    # slow the first commits' fsyncs. Out now, before anything is timed.
    os.sync()
    app = make_app(database, index_dir, inline_indexing=False)
    figures: dict[str, Any] = {"index_dir": str(index_dir.relative_to(ROOT))}
    with app.app_context():
        flask_migrate.upgrade()
        figures["posts_in_database"] = db.session.scalar(select(func.count()).select_from(Post))
        with Session(db.engine) as session:
            figures["searchable_before"] = searchable_count(session)
        figures["index_documents_before"] = index_holds(index_dir, [])["index_documents"]
        figures["outbox_before"] = db.session.scalar(text("SELECT count(*) FROM search_outbox"))
        backlog_ids = enqueue_backlog(args.backlog)
    replier = Replier(app)
    # Phase 1: a backlog (existing posts re-queued, as after an outage or a thread-wide change,
    # and new replies written while no worker ran), then the worker is started on it.
    # At the same pace as the replies of phase 2: the same replies with no worker running.
    queued_ms, queued_ids = replier.write(args.backlog_replies, args.reply_interval)
    queued_commit_ms = replier.commit_ms
    queued = len(backlog_ids) + len(queued_ids) + figures["outbox_before"]
    print(f"{queued:,} changes waiting; starting the drain worker ...", flush=True)
    worker = DrainWorker(database, index_dir, interval=args.worker_interval, nice=args.worker_nice)
    try:
        at, applied, seconds = worker.next_pass(timeout=600)
        backlog = {
            "queued": queued,
            "existing_posts": len(backlog_ids),
            "new_replies": len(queued_ids),
            "applied": applied,
            "seconds": seconds,
            "posts_per_second": round(applied / seconds) if seconds else None,
            "seconds_from_worker_start": round(at - worker.started, 2),
        }
        print_backlog(backlog)
        # Phase 2: replies at a steady pace while the worker applies them as they come.
        context = multiprocessing.get_context("spawn")
        incoming, seen, stop = context.Queue(), context.Queue(), context.Event()
        watcher = context.Process(target=watch_index, args=(str(index_dir), incoming, seen, stop))
        watcher.start()
        committed: dict[int, float] = {}

        def announce(post_id: int, committed_at: float) -> None:
            committed[post_id] = committed_at
            incoming.put(post_id)

        time.sleep(1.0)
        steady_started = time.perf_counter()
        reply_ms, reply_ids = replier.write(args.writes, args.reply_interval, announce)
        reply_commit_ms = replier.commit_ms
        steady_seconds = time.perf_counter() - steady_started
        incoming.put(None)
        lags: dict[int, float] = {}
        deadline = time.monotonic() + 120
        while len(lags) < len(reply_ids) and time.monotonic() < deadline:
            try:
                post_id, seen_at = seen.get(timeout=1)
            except queue.Empty:
                continue
            lags[post_id] = (seen_at - committed[post_id]) * 1000
        watcher.join(timeout=10)
        if watcher.is_alive():
            watcher.terminate()
        # The worker has printed the passes that applied the steady replies by now.
        time.sleep(0.5)
    finally:
        exit_code = worker.stop()
    steady_passes = worker.remaining_passes()
    with app.app_context():
        left = db.session.scalar(text("SELECT count(*) FROM search_outbox"))
        set_aside = db.session.scalar(
            text("SELECT count(*) FROM search_outbox WHERE set_aside_at IS NOT NULL")
        )
        with Session(db.engine) as session:
            searchable_after = searchable_count(session)
        _, found = search_once(index_dir, f"drainwrite{replier.written - 1:05d}")
    holds = index_holds(index_dir, backlog_ids + queued_ids + reply_ids)
    figures.update(
        {
            "backlog": backlog,
            "replies_before_worker_ms": spread(queued_ms) if queued_ms else None,
            "replies_before_worker_commit_ms": spread(queued_commit_ms) if queued_ms else None,
            "steady": {
                "writes": len(reply_ids),
                "interval_s": args.reply_interval,
                "seconds": round(steady_seconds, 2),
                "reply_ms": spread(reply_ms),
                "commit_ms": spread(reply_commit_ms),
                "lag_ms": spread(list(lags.values())) if lags else None,
                "seen_by_the_watcher": len(lags),
                "worker_passes": len(steady_passes),
                "worker_applied": sum(p[1] for p in steady_passes),
                "worker_busy_seconds": round(sum(p[2] for p in steady_passes), 2),
            },
            "check": {
                "outbox_left": left,
                "set_aside": set_aside,
                "written_posts": holds,
                "searchable_after": searchable_after,
                "index_documents_after": holds["index_documents"],
                "index_matches_database": holds["index_documents"] == searchable_after,
                "last_reply_found_by_search": found.total == 1,
                "worker_exit_code": exit_code,
            },
            "segments_after": segment_count(index_dir),
            "worker_command": " ".join(worker.command),
            "worker_log": str(worker.log_path.relative_to(ROOT)),
        }
    )
    print_drain_worker(figures)
    return figures


def print_backlog(backlog: dict[str, Any]) -> None:
    print(
        f"{'drain worker, backlog':<28} {backlog['applied']:>6,} changes {backlog['seconds']:>8.2f} s "
        f"{backlog['posts_per_second']:>7,} posts/s   ({backlog['existing_posts']:,} existing posts "
        f"re-queued + {backlog['new_replies']} new replies; done "
        f"{backlog['seconds_from_worker_start']:.1f} s after the worker was started)"
    )


def print_drain_worker(figures: dict[str, Any]) -> None:
    steady, check = figures["steady"], figures["check"]
    lines = [
        ("reply + commit, worker running", steady["reply_ms"]),
        ("  of which the commit", steady["commit_ms"]),
    ]
    if figures["replies_before_worker_ms"]:
        lines[:0] = [
            ("reply + commit, no worker", figures["replies_before_worker_ms"]),
            ("  of which the commit", figures["replies_before_worker_commit_ms"]),
        ]
    if steady["lag_ms"]:
        lines.append(("lag, commit to searchable", steady["lag_ms"]))
    for name, ms in lines:
        print(
            f"{name:<32} {ms['n']:>4}  p50 {ms['p50']:>8.1f} ms  p90 {ms['p90']:>8.1f} ms  "
            f"p99 {ms['p99']:>8.1f} ms  max {ms['max']:>8.1f} ms"
        )
    print(
        f"  steady: one reply every {steady['interval_s']} s for {steady['seconds']:.0f} s; the worker "
        f"applied {steady['worker_applied']} in {steady['worker_passes']} passes "
        f"({steady['worker_busy_seconds']:.1f} s busy); seen by the watcher: "
        f"{steady['seen_by_the_watcher']}/{steady['writes']}"
    )
    command = figures["worker_command"]
    print(
        f"  worker: {command[command.index('flask') :]}"
        + (" (under nice)" if "nice" in command else "")
    )
    held = check["written_posts"]
    print(
        f"  check: outbox left {check['outbox_left']} (set aside {check['set_aside']}); written posts "
        f"in the index once {held['once']}, missing {held['missing']}, more than once "
        f"{held['duplicated']}; index {check['index_documents_after']:,} documents, database "
        f"{check['searchable_after']:,} searchable posts; last reply found by search: "
        f"{check['last_reply_found_by_search']}; segments {figures['segments_after']}"
    )


if __name__ == "__main__":
    sys.exit(main())
