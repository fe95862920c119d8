"""Relevance: judged queries over a realistic corpus, scored by mean reciprocal rank (MRR).

The corpus (tests/data/relevance_corpus.json) is loaded through the forum's own verbs, indexed,
and searched through the search page, as a member would. A plain SQL LIKE search over the same
posts is the baseline search must beat.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

from sqlalchemy import or_
from sqlalchemy.orm import Session

from forum.accounts import register_member
from forum.clock import utcnow
from forum.extensions import db
from forum.hooks import checks_suspended
from forum.models import Board, Member, Post, Thread
from forum.posting import reply, start_thread
from search.indexer import reindex

CORPUS = Path(__file__).parent / "data" / "relevance_corpus.json"
RESULTS_CONSIDERED = 10


def load_corpus(app) -> dict[str, int]:
    """Create the corpus through the verbs; returns corpus post key -> post id."""
    corpus = json.loads(CORPUS.read_text(encoding="utf-8"))
    keys: dict[str, int] = {}
    with app.app_context(), checks_suspended():
        boards = {b.slug: b for b in db.session.scalars(db.select(Board))}
        members: dict[str, Member] = {}

        def member(name: str) -> Member:
            if name not in members:
                members[name] = register_member(
                    username=name, email=f"{name}@example.org", password="x" * 12
                )
            return members[name]

        now = utcnow()
        for spec in corpus["threads"]:
            opening, *replies = spec["posts"]
            thread, _ = start_thread(
                boards[spec["board"]],
                author=member(opening["author"]),
                title=spec["title"],
                body=opening["body"],
            )
            posts = [
                (
                    opening,
                    db.session.scalars(db.select(Post).where(Post.thread_id == thread.id)).one(),
                )
            ]
            for item in replies:
                post, _ = reply(thread, author=member(item["author"]), body=item["body"])
                posts.append((item, post))
            start = now - timedelta(days=spec["days_ago"])
            for offset, (item, post) in enumerate(posts):
                post.created_at = start + timedelta(hours=6 * offset)
                post.helpful_count = item.get("helpful", 0)
                if item.get("answer"):
                    thread.answer_post_id = post.id
                keys[item["key"]] = post.id
            thread.created_at = start
            thread.last_activity_at = posts[-1][1].created_at
        db.session.commit()
        with Session(db.engine) as session:
            reindex(session, app.config["INDEX_DIR"])
    return keys


def reciprocal_rank(ranked: list[int], relevant: set[int]) -> float:
    for position, post_id in enumerate(ranked[:RESULTS_CONSIDERED], start=1):
        if post_id in relevant:
            return 1.0 / position
    return 0.0


def like_search(app, query: str) -> list[int]:
    """The baseline: posts whose title or text contains the query, newest first."""
    pattern = f"%{query}%"
    with app.app_context():
        return list(
            db.session.scalars(
                db.select(Post.id)
                .join(Thread, Thread.id == Post.thread_id)
                .where(or_(Thread.title.ilike(pattern), Post.body_source.ilike(pattern)))
                .order_by(Post.created_at.desc())
                .limit(RESULTS_CONSIDERED)
            )
        )


def page_search(client, query: str) -> list[int]:
    page = client.get("/search", query_string={"q": query}).get_data(as_text=True)
    return [
        int(found) for found in re.findall(r'<li class="result">\s*<h3><a href="/p/(\d+)"', page)
    ]


def test_search_beats_sql_like_on_judged_queries(app, client):
    keys = load_corpus(app)
    corpus = json.loads(CORPUS.read_text(encoding="utf-8"))
    assert len(keys) >= 300 and len(corpus["queries"]) >= 30
    search_scores, like_scores = [], []
    for judged in corpus["queries"]:
        relevant = {keys[key] for key in judged["relevant"]}
        search_scores.append(reciprocal_rank(page_search(client, judged["q"]), relevant))
        like_scores.append(reciprocal_rank(like_search(app, judged["q"]), relevant))
    search_mrr = sum(search_scores) / len(search_scores)
    like_mrr = sum(like_scores) / len(like_scores)
    print(
        f"\nMRR over {len(search_scores)} queries: search {search_mrr:.3f}, SQL LIKE {like_mrr:.3f}"
    )
    assert search_mrr > like_mrr
    assert search_mrr >= 0.6
