"""Writing index changes to the outbox with the post change, and draining it after commit."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import insert, select

from forum import outbox
from forum.extensions import db
from forum.hooks import Change
from forum.models import Post
from search.indexer import drain
from search.models import IndexOutbox


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
    directory = app.config["INDEX_DIR"]
    outbox.drain_after_commit("search", lambda session: drain(session, directory))
