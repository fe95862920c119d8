"""Search figures: bulk index throughput, query latency, and the cost of one post write with its index update."""

from __future__ import annotations

import argparse
import itertools
import json
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import flask_migrate
from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session
from whoosh import index as whoosh_index

from forum import create_app
from forum.extensions import db
from forum.hooks import checks_suspended
from forum.models import Member, Post, Thread
from forum.posting import reply
from search import documents, indexer
from search.documents import searchable_count
from search.indexer import drain, reindex
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


def make_app(database: Path, index_dir: Path):
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "INSTANCE_PATH": str(RESULTS / "instance"),
            "SECRET_KEY": "bench",
            "INDEX_DIR": str(index_dir),
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
    database = RESULTS / "search-work.db"
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
    parsed = parse_query(raw)
    # As the search page does: board: and author: from the query become filters.
    filters = Filters(board=parsed.board, author=parsed.author, tips_only=tips)
    started = time.perf_counter()
    results = run_search(str(index_dir), parsed, filters, newest_first=newest, page=1, per_page=10)
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
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    began = time.perf_counter()
    database, label, seeded = working_database(args)
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
    figures["wall_seconds"] = round(time.perf_counter() - began, 1)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    output = RESULTS / f"search-{label}-{stamp}.json"
    output.write_text(json.dumps(figures, indent=2, default=str))
    print(
        f"wall time {figures['wall_seconds']:.0f} s; figures written to {output.relative_to(ROOT)}"
    )
    return 0


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


if __name__ == "__main__":
    sys.exit(main())
