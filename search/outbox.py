"""Writing index changes to the outbox with the post change, and draining it after commit."""

from __future__ import annotations

import logging

from flask import Flask, after_this_request, current_app, g, has_request_context
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from forum.extensions import db
from forum.hooks import Change
from forum.models import Post
from search.indexer import drain
from search.models import IndexOutbox

log = logging.getLogger(__name__)


def enqueue(app: Flask, *, post: Post, change: Change, verdict=None) -> None:
    """In the post's own transaction: this post (or its whole thread) needs re-indexing."""
    if change == Change.THREAD:
        db.session.execute(
            insert(IndexOutbox).from_select(
                ["post_id"], select(Post.id).where(Post.thread_id == post.thread_id)
            )
        )
    else:
        db.session.add(IndexOutbox(post_id=post.id))


def drain_after_commit(app: Flask, *, changes) -> None:
    """Apply the outbox once the change is safe in the database, never failing the request."""
    if not app.config.get("SEARCH_INLINE_INDEXING", True):
        return
    if has_request_context():
        if not g.get("search_drain_scheduled"):
            g.search_drain_scheduled = True
            after_this_request(_drain_then_respond)
        return
    _drain_now()


def _drain_then_respond(response):
    _drain_now()
    return response


def _drain_now() -> None:
    # A session of its own: the one that committed is finishing its commit.
    try:
        with Session(db.engine) as session:
            drain(session, current_app.config["INDEX_DIR"])
    except Exception:
        log.exception("draining the search outbox failed; the changes stay queued")
