"""How well /search finds the post that answers a member's question, on judged queries.

The corpus (bench/data/search_corpus_*.json: threads on every default board, with replies,
helpful marks and answers) is loaded through the forum's own verbs and indexed; every judged
query (bench/data/search_queries_*_dev.json and *_frozen.json) is then asked through /search, as
a member would, with its board filter when it has one. A query is judged by the first result
entry holding one of its relevant posts (an entry is one <li class="result">, which may show
several posts of one conversation):

- MRR@10: the mean of 1/rank of that entry, 0 past rank 10;
- top-10 and top-3: how many queries have it in the first 10 or 3 entries;
- zero results: how many queries show no entry at all.

Figures are printed for each part and by kind of query (natural questions, synonyms,
abbreviations, typos, word forms, UK/US spellings, query syntax). The frozen part is never
used to tune: its misses are not printed.

    .venv/bin/python bench/search_quality.py                # both parts
    .venv/bin/python bench/search_quality.py --part dev --show 20
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import flask_migrate
from sqlalchemy.orm import Session

from forum import create_app
from forum.accounts import register_member
from forum.extensions import db
from forum.hooks import checks_suspended
from forum.models import Board, Member, Post
from forum.posting import reply, start_thread
from forum.seeding import ensure_default_boards
from search.indexer import reindex

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
RESULTS = ROOT / "bench" / "results"
CONSIDERED = 10
_ENTRY = re.compile(r'<li class="result[" ].*?</li>\s*(?=<li class="result[" ]|</ol>)', re.S)
_POST_LINK = re.compile(r'href="/p/(\d+)')


@dataclass
class Judged:
    query: dict
    rank: int | None  # 1-based rank of the first entry with a relevant post, within CONSIDERED
    entries: int  # how many entries the first page showed

    @property
    def reciprocal(self) -> float:
        return 1.0 / self.rank if self.rank else 0.0


def site(directory: Path):
    app = create_app(
        {
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "SECRET_KEY": "bench",
            "INSTANCE_PATH": str(directory),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{directory / 'search.db'}",
            "INDEX_DIR": str(directory / "index"),
            "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
            "PLUGINS": ["search"],
        }
    )
    with app.app_context():
        flask_migrate.upgrade(directory=str(ROOT / "migrations"))
        ensure_default_boards()
        db.session.commit()
    return app


def load_corpus(app, paths: list[Path]) -> dict[str, int]:
    """Every corpus thread through the posting verbs; returns corpus post key -> post id."""
    keys: dict[str, int] = {}
    with app.app_context(), checks_suspended():
        boards = {b.slug: b for b in db.session.scalars(db.select(Board))}
        members: dict[str, Member] = {}

        def member(name: str) -> Member:
            if name.lower() not in members:
                members[name.lower()] = register_member(
                    username=name, email=f"{len(members)}@example.org", password="bench pass 1"
                )
            return members[name.lower()]

        for path in paths:
            for spec in json.loads(path.read_text(encoding="utf-8"))["threads"]:
                opening, *replies = spec["posts"]
                thread, _ = start_thread(
                    boards[spec["board"]],
                    author=member(opening["author"]),
                    title=spec["title"],
                    body=opening["body"],
                )
                first = db.session.scalars(db.select(Post).where(Post.thread_id == thread.id)).one()
                made = {opening["key"]: first}
                for item in replies:
                    parent = made.get(item.get("reply_to") or opening["key"], first)
                    post, _ = reply(thread, author=member(item["author"]), body=item["body"], parent=parent)
                    made[item["key"]] = post
                for item in spec["posts"]:
                    post = made[item["key"]]
                    post.helpful_count = item.get("helpful", 0)
                    if item.get("answer"):
                        thread.answer_post_id = post.id
                    keys[item["key"]] = post.id
        db.session.commit()
        with Session(db.engine) as session:
            reindex(session, app.config["INDEX_DIR"])
    return keys


def ask(client, judged: dict, keys: dict[str, int]) -> Judged:
    params = {"q": judged["query"]}
    if judged.get("board"):
        params["board"] = judged["board"]
    page = client.get("/search", query_string=params).get_data(as_text=True)
    relevant = {keys[key] for key in judged["relevant"]}
    entries = _ENTRY.findall(page)
    rank = None
    for position, entry in enumerate(entries[:CONSIDERED], start=1):
        if relevant & {int(found) for found in _POST_LINK.findall(entry)}:
            rank = position
            break
    return Judged(judged, rank, len(entries))


def report(name: str, judged: list[Judged]) -> dict:
    def line(label: str, group: list[Judged]) -> dict:
        count = len(group) or 1
        figures = {
            "queries": len(group),
            "mrr10": sum(j.reciprocal for j in group) / count,
            "top10": sum(j.rank is not None for j in group),
            "top3": sum(j.rank is not None and j.rank <= 3 for j in group),
            "zero": sum(j.entries == 0 for j in group),
        }
        print(
            f"{label:<14}{figures['queries']:>5}{figures['mrr10']:>8.3f}"
            f"{figures['top10']:>7}{figures['top3']:>7}{figures['zero']:>7}"
        )
        return figures

    print(f"\n== {name}: {len(judged)} queries ==")
    print(f"{'kind':<14}{'n':>5}{'MRR@10':>8}{'top10':>7}{'top3':>7}{'zero':>7}")
    kinds: dict[str, list[Judged]] = defaultdict(list)
    for item in judged:
        kinds[item.query.get("kind", "other")].append(item)
    figures = {"part": name, "kinds": {k: line(k, v) for k, v in sorted(kinds.items())}}
    figures["all"] = line("all", judged)
    words = [len(j.query["query"].split()) for j in judged]
    print(f"average query length {sum(words) / (len(words) or 1):.2f} words")
    return figures


def misses(judged: list[Judged], keys: dict[str, int], limit: int) -> None:
    wrong = [j for j in judged if j.rank is None or j.rank > 3]
    print(f"\n-- {len(wrong)} not in the top 3 (showing {min(limit, len(wrong))}) --")
    for item in wrong[:limit]:
        where = f"rank {item.rank}" if item.rank else f"missed ({item.entries} entries)"
        print(f"[{item.query['id']} {item.query.get('kind')}, {where}] {item.query['query']!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["dev", "frozen", "both"], default="both")
    parser.add_argument("--show", type=int, default=0, help="print this many dev misses")
    args = parser.parse_args()
    corpus = sorted(DATA.glob("search_corpus_*.json"))
    parts = ["dev", "frozen"] if args.part == "both" else [args.part]
    everything = []
    with tempfile.TemporaryDirectory() as scratch:
        app = site(Path(scratch))
        started = time.perf_counter()
        keys = load_corpus(app, corpus)
        print(f"{len(keys)} posts from {len(corpus)} corpus files, loaded and indexed in "
              f"{time.perf_counter() - started:.1f} s")
        client = app.test_client()
        for part in parts:
            queries = [
                query
                for path in sorted(DATA.glob(f"search_queries_*_{part}.json"))
                for query in json.loads(path.read_text(encoding="utf-8"))
            ]
            judged = [ask(client, query, keys) for query in queries]
            everything.append(report(part, judged))
            # The frozen part's misses stay unread.
            if args.show and part != "frozen":
                misses(judged, keys, args.show)
        with app.app_context():
            db.engine.dispose()
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    (RESULTS / f"search-quality-{stamp}.json").write_text(json.dumps(everything, indent=2))


if __name__ == "__main__":
    main()
