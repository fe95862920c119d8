"""Index documents read from the database, which is the source of truth."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from forum.models import Board, Post, PostStatus, Thread
from search.plain_text import hashtags, markdown_to_text
from search.schema import day_number


def _searchable(query):
    """Posts everyone may read: shown, not deleted, in a thread whose opening post is out."""
    return query.join(Thread, Thread.id == Post.thread_id).filter(
        Post.status == PostStatus.VISIBLE, Post.deleted_at.is_(None), Thread.is_public
    )


def _visible_posts(session: Session):
    return _searchable(session.query(Post, Thread, Board.slug)).join(
        Board, Board.id == Thread.board_id
    )


def document(post: Post, thread: Thread, board_slug: str) -> dict[str, Any]:
    """The fields the index stores for one visible post."""
    return {
        "post_id": str(post.id),
        "thread_id": thread.id,
        "title": thread.title,
        "title_words": thread.title if post.parent_id is None else "",
        "body": markdown_to_text(post.body_source),
        "board": board_slug,
        "author": post.author_name.lower(),
        "author_name": post.author_name,
        "created": post.created_at,
        "day": day_number(post.created_at),
        "opening": post.parent_id is None,
        "helpful": post.helpful_count,
        "answer": thread.answer_post_id == post.id,
        "tip": post.helpful_count > 0 or thread.answer_post_id == post.id,
        "tags": ",".join(hashtags(f"{thread.title} {post.body_source}")),
    }


def documents_for(
    session: Session, post_ids: Iterable[int]
) -> tuple[dict[int, dict[str, Any]], dict[int, str]]:
    """Documents for those of these posts that should be searchable (the rest are absent),
    and the posts whose document could not be built, with the error."""
    ids = list(post_ids)
    if not ids:
        return {}, {}
    docs: dict[int, dict[str, Any]] = {}
    broken: dict[int, str] = {}
    for post, thread, slug in _visible_posts(session).filter(Post.id.in_(ids)).all():
        _build(post, thread, slug, docs, broken)
    return docs, broken


def _build(post, thread, slug, docs: dict, broken: dict) -> None:
    # One post whose text breaks the converter must not keep the others out of the index.
    try:
        docs[post.id] = document(post, thread, slug)
    except Exception as error:
        broken[post.id] = f"{type(error).__name__}: {error}"


def all_documents(
    session: Session, batch: int = 2_000, *, broken: dict[int, str] | None = None
) -> Iterator[dict[str, Any]]:
    """Every searchable post, newest first, a batch at a time; failures go to `broken`.

    Newest first because search reads the index in that order: when a common word matches
    more posts than a search may score, it is the most recent ones it scores.
    """
    failures = {} if broken is None else broken
    below: int | None = None
    while True:
        query = _visible_posts(session)
        if below is not None:
            query = query.filter(Post.id < below)
        rows = query.order_by(Post.id.desc()).limit(batch).all()
        if not rows:
            return
        for post, thread, slug in rows:
            docs: dict[int, dict[str, Any]] = {}
            _build(post, thread, slug, docs, failures)
            if post.id in docs:
                yield docs[post.id]
        below = rows[-1][0].id


# The check every search page makes on the posts it shows, built once: building and compiling
# the ORM query for each page cost about 2 ms, a tenth of an uncached search at 1M posts.
_VISIBLE_AMONG = (
    _searchable(select(Post.id))
    .where(Post.id.in_(bindparam("ids", expanding=True)))
    .order_by(Post.id)
)


def visible_post_ids(
    session: Session,
    among: Iterable[int] | None = None,
    *,
    after: int | None = None,
    limit: int | None = None,
) -> list[int]:
    """Ids of the posts that should be searchable (all, or those among some; past `after`, at
    most `limit`), in id order."""
    if among is not None:
        ids = session.scalars(_VISIBLE_AMONG, {"ids": list(among)})
        return [post_id for post_id in ids if after is None or post_id > after][:limit]
    query = _searchable(session.query(Post.id))
    if after is not None:
        query = query.filter(Post.id > after)
    return [row_id for (row_id,) in query.order_by(Post.id).limit(limit)]


def searchable_count(session: Session) -> int:
    return _visible_posts(session).count()
