"""Fill a fresh PeerCircle database with a realistic forum, fast, for benchmarks."""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import flask_migrate
from sqlalchemy import Table, func, insert, select, text

from forum import create_app
from forum.clock import utcnow
from forum.conversation import MAX_TREE_DEPTH, SEGMENT_WIDTH, child_path
from forum.extensions import db
from forum.models import Board, Member, Membership, Post, PostStatus, Thread
from forum.rendering import render_markdown
from forum.seeding import COMMON_GUIDELINES, DEFAULT_BOARDS, guidelines_for
from forum.slugs import slugify

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
DEFAULT_DB = RESULTS_DIR / "bench.db"
SEED_INFO = RESULTS_DIR / "seed.json"
BENCH_INSTANCE = RESULTS_DIR / "instance"
SHOWCASE_POSTS = 20
# Parent of each post in the showcase thread, by position (None = opening post): nested up to depth 4.
SHOWCASE_PARENTS: tuple[int | None, ...] = (
    None,
    0,
    0,
    1,
    1,
    3,
    0,
    6,
    6,
    7,
    0,
    2,
    10,
    12,
    12,
    5,
    0,
    16,
    13,
    0,
)
BATCH_SIZE = 5000

ADJECTIVES = (
    "Hopeful",
    "quiet",
    "Steady",
    "brave",
    "gentle",
    "Sunny",
    "patient",
    "Calm",
    "tired",
    "Bright",
    "kind",
    "Stubborn",
    "slow",
    "Curious",
    "windy",
    "Early",
    "late",
    "Northern",
)
NOUNS = (
    "River",
    "owl",
    "Walker",
    "fern",
    "Knitter",
    "heron",
    "Gardener",
    "oak",
    "baker",
    "Sparrow",
    "reader",
    "Tide",
    "otter",
    "Lantern",
    "pebble",
    "Runner",
    "moth",
    "Harbour",
)
OPENERS = (
    "Tips for",
    "Struggling with",
    "Anyone else dealing with",
    "Question about",
    "Small win with",
    "Advice needed on",
    "First month of",
    "How do you manage",
    "Feeling low about",
    "Good news about",
    "Looking for support with",
    "Experiences of",
)
TOPICS = (
    "night-time pain",
    "a new medication",
    "brain fog at work",
    "telling my employer",
    "travel and flights",
    "flare-ups in winter",
    "fatigue after appointments",
    "diet changes",
    "gentle exercise",
    "benefits paperwork",
    "family not understanding",
    "anxiety before test results",
    "a new diagnosis",
    "sleep",
    "side effects",
    "getting a second opinion",
    "pacing my energy",
    "a hospital stay",
)
OPENING_BODIES = (
    "I was diagnosed **three months ago** and I'm still finding my feet.\n\n"
    "What helped you most in the first weeks? Anything you wish someone had told you?",
    "Does anyone else find that mornings are the worst?\n\n"
    "- I wake up stiff\n- it takes an hour to get going\n- by lunchtime I'm fine\n\n"
    "Curious whether that matches your experience.",
    "My care team suggested keeping a diary. I made a simple table:\n\n"
    "| Day | Sleep | Pain |\n|-----|-------|------|\n| Mon | 6h | 4/10 |\n| Tue | 7h | 3/10 |\n\n"
    "Do you track anything? What turned out to be worth it?",
    "Small win today: I walked to the end of the road and back. *Six months* ago I couldn't.\n\n"
    "Just wanted to share somewhere people would get it.",
    "I have an appointment next week and I always forget what I meant to ask.\n\n"
    "1. How do you prepare?\n2. Do you bring someone along?\n3. Do you write it down?",
    "Found this guide useful: https://example.org/living-well\n\n"
    "It's not medical advice, but the section on pacing made sense to me.",
)
REPLY_BODIES = (
    "Same here. It does get easier, I promise.",
    "Thank you for posting this, I thought it was just me.",
    "> mornings are the worst\n\nAbsolutely. A warm shower first thing helps me a bit.",
    "What worked for me was **writing questions down** the night before and handing the list over.",
    "Sending you strength. Please ask your care team about it too; they've heard it all before.",
    "I use a notes app:\n\n- symptoms\n- what I ate\n- how I slept\n\nPatterns showed up after a month.",
    "Congratulations! That's a *big* step.",
    "I had the same side effect. It faded after a few weeks, but talk to your doctor if it doesn't.",
    "Pacing changed everything for me. I plan one big thing per day, never two.",
    "My partner came to appointments with me for a while. It helped to have a second pair of ears.",
    "Not much to add, just reading along and nodding.",
    "Have a look at https://example.org/pacing, it explains the *boom and bust* cycle well.",
    "Honestly, some days are just bad days. Rest is not failure.",
    "I asked for a referral and it took a while, but it was worth pushing for.",
    "Hugs. This community has been a lifeline for me.",
    "Good question. I'd like to know too.",
)


