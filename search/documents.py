"""Index documents read from the database, which is the source of truth."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy.orm import Session

from forum.models import Board, Post, PostStatus, Thread
from search.plain_text import hashtags, markdown_to_text


def _visible_posts(session: Session):
    return (
        session.query(Post, Thread, Board.slug)
        .join(Thread, Thread.id == Post.thread_id)
        .join(Board, Board.id == Thread.board_id)
        .filter(Post.status == PostStatus.VISIBLE, Post.deleted_at.is_(None), Thread.is_public)
    )


def document(post: Post, thread: Thread, board_slug: str) -> dict[str, Any]:
    """The fields the index stores for one visible post."""
    return {
        "post_id": str(post.id),
        "thread_id": thread.id,
        "title": thread.title,
        "body": markdown_to_text(post.body_source),
        "board": board_slug,
        "author": post.author_name.lower(),
        "created": post.created_at,
        "opening": post.parent_id is None,
        "helpful": post.helpful_count,
        "answer": thread.answer_post_id == post.id,
        "tags": ",".join(hashtags(f"{thread.title} {post.body_source}")),
    }


def documents_for(session: Session, post_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """Documents for those of these posts that should be searchable; the rest are absent."""
    ids = list(post_ids)
    if not ids:
        return {}
    rows = _visible_posts(session).filter(Post.id.in_(ids)).all()
    return {post.id: document(post, thread, slug) for post, thread, slug in rows}


def all_documents(session: Session, batch: int = 2_000) -> Iterator[dict[str, Any]]:
    """Every searchable post, read in id order a batch at a time."""
    last = 0
    while True:
        rows = _visible_posts(session).filter(Post.id > last).order_by(Post.id).limit(batch).all()
        if not rows:
            return
        for post, thread, slug in rows:
            yield document(post, thread, slug)
        last = rows[-1][0].id


def searchable_count(session: Session) -> int:
    return _visible_posts(session).count()
