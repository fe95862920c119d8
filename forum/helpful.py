"""Domain verbs for helpful advice: members mark posts helpful, a thread's author picks its answer.

Like forum.posting, they change the session and the request commits once. Each checks its
rule from forum.permissions (raising NotAllowed with the reason) and, when something changed,
ends by announcing Change.RANKING so search re-reads the post's helpful count and answer flag.
"""

from __future__ import annotations

from sqlalchemy import delete

from forum import permissions
from forum.changes import record_change
from forum.clock import utcnow
from forum.extensions import db
from forum.hooks import Change
from forum.models import HelpfulMark, Member, Post, Thread


class NotAllowed(Exception):
    """The rule refused the action; the message says why, in words for the member."""


def has_marked(post: Post, *, by: Member) -> bool:
    return db.session.get(HelpfulMark, (by.id, post.id)) is not None


def mark_helpful(post: Post, *, by: Member) -> bool:
    """Count `by` as helped by this post, once: False when they had already marked it."""
    refusal = permissions.helpful_refusal(by, post)
    if refusal:
        raise NotAllowed(refusal)
    if not _insert_mark(by.id, post.id):
        return False
    _bump(post, +1)
    record_change(post, Change.RANKING)
    return True


def unmark_helpful(post: Post, *, by: Member) -> bool:
    """Take `by`'s mark back: False when there was none. Always allowed for one's own mark."""
    if not getattr(by, "is_authenticated", False):
        raise NotAllowed("Please log in to change your helpful marks.")
    removed = db.session.execute(
        delete(HelpfulMark).where(HelpfulMark.member_id == by.id, HelpfulMark.post_id == post.id)
    )
    # The deleted row count decides, not an earlier read: two clicks at once take one mark
    # back, once. (A DELETE's row count is reliable on every driver; an INSERT's is not.)
    if removed.rowcount != 1:
        return False
    _bump(post, -1)
    record_change(post, Change.RANKING)
    return True


def mark_answer(thread: Thread, post: Post, *, by: Member) -> bool:
    """Make this reply the thread's answer, replacing any earlier choice: False if it already was."""
    refusal = permissions.answer_refusal(by, thread, post)
    if refusal:
        raise NotAllowed(refusal)
    if thread.answer_post_id == post.id:
        return False
    previous = _answer_post(thread)
    thread.answer_post_id = post.id
    db.session.expire(thread, ["answer_post"])
    if previous is not None:
        # It is no longer the answer: its search entry must say so too.
        record_change(previous, Change.RANKING)
    record_change(post, Change.RANKING)
    return True


def clear_answer(thread: Thread, *, by: Member) -> bool:
    """The thread has no chosen answer any more: False if it had none."""
    if not permissions.can_clear_answer(by, thread):
        raise NotAllowed("Only the member who started this thread can choose its answer.")
    if thread.answer_post_id is None:
        return False
    previous = _answer_post(thread)
    thread.answer_post_id = None
    db.session.expire(thread, ["answer_post"])
    if previous is None:
        # The post is gone (answer_post_id has no foreign key): nothing to re-index.
        db.session.flush()
        return True
    record_change(previous, Change.RANKING)
    return True


def _answer_post(thread: Thread) -> Post | None:
    if thread.answer_post_id is None:
        return None
    return db.session.get(Post, thread.answer_post_id)


def _bump(post: Post, delta: int) -> None:
    # An SQL expression, not a read-modify-write: concurrent marks on one post all count.
    post.helpful_count = Post.helpful_count + delta
    db.session.flush()
    db.session.refresh(post, ["helpful_count"])


def _insert_mark(member_id: int, post_id: int) -> bool:
    """Add the mark unless it exists; True when a row was written.

    INSERT .. ON CONFLICT DO NOTHING lets the primary key settle a double click between two
    requests without an IntegrityError spoiling the transaction.
    """
    values = {"member_id": member_id, "post_id": post_id, "created_at": utcnow()}
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - PeerCircle runs on SQLite and PostgreSQL
        if db.session.get(HelpfulMark, (member_id, post_id)) is not None:
            return False
        db.session.add(HelpfulMark(**values))
        db.session.flush()
        return True
    # RETURNING, not rowcount: an INSERT's row count is not reliable across drivers (psycopg
    # reports none through the ORM); a row comes back only when one was written.
    statement = (
        insert(HelpfulMark).values(**values).on_conflict_do_nothing().returning(HelpfulMark.post_id)
    )
    return db.session.execute(statement).first() is not None