@dataclass
class PlannedThread:
    """A thread before ids are known: where, by whom, and when each of its posts is written."""

    board_id: int
    author_index: int
    title: str
    times: list[datetime]
    parents: Sequence[int | None] | None = None
    post_authors: list[int] = field(default_factory=list)


@dataclass
class Plan:
    """Every row to insert, grouped by table, plus what the benchmark needs to know."""

    members: list[dict[str, Any]]
    memberships: list[dict[str, Any]]
    boards: list[dict[str, Any]]
    threads: list[dict[str, Any]]
    posts: list[dict[str, Any]]
    showcase_thread_id: int
    busiest_board_slug: str


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--database-url",
        default=None,
        help=f"default: a fresh sqlite file at {DEFAULT_DB.relative_to(ROOT)}",
    )
    parser.add_argument("--boards", type=int, default=7)
    parser.add_argument("--threads", type=int, default=None, help="default: posts / 12")
    parser.add_argument("--posts", type=int, default=100_000, help="total posts, openings included")
    parser.add_argument("--members", type=int, default=400)
    parser.add_argument("--days", type=int, default=730, help="how far back the history goes")
    parser.add_argument("--seed", type=int, default=1, help="random seed, for repeatable data")
    args = parser.parse_args(argv)
    args.threads = args.threads or max(1, args.posts // 12)
    _check_sizes(parser, args)
    return args


def _check_sizes(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    # The showcase thread takes one thread and 20 posts; every other thread needs its opening post.
    other_threads, other_posts = args.threads - 1, args.posts - SHOWCASE_POSTS
    if args.boards < 1 or args.members < 1 or args.threads < 1:
        parser.error("--boards, --members and --threads must be at least 1")
    if other_posts < other_threads or (other_threads == 0 and other_posts > 0):
        parser.error(
            f"--posts must be at least threads + {SHOWCASE_POSTS - 1}, "
            "and exactly 20 with a single thread"
        )


def default_database_url() -> str:
    """A fresh SQLite file under bench/results, removing the previous run's copy."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{DEFAULT_DB}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{DEFAULT_DB}"


def make_app(database_url: str):
    """The app bound to the bench database, with no plug-ins and no files outside bench/."""
    BENCH_INSTANCE.mkdir(parents=True, exist_ok=True)
    # Config() reads these before overrides apply; without them it would write instance/secret_key.
    os.environ["PEERCIRCLE_INSTANCE_DIR"] = str(BENCH_INSTANCE)
    os.environ["PEERCIRCLE_SECRET_KEY"] = "bench"
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "INSTANCE_PATH": str(BENCH_INSTANCE),
            "SECRET_KEY": "bench",
            "PLUGINS": [],
        }
    )


def plan_members(rng: random.Random, count: int, start: datetime) -> list[dict[str, Any]]:
    """Pseudonymous members with unique, mixed-case usernames; a few moderators and one admin."""
    rows, seen = [], set()
    while len(rows) < count:
        name = f"{rng.choice(ADJECTIVES)}{rng.choice(NOUNS)}{rng.randrange(10, 1000)}"
        if name.lower() in seen:
            continue
        seen.add(name.lower())
        index = len(rows)
        role = "admin" if index == 0 else "moderator" if index < 4 else "member"
        rows.append(
            {
                "id": index + 1,
                "username": name,
                "username_key": name.lower(),
                "email": f"{name.lower()}@example.org",
                "password_hash": "!bench-no-login",
                "role": role,
                "status": "active",
                "joined_at": start - timedelta(days=rng.uniform(1, 90)),
                "session_token": f"{rng.getrandbits(128):032x}",
            }
        )
    return rows


def plan_boards(count: int, start: datetime) -> list[dict[str, Any]]:
    """The default condition boards first, then numbered extra ones; guidelines rendered once each."""
    rendered: dict[str, str] = {}
    rows = []
    for index in range(count):
        if index < len(DEFAULT_BOARDS):
            spec = DEFAULT_BOARDS[index]
            slug, name, description, guidelines = (
                spec.slug,
                spec.name,
                spec.description,
                guidelines_for(spec),
            )
        else:
            slug, name = f"condition-{index + 1}", f"Condition {index + 1}"
            description, guidelines = f"Living with condition {index + 1}.", COMMON_GUIDELINES
        if guidelines not in rendered:
            rendered[guidelines] = render_markdown(guidelines)
        rows.append(
            {
                "id": index + 1,
                "slug": slug,
                "name": name,
                "description": description,
                "guidelines_source": guidelines,
                "guidelines_html": rendered[guidelines],
                "position": index,
                "created_at": start - timedelta(days=120),
                "thread_count": 0,
                "post_count": 0,
                "last_post_at": None,
                "last_thread_id": None,
            }
        )
    return rows


def reply_times(rng: random.Random, begin: datetime, replies: int, end: datetime) -> list[datetime]:
    """The opening time, then replies with exponential gaps, squeezed to finish before `end`."""
    mean_gap = rng.choice((600, 1800, 3600, 4 * 3600, 12 * 3600))
    offsets, total = [], 0.0
    for _ in range(replies):
        total += 1 + rng.expovariate(1 / mean_gap)
        offsets.append(total)
    room = (end - begin).total_seconds()
    scale = min(1.0, room / total) if total else 1.0
    return [begin] + [begin + timedelta(seconds=offset * scale) for offset in offsets]


def thread_sizes(rng: random.Random, threads: int, posts: int) -> list[int]:
    """Posts per thread with a heavy tail: most threads short, a few hundreds of posts long."""
    if threads == 0:
        return []
    # Pareto weights, capped so one mega-thread cannot swallow the whole forum.
    weights = [min(rng.paretovariate(1.2), 400.0) for _ in range(threads)]
    extra = Counter(rng.choices(range(threads), weights=weights, k=posts - threads))
    return [1 + extra[index] for index in range(threads)]


def plan_threads(
    rng: random.Random,
    args: argparse.Namespace,
    boards: list[dict[str, Any]],
    span: tuple[datetime, datetime],
) -> list[PlannedThread]:
    """Every thread with its board, author and post times; the showcase thread goes in the busiest board."""
    start, end = span
    board_weights = [1 / (rank + 1) ** 0.8 for rank in range(len(boards))]
    rng.shuffle(board_weights)
    board_ids = [row["id"] for row in boards]
    planned = []
    for size in thread_sizes(rng, args.threads - 1, args.posts - SHOWCASE_POSTS):
        # sqrt skews start times toward the present: the community grows over time.
        begin = start + (end - start) * rng.random() ** 0.5
        planned.append(
            PlannedThread(
                board_id=rng.choices(board_ids, weights=board_weights)[0],
                author_index=_pick_author(rng, args.members),
                title=_title(rng),
                times=reply_times(rng, begin, size - 1, end),
            )
        )
    busiest = _busiest_board(planned, board_ids)
    begin = end - timedelta(days=rng.uniform(2, 30))
    planned.append(
        PlannedThread(
            board_id=busiest,
            author_index=_pick_author(rng, args.members),
            title="Twenty posts about pacing, sleep and small wins",
            times=reply_times(rng, begin, SHOWCASE_POSTS - 1, end),
            parents=SHOWCASE_PARENTS,
        )
    )
    for thread in planned:
        count = len(thread.times) - 1
        thread.post_authors = [thread.author_index] + [
            _pick_author(rng, args.members) for _ in range(count)
        ]
    return planned


def _busiest_board(planned: list[PlannedThread], board_ids: list[int]) -> int:
    counts = Counter(thread.board_id for thread in planned)
    return max(board_ids, key=lambda board_id: (counts[board_id], -board_id))


def _pick_author(rng: random.Random, members: int) -> int:
    # Squaring skews activity: a core of regulars writes most posts, many members rarely post.
    return int(members * rng.random() ** 2)


def _title(rng: random.Random) -> str:
    return f"{rng.choice(OPENERS)} {rng.choice(TOPICS)}"


def rendered_bodies(sources: Sequence[str]) -> list[tuple[str, str]]:
    """Each template body with its HTML, rendered once: rendering costs about a millisecond."""
    return [(source, render_markdown(source)) for source in sources]


def post_events(planned: list[PlannedThread]) -> list[tuple[datetime, int, int]]:
    """(time, thread index, position in thread) for every post, in global writing order."""
    events = [
        (moment, index, position)
        for index, thread in enumerate(planned)
        for position, moment in enumerate(thread.times)
    ]
    events.sort()
    # Strictly increasing timestamps, so ids and created_at agree like in the live app.
    previous = None
    for number, (moment, index, position) in enumerate(events):
        if previous is not None and moment <= previous:
            moment = previous + timedelta(microseconds=1)
            events[number] = (moment, index, position)
        previous = moment
    return events


def _choose_parent(rng: random.Random, thread: PlannedThread, position: int) -> int:
    if thread.parents is not None:
        return thread.parents[position]  # type: ignore[return-value]
    roll = rng.random()
    if roll < 0.5:
        return 0  # most replies answer the opening post
    if roll < 0.75:
        return position - 1  # back-and-forth with the latest post
    return rng.randrange(position)


def _placed(parent_path: str, parent_depth: int, post_id: int) -> tuple[str, int]:
    # Same rule as forum.posting.reply: past MAX_TREE_DEPTH the path stops growing.
    base = parent_path if parent_depth < MAX_TREE_DEPTH else parent_path[:-SEGMENT_WIDTH]
    return child_path(base, post_id), min(parent_depth + 1, MAX_TREE_DEPTH)


def plan_posts(
    rng: random.Random,
    planned: list[PlannedThread],
    thread_ids: list[int],
    members: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """Post rows with explicit ids, parent ids, paths and depths, in creation order."""
    openings = rendered_bodies(OPENING_BODIES)
    replies = rendered_bodies(REPLY_BODIES)
    placed: dict[int, list[tuple[int, str, int]]] = defaultdict(list)  # thread -> (id, path, depth)
    rows = []
    for post_id, (moment, index, position) in enumerate(post_events(planned), start=1):
        thread = planned[index]
        if position == 0:
            parent_id, path, depth = None, child_path("", post_id), 0
            source, html = rng.choice(openings)
        else:
            parent_id, parent_path, parent_depth = placed[index][
                _choose_parent(rng, thread, position)
            ]
            path, depth = _placed(parent_path, parent_depth, post_id)
            source, html = rng.choice(replies)
        placed[index].append((post_id, path, depth))
        author = members[thread.post_authors[position]]
        rows.append(
            {
                "id": post_id,
                "thread_id": thread_ids[index],
                "author_id": author["id"],
                "author_name": author["username"],
                "parent_id": parent_id,
                "path": path,
                "depth": depth,
                "body_source": source,
                "body_html": html,
                "status": PostStatus.VISIBLE.value,
                "created_at": moment,
                "edited_at": None,
                "deleted_at": None,
            }
        )
    return rows


def plan_thread_rows(
    planned: list[PlannedThread], members: list[dict[str, Any]], post_times: dict[int, datetime]
) -> list[dict[str, Any]]:
    """Thread rows with counters as the app keeps them; the oldest thread of each board is pinned."""
    rows, pinned_boards = [], set()
    for index, thread in enumerate(planned):
        author = members[thread.author_index]
        pinned = thread.board_id not in pinned_boards and thread.parents is None
        if pinned:
            pinned_boards.add(thread.board_id)
        rows.append(
            {
                "id": index + 1,
                "board_id": thread.board_id,
                "author_id": author["id"],
                "author_name": author["username"],
                "title": thread.title,
                "slug": slugify(thread.title),
                "created_at": thread.times[0],
                "last_activity_at": post_times[index + 1],
                "reply_count": len(thread.times) - 1,
                "pinned": pinned,
                "locked": False,
                "is_public": True,
            }
        )
    return rows


def fill_board_counters(boards: list[dict[str, Any]], threads: list[dict[str, Any]]) -> None:
    """thread_count, post_count, last_post_at and last_thread_id, as set_post_status maintains them."""
    by_id = {row["id"]: row for row in boards}
    for thread in threads:
        board = by_id[thread["board_id"]]
        board["thread_count"] += 1
        board["post_count"] += thread["reply_count"] + 1
        if board["last_post_at"] is None or thread["last_activity_at"] >= board["last_post_at"]:
            board["last_post_at"] = thread["last_activity_at"]
            board["last_thread_id"] = thread["id"]


def plan_memberships(
    rng: random.Random, members: list[dict[str, Any]], boards: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Most members follow one to three boards."""
    rows = []
    for member in members:
        for board in rng.sample(boards, k=min(len(boards), rng.randrange(0, 4))):
            rows.append(
                {
                    "member_id": member["id"],
                    "board_id": board["id"],
                    "joined_at": member["joined_at"],
                }
            )
    return rows


def build_plan(args: argparse.Namespace) -> Plan:
    """Every row of the benchmark forum, computed in memory with consistent ids and counters."""
    rng = random.Random(args.seed)
    end = utcnow().replace(microsecond=0) - timedelta(minutes=5)
    start = end - timedelta(days=args.days)
    members = plan_members(rng, args.members, start)
    boards = plan_boards(args.boards, start)
    # Threads are numbered in the order they were started, as autoincrement would.
    planned = sorted(plan_threads(rng, args, boards, (start, end)), key=lambda t: t.times[0])
    thread_ids = list(range(1, len(planned) + 1))
    posts = plan_posts(rng, planned, thread_ids, members)
    last_post = {}
    for row in posts:
        last_post[row["thread_id"]] = row["created_at"]
    threads = plan_thread_rows(planned, members, last_post)
    fill_board_counters(boards, threads)
    showcase = next(i + 1 for i, thread in enumerate(planned) if thread.parents is not None)
    busiest = max(boards, key=lambda row: (row["thread_count"], -row["id"]))
    return Plan(
        members,
        plan_memberships(rng, members, boards),
        boards,
        threads,
        posts,
        showcase,
        busiest["slug"],
    )


def insert_rows(table: Table, rows: list[dict[str, Any]]) -> None:
    """executemany in batches: one statement per batch, no ORM objects."""
    for offset in range(0, len(rows), BATCH_SIZE):
        db.session.execute(insert(table), rows[offset : offset + BATCH_SIZE])


def insert_plan(plan: Plan) -> int:
    """Insert every planned row in one transaction; returns the number of rows."""
    tables = (
        (Member.__table__, plan.members),
        (Board.__table__, plan.boards),
        (Membership.__table__, plan.memberships),
        (Thread.__table__, plan.threads),
        (Post.__table__, plan.posts),
    )
    for table, rows in tables:
        insert_rows(table, rows)
    db.session.commit()
    return sum(len(rows) for _, rows in tables)


def ensure_empty() -> None:
    """Refuse to seed over existing data: explicit ids would collide."""
    for model in (Member, Board, Thread, Post):
        if db.session.scalar(select(func.count()).select_from(model)):
            raise SystemExit(f"{model.__tablename__} is not empty; use a fresh database")


CHECKS = {
    "threads whose reply_count is wrong": (
        "SELECT count(*) FROM threads t WHERE t.reply_count != "
        "(SELECT count(*) FROM posts p WHERE p.thread_id = t.id) - 1"
    ),
    "boards whose counters are wrong": (
        "SELECT count(*) FROM boards b WHERE b.thread_count != "
        "(SELECT count(*) FROM threads t WHERE t.board_id = b.id) OR b.post_count != "
        "(SELECT count(*) FROM posts p JOIN threads t ON t.id = p.thread_id WHERE t.board_id = b.id)"
    ),
    "posts whose path does not extend their parent's": (
        "SELECT count(*) FROM posts c JOIN posts p ON p.id = c.parent_id "
        "WHERE p.depth < 100 AND (substr(c.path, 1, length(p.path)) != p.path "
        "OR c.depth != p.depth + 1)"
    ),
    "posts whose path does not match their depth": (
        "SELECT count(*) FROM posts WHERE length(path) != 10 * (depth + 1)"
    ),
    "opening posts that are not alone in their thread": (
        "SELECT count(*) FROM (SELECT thread_id FROM posts WHERE parent_id IS NULL "
        "GROUP BY thread_id HAVING count(*) != 1) AS extra"
    ),
}


def verify() -> dict[str, int]:
    """Count rows that break an invariant the app maintains; all counts should be zero."""
    return {label: db.session.scalar(text(sql)) for label, sql in CHECKS.items()}


def main(argv: Sequence[str] | None = None) -> int:
    """Migrate, plan, insert, verify and report."""
    args = parse_args(argv)
    url = args.database_url or default_database_url()
    began = time.perf_counter()
    app = make_app(url)
    with app.app_context():
        flask_migrate.upgrade()
        ensure_empty()
        migrated = time.perf_counter()
        plan = build_plan(args)
        planned = time.perf_counter()
        rows = insert_plan(plan)
        inserted = time.perf_counter()
        problems = verify()
        db.engine.dispose()
    verified = time.perf_counter()
    report(args, url, plan, rows, (began, migrated, planned, inserted, verified), problems)
    return 1 if any(problems.values()) else 0


def report(
    args: argparse.Namespace,
    url: str,
    plan: Plan,
    rows: int,
    marks: tuple[float, ...],
    problems: dict[str, int],
) -> None:
    """Print the figures and save what load.py needs next to the results."""
    began, migrated, planned, inserted, verified = marks
    seed_seconds = inserted - began
    summary = {
        "database_url": url,
        "seed": args.seed,
        "boards": len(plan.boards),
        "members": len(plan.members),
        "threads": len(plan.threads),
        "posts": len(plan.posts),
        "rows": rows,
        "showcase_thread_id": plan.showcase_thread_id,
        "busiest_board_slug": plan.busiest_board_slug,
        "max_thread_posts": max(t["reply_count"] for t in plan.threads) + 1,
        "max_depth": max(p["depth"] for p in plan.posts),
        "seconds": {
            "migrate": round(migrated - began, 3),
            "plan": round(planned - migrated, 3),
            "insert": round(inserted - planned, 3),
            "seed_total": round(seed_seconds, 3),
            "verify": round(verified - inserted, 3),
        },
        "rows_per_second": {
            "insert": round(rows / (inserted - planned)),
            "seed_total": round(rows / seed_seconds),
        },
        "problems": problems,
    }
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    SEED_INFO.write_text(json.dumps(summary, indent=2))
    _print_summary(summary)


def _print_summary(summary: dict[str, Any]) -> None:
    seconds, rates = summary["seconds"], summary["rows_per_second"]
    print(f"database: {summary['database_url']}")
    print(
        f"seeded {summary['posts']} posts in {summary['threads']} threads, {summary['boards']} boards, "
        f"{summary['members']} members ({summary['rows']} rows)"
    )
    print(
        f"longest thread: {summary['max_thread_posts']} posts; deepest reply: depth {summary['max_depth']}"
    )
    print(
        f"time: migrate {seconds['migrate']:.2f}s, plan {seconds['plan']:.2f}s, "
        f"insert {seconds['insert']:.2f}s, total {seconds['seed_total']:.2f}s "
        f"(verify {seconds['verify']:.2f}s, not counted)"
    )
    print(f"rows/s: insert {rates['insert']:,}, overall {rates['seed_total']:,}")
    print(f"20-post thread id: {summary['showcase_thread_id']}")
    print(f"busiest board slug: {summary['busiest_board_slug']}")
    for label, count in summary["problems"].items():
        if count:
            print(f"CHECK FAILED: {count} {label}", file=sys.stderr)
    print(f"summary written to {SEED_INFO.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
