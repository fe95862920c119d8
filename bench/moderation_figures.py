"""Moderation figures: the queue page with 10,000 open items, and the cost of checking one post."""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import insert

from forum import create_app
from forum.accounts import register_member
from forum.clock import utcnow
from forum.demo import DEMO_THREADS
from forum.extensions import db
from forum.hooks import Draft, judge
from forum.models import Board, Member, Post
from moderation import rules
from moderation.checks import board_rules, watched_words_of
from moderation.models import QueueItem

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PASSWORD = "bench-password-123"  # noqa: S105 (a throwaway bench account)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def make_app(database: Path):
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "INSTANCE_PATH": str(RESULTS / "instance"),
            "SECRET_KEY": "bench",
            "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
        }
    )


def fill_queue(app, items: int) -> None:
    """Open queue items on random posts, a fifth of them urgent, spread over the last two weeks."""
    rng = random.Random(7)
    with app.app_context():
        rows = db.session.execute(db.select(Post.id, Post.thread_id)).all()
        boards = dict(db.session.execute(db.text("select id, board_id from threads")).all())
        now = utcnow()
        chosen = rng.sample(rows, items)
        db.session.execute(
            insert(QueueItem),
            [
                {
                    "post_id": post_id,
                    "board_id": boards[thread_id],
                    "reason": rng.choice(["held", "flagged", "edit"]),
                    "priority": 0 if rng.random() < 0.2 else 1,
                    "admin_only": False,
                    "findings": "[]",
                    "status": "open",
                    "created_at": now - timedelta(minutes=rng.randint(1, 20_000)),
                    "decided_by_name": "",
                }
                for post_id, thread_id in chosen
            ],
        )
        register_member(
            username="bench_admin", email="admin@example.org", password=PASSWORD, role="admin"
        )
        db.session.commit()


def time_queue(app, requests: int) -> list[float]:
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    client.post(
        "/login", data={"csrf_token": token, "username": "bench_admin", "password": PASSWORD}
    )
    assert client.get("/mod/queue").status_code == 200
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get("/mod/queue")
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return timings


def sample_bodies() -> list[str]:
    bodies = []
    for thread in DEMO_THREADS:
        bodies.append(thread.body)
        bodies.extend(reply.body for reply in thread.replies)
    return bodies


def time_rules(app, rounds: int) -> tuple[float, float]:
    """Microseconds per post: the pure rule functions, then the whole check with its queries."""
    bodies = sample_bodies()
    with app.app_context():
        words = watched_words_of(board_rules(1))
        started = time.perf_counter()
        for _ in range(rounds):
            for body in bodies:
                rules.check_text(body, words=words, trusted=True)
        pure = (time.perf_counter() - started) / (rounds * len(bodies)) * 1e6
        author = db.session.scalars(db.select(Member).where(Member.role == "member")).first()
        board = db.session.get(Board, 1)
        started = time.perf_counter()
        for _ in range(rounds):
            for body in bodies:
                judge(Draft(author=author, board=board, body=body, thread=object()))
        whole = (time.perf_counter() - started) / (rounds * len(bodies)) * 1e6
        db.session.rollback()
    return pure, whole


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--source", type=Path, default=RESULTS / "bench.db", help="a database from bench/seed.py"
    )
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    database = RESULTS / "moderation.db"
    shutil.copy(args.source, database)
    app = make_app(database)
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
    fill_queue(app, args.items)
    timings = time_queue(app, args.requests)
    print(
        f"queue page, {args.items:,} open items, {args.requests} requests in-process: "
        f"p50 {statistics.median(timings):.1f} ms, p90 {percentile(timings, 0.9):.1f} ms, "
        f"p99 {percentile(timings, 0.99):.1f} ms"
    )
    pure, whole = time_rules(app, args.rounds)
    print(
        f"rule check per post: {pure:.0f} µs for the rule functions, {whole:.0f} µs for the whole "
        "publish check (standing, rate limits and rules read from the database)"
    )


if __name__ == "__main__":
    main()
