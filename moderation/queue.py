"""Reading the review queue: items in order with everything needed to decide, and its figures."""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, false

from forum.clock import utcnow
from forum.extensions import db
from forum.listing import keyset_page
from forum.models import Board, Member, Post, PostStatus, Thread
from moderation.models import Flag, ItemStatus, QueueItem, Standing


@dataclass
class AuthorHistory:
    joined_at: datetime | None = None
    posts: int = 0
    removals: int = 0
    approved: int = 0


@dataclass
class Entry:
    """One queue item with its post in context, the author's history, flags and findings."""

    item: QueueItem
    post: Post
    thread: Thread
    board: Board
    parent: Post | None = None
    history: AuthorHistory = field(default_factory=AuthorHistory)
    flags: list[Flag] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)


def scoped(query, boards: set[int] | None, is_admin: bool):
    """Only the boards the moderator looks after; items for administrators only to them."""
    if boards is not None:
        query = query.where(QueueItem.board_id.in_(boards) if boards else false())
    if not is_admin:
        query = query.where(~QueueItem.admin_only)
    return query


def queue_page(
    boards: set[int] | None,
    *,
    is_admin: bool,
    per_page: int,
    status: str = ItemStatus.OPEN,
    board_id: int | None = None,
    reason: str | None = None,
    after: tuple[int, datetime, int] | None = None,
):
    """A page of queue entries, urgent first then oldest; a fixed number of queries per page."""
    query = (
        db.select(QueueItem, Post, Thread, Board)
        .join(Post, Post.id == QueueItem.post_id)
        .join(Thread, Thread.id == Post.thread_id)
        .join(Board, Board.id == QueueItem.board_id)
        .where(QueueItem.status == status)
    )
    query = scoped(query, boards, is_admin)
    if board_id is not None:
        query = query.where(QueueItem.board_id == board_id)
    if reason:
        query = query.where(QueueItem.reason == reason)
    page = keyset_page(
        query,
        [QueueItem.priority, QueueItem.created_at, QueueItem.id],
        per_page=per_page,
        after=after,
    )
    entries = [Entry(item, post, thread, board) for item, post, thread, board in page.rows]
    _add_context(entries)
    return entries, page.has_later


def _add_context(entries: list[Entry]) -> None:
    if not entries:
        return
    parents = _by_id(Post, {e.post.parent_id for e in entries if e.post.parent_id})
    flags = defaultdict(list)
    for flag in db.session.scalars(
        db.select(Flag).where(Flag.post_id.in_({e.post.id for e in entries})).order_by(Flag.id)
    ):
        flags[flag.post_id].append(flag)
    histories = _histories({e.post.author_id for e in entries if e.post.author_id})
    for entry in entries:
        entry.parent = parents.get(entry.post.parent_id)
        entry.flags = flags[entry.post.id]
        entry.history = histories.get(entry.post.author_id, AuthorHistory())
        entry.findings = json.loads(entry.item.findings or "[]")


def _by_id(model, ids: set[int]) -> dict:
    if not ids:
        return {}
    return {row.id: row for row in db.session.scalars(db.select(model).where(model.id.in_(ids)))}


def _histories(member_ids: set[int]) -> dict[int, AuthorHistory]:
    if not member_ids:
        return {}
    rows = db.session.execute(
        db.select(Member.id, Member.joined_at, Standing.approved_posts, Standing.removed_posts)
        .outerjoin(Standing, Standing.member_id == Member.id)
        .where(Member.id.in_(member_ids))
    ).all()
    counts = dict(
        db.session.execute(
            db.select(Post.author_id, db.func.count())
            .where(Post.author_id.in_(member_ids), Post.status == PostStatus.VISIBLE)
            .group_by(Post.author_id)
        ).all()
    )
    return {
        member_id: AuthorHistory(joined, counts.get(member_id, 0), removed or 0, approved or 0)
        for member_id, joined, approved, removed in rows
    }


@dataclass(frozen=True)
class Figures:
    open_items: int
    urgent_items: int
    median_7_days: timedelta | None
    median_30_days: timedelta | None


def queue_figures(boards: set[int] | None, *, is_admin: bool) -> Figures:
    """Open and urgent counts, and the median time from queueing to decision."""
    counts = db.session.execute(
        scoped(
            db.select(
                db.func.count(),
                db.func.coalesce(db.func.sum(case((QueueItem.priority == 0, 1), else_=0)), 0),
            ).where(QueueItem.status == ItemStatus.OPEN),
            boards,
            is_admin,
        )
    ).one()
    since = utcnow() - timedelta(days=30)
    decided = db.session.execute(
        scoped(
            db.select(QueueItem.created_at, QueueItem.decided_at).where(
                QueueItem.decided_at.is_not(None), QueueItem.decided_at >= since
            ),
            boards,
            is_admin,
        )
    ).all()
    week = utcnow() - timedelta(days=7)
    return Figures(
        open_items=counts[0],
        urgent_items=counts[1],
        median_7_days=median_wait([(c, d) for c, d in decided if d >= week]),
        median_30_days=median_wait(decided),
    )


def median_wait(pairs) -> timedelta | None:
    """The median of decided minus queued; None when nothing was decided."""
    waits = [(decided - created).total_seconds() for created, decided in pairs]
    return timedelta(seconds=statistics.median(waits)) if waits else None


def describe_wait(wait: timedelta | None) -> str:
    """'no decisions yet', '45 minutes', '3.5 hours', '2.0 days'."""
    if wait is None:
        return "no decisions yet"
    minutes = wait.total_seconds() / 60
    if minutes < 90:
        return f"{minutes:.0f} minutes"
    if minutes < 60 * 48:
        return f"{minutes / 60:.1f} hours"
    return f"{minutes / 1440:.1f} days"
