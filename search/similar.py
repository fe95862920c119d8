"""Threads like the title a member is typing, offered before they post a duplicate."""

from __future__ import annotations

from flask import current_app, url_for
from whoosh import query as wq

from forum.extensions import db
from search.documents import visible_post_ids
from search.index_store import IndexUnavailable, shared_searcher
from search.schema import ANALYZER


def similar_threads(title: str, limit: int) -> list[tuple[str, str]]:
    """Up to `limit` opening posts whose titles share the most words with this one."""
    tokens = list(dict.fromkeys(token.text for token in ANALYZER(title[:300])))
    if not tokens:
        return []
    matched = wq.And(
        [
            wq.Or([wq.Term("title", t) for t in tokens]),
            wq.Term("opening", True),
        ]
    )
    try:
        found = shared_searcher(current_app.config["INDEX_DIR"]).search(matched, limit=limit)
    except IndexUnavailable:
        return []
    # The index may be behind a removal: offer only threads the database still shows.
    hits = [(hit["title"], int(hit["post_id"])) for hit in found]
    shown = set(visible_post_ids(db.session, [post_id for _, post_id in hits]))
    return [
        (title, url_for("threads.locate", post_id=post_id))
        for title, post_id in hits
        if post_id in shown
    ]
