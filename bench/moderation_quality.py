"""How well moderation catches what members write: recall, precision and false holds by kind.

Every post of an evaluation part is sent through the site (the real publish check, the real
queue) by a trusted member, then judged from what became of it:

- a crisis post is caught when it reaches the queue as urgent;
- any other harmful post is caught when it is held, refused, or published with a queue item;
- an ordinary post is held by mistake when it is held or refused (flags and urgent alerts on
  ordinary posts are counted too, apart).

Precision per kind reads which guideline the findings name. The publish check's own cost is
timed separately, in-process, per post.

    .venv/bin/python bench/moderation_quality.py            # every part
    .venv/bin/python bench/moderation_quality.py --part dev  # one part, with its misses
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import flask_migrate

from forum import create_app
from forum.accounts import register_member
from forum.extensions import db
from forum.hooks import Draft, judge
from forum.models import Board, Member, Post, Thread
from forum.posting import start_thread
from forum.seeding import ensure_default_boards
from moderation.models import QueueItem
from moderation.teaching import kind_of_guideline

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
RESULTS = ROOT / "bench" / "results"
PARTS = {
    "dev": DATA / "moderation_dev.json",
    "dev2": DATA / "moderation_dev2.json",
    "frozen": DATA / "moderation_frozen_test.json",
}
HARMFUL = ("crisis", "medical", "personal_data", "spam", "abuse")
@dataclass
class Outcome:
    post: dict
    status: int
    held: bool  # held for review or refused: others do not see it
    queued: bool
    urgent: bool
    named: set[str] = field(default_factory=set)  # kinds the findings name

    @property
    def caught(self) -> bool:
        if self.post["kind"] == "crisis":
            return self.urgent
        return self.held or self.queued


def site(directory: Path, scoring: bool = True):
    app = create_app(
        {
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "SECRET_KEY": "bench",
            "INSTANCE_PATH": str(directory),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{directory / 'quality.db'}",
            "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
            "PLUGINS": ["moderation"],
            # Trusted members who post as often as they like: only the words are judged.
            "MODERATION_NEW_MEMBER_POSTS": 0,
            "MODERATION_POSTS_PER_10_MINUTES": 1_000_000,
            "MODERATION_THREADS_PER_HOUR": 1_000_000,
            "MODERATION_SCORING": scoring,
        }
    )
    with app.app_context():
        flask_migrate.upgrade(directory=str(ROOT / "migrations"))
        ensure_default_boards()
        owner = register_member(username="owner", email="o@example.org", password="bench pass 1")
        register_member(username="regular", email="r@example.org", password="bench pass 1")
        for board in db.session.scalars(db.select(Board)):
            start_thread(board, author=owner, title=f"Living with it: {board.name}", body="Hello.")
        db.session.commit()
    return app


def send(app, client, post: dict) -> Outcome:
    with app.app_context():
        # The board's own open thread, not one a held post of an earlier case started.
        thread_id = db.session.scalar(
            db.select(Thread.id)
            .join(Board)
            .where(Board.slug == post["board"], Thread.author_name == "owner")
            .order_by(Thread.id)
            .limit(1)
        )
        before = db.session.scalar(db.select(db.func.max(Post.id)))
    if post.get("title"):
        title = (post["title"] + " " * 5)[:150]
        response = client.post(f"/b/{post['board']}/new", data={"title": title, "body": post["text"]})
    else:
        response = client.post(f"/t/{thread_id}/reply", data={"body": post["text"]})
    with app.app_context():
        saved = db.session.scalar(db.select(Post).where(Post.id > before).order_by(Post.id))
        if saved is None:
            return Outcome(post, response.status_code, held=True, queued=False, urgent=False)
        items = db.session.scalars(db.select(QueueItem).where(QueueItem.post_id == saved.id)).all()
        named = {
            kind_of_guideline(finding["guideline"]) or finding["kind"]
            for item in items
            for finding in json.loads(item.findings or "[]")
        }
        return Outcome(
            post,
            response.status_code,
            held=saved.status != "visible",
            queued=bool(items),
            urgent=any(item.priority == 0 for item in items),
            named=named,
        )


def timings(app, posts: list[dict], rounds: int = 3) -> list[float]:
    """The publish check alone, per post, in milliseconds."""
    spent = []
    with app.test_request_context():
        author = db.session.scalar(db.select(Member).where(Member.username == "regular"))
        boards = {b.slug: b for b in db.session.scalars(db.select(Board))}
        for _ in range(rounds):
            for post in posts:
                draft = Draft(author=author, board=boards[post["board"]], body=post["text"])
                started = time.perf_counter()
                judge(draft)
                spent.append((time.perf_counter() - started) * 1000)
        db.session.rollback()
    return spent


def report(name: str, outcomes: list[Outcome], spent: list[float]) -> dict:
    by_kind: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_kind[outcome.post["kind"]].append(outcome)
    print(f"\n== {name}: {len(outcomes)} posts ==")
    print(f"{'kind':<14}{'posts':>6}{'caught':>8}{'recall':>8}{'precision':>11}")
    figures: dict = {"part": name, "kinds": {}}
    for kind in HARMFUL:
        group = by_kind.get(kind, [])
        caught = sum(o.caught for o in group)
        named = [o for o in outcomes if kind in o.named]
        right = sum(o.post["kind"] == kind for o in named)
        recall = caught / len(group) if group else 0.0
        precision = right / len(named) if named else 0.0
        figures["kinds"][kind] = {"posts": len(group), "caught": caught, "recall": recall,
                                  "precision": precision}
        print(f"{kind:<14}{len(group):>6}{caught:>8}{recall:>8.0%}{precision:>11.0%}")
    ordinary = by_kind.get("ordinary", [])
    held = sum(o.held for o in ordinary)
    flagged = sum(o.queued and not o.held for o in ordinary)
    alarmed = sum(o.urgent for o in ordinary)
    total = len(ordinary) or 1
    print(
        f"ordinary      {len(ordinary):>6}  held by mistake {held} ({held / total:.1%}), "
        f"flagged {flagged} ({flagged / total:.1%}), urgent alerts {alarmed}"
    )
    statuses = Counter(o.status for o in outcomes)
    p50, p99 = statistics.median(spent), sorted(spent)[int(0.99 * (len(spent) - 1))]
    print(f"answers {dict(statuses)}; publish check p50 {p50:.2f} ms, p99 {p99:.2f} ms")
    figures.update(
        ordinary={"posts": len(ordinary), "held": held, "flagged": flagged, "urgent": alarmed},
        check_ms={"p50": p50, "p99": p99},
    )
    return figures


def misses(outcomes: list[Outcome], limit: int) -> None:
    wrong = [
        o
        for o in outcomes
        if (o.held if o.post["kind"] == "ordinary" else not o.caught)
    ]
    print(f"\n-- {len(wrong)} wrong (showing {min(limit, len(wrong))}) --")
    for o in wrong[:limit]:
        what = "held" if o.post["kind"] == "ordinary" else "missed"
        print(f"[{o.post['id']} {o.post['kind']} {what}] {o.post['text'][:160]!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=[*PARTS, "both"], default="both")
    parser.add_argument("--show", type=int, default=0, help="print this many wrong dev posts")
    parser.add_argument("--file", type=Path, help="score another labelled set instead")
    parser.add_argument("--rules-only", action="store_true", help="without the classifier")
    args = parser.parse_args()
    if args.file:
        PARTS["file"] = args.file
    names = ["file"] if args.file else list(PARTS) if args.part == "both" else [args.part]
    everything = []
    with tempfile.TemporaryDirectory() as scratch:
        app = site(Path(scratch), scoring=not args.rules_only)
        client = app.test_client()
        client.post("/login", data={"username": "regular", "password": "bench pass 1"})
        for name in names:
            posts = json.loads(PARTS[name].read_text())
            outcomes = [send(app, client, post) for post in posts]
            label = f"{name}, {'rules only' if args.rules_only else 'rules and classifier'}"
            everything.append(report(label, outcomes, timings(app, posts)))
            # Misses are shown for the development part only: the frozen part stays unread.
            if args.show and name != "frozen":
                misses(outcomes, args.show)
        with app.app_context():
            db.engine.dispose()
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    (RESULTS / f"moderation-quality-{stamp}.json").write_text(json.dumps(everything, indent=2))


if __name__ == "__main__":
    main()
