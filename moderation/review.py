"""What the automatic check got wrong: holds and flags moderators overturned, removals it missed.

A queue item counts as raised by the detector when its findings hold at least one finding that
put the post before a moderator (hold, block, flag or urgent) other than the new-member note.
Member flags open items with no findings ("[]", moderation.flags), and a new member's post held
only for trust carries just the note checks.Screening adds; neither is a rule or a score firing.

Decided items only, within a window of decision times, on the boards a moderator looks after
now (the post's current board, as the queue's item lookup uses). Urgent (crisis) items are left
out on both sides: approving one says the member was answered, not that the alarm was wrong
(moderation.decisions does not learn from it either).

Edit-and-approve closes an item as approved; what tells it apart is the "edit" entry the same
decision writes to the log after claiming the item. Removals happen only through queue items
(decisions.remove), so every removal has an item to classify.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, exists, false, func, not_, or_
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from forum.clock import utcnow
from forum.extensions import db
from forum.models import Board, Post, Thread
from moderation.models import Flag, ItemStatus, LogEntry, QueueItem
from moderation.rules import Action

WINDOW = timedelta(days=30)
LIST_LIMIT = 50
# The actions that bring a post before a moderator; masking alone publishes it.
RAISING_ACTIONS = (Action.HOLD, Action.BLOCK, Action.FLAG, Action.URGENT)
TRUST_KIND = "trust"
# Findings are stored by checks.Screening.as_json with json.dumps's default separators and the
# keys in the order kind, action, ...; these are the same spellings. Quotes inside a member's
# words are escaped in that JSON, so their text cannot produce these fragments.
_TRUST_HOLD = json.dumps({"kind": TRUST_KIND, "action": str(Action.HOLD)})[1:-1]
_ACTION_FRAGMENTS = tuple(json.dumps({"action": str(a)})[1:-1] for a in RAISING_ACTIONS)


@dataclass(frozen=True)
class Figures:
    """Counts over the window: what the detector raised and how moderators decided it."""

    overturned: int  # raised, then approved as it was
    upheld: int  # raised, then removed, or edited before approval
    missed: int  # raised nothing, and a moderator removed it

    @property
    def raised(self) -> int:
        return self.overturned + self.upheld


@dataclass
class Mistake:
    """One decided item with its post, and what fired (overturned) or who reported it (missed)."""

    item: QueueItem
    post: Post
    thread: Thread
    board: Board
    findings: list[dict[str, Any]] = field(default_factory=list)
    # Missed removals: the guidelines members flagged it under, with how many chose each.
    flagged_as: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class Review:
    since: datetime
    figures: Figures
    overturned: list[Mistake]
    missed: list[Mistake]


def raised_by_detector() -> ColumnElement[bool]:
    """SQL: the item's findings name a hold, block, flag or urgent finding besides the trust note."""
    rest = func.replace(QueueItem.findings, _TRUST_HOLD, "")
    return or_(*(rest.like(f"%{fragment}%") for fragment in _ACTION_FRAGMENTS))


def edited_on_approval(since: datetime) -> ColumnElement[bool]:
    """SQL: the item was closed by edit-and-approve, not by a plain approval.

    That decision claims the item (decided_at) and then logs "edit" for the post, so its entry is
    an "edit" of the post at or after decided_at with no other decision of the post between
    them. The uncorrelated IN (posts a moderator edited since the window began, read once)
    narrows the correlated check to those few posts.
    """
    later = aliased(QueueItem)
    edited_since = db.select(LogEntry.post_id).where(
        LogEntry.action == "edit", LogEntry.created_at >= since
    )
    this_edit = exists().where(
        LogEntry.action == "edit",
        LogEntry.post_id == QueueItem.post_id,
        LogEntry.created_at >= QueueItem.decided_at,
        ~exists().where(
            later.post_id == QueueItem.post_id,
            later.id != QueueItem.id,
            later.decided_at >= QueueItem.decided_at,
            later.decided_at <= LogEntry.created_at,
        ),
    )
    return and_(QueueItem.post_id.in_(edited_since), this_edit)


def _scope(query, boards: set[int] | None, is_admin: bool, since: datetime, until: datetime | None):
    """Decided approvals and removals in the window, on these boards (None: all), crisis aside."""
    query = (
        query.join(Post, Post.id == QueueItem.post_id)
        .join(Thread, Thread.id == Post.thread_id)
        .where(
            QueueItem.status.in_((ItemStatus.APPROVED, ItemStatus.REMOVED)),
            QueueItem.decided_at.is_not(None),
            QueueItem.decided_at >= since,
            QueueItem.priority != 0,
        )
    )
    if until is not None:
        query = query.where(QueueItem.decided_at < until)
    if boards is not None:
        query = query.where(Thread.board_id.in_(sorted(boards)) if boards else false())
    if not is_admin:
        query = query.where(~QueueItem.admin_only)
    return query


def _is(status: str) -> ColumnElement[bool]:
    return QueueItem.status == status


def _overturned(since: datetime) -> ColumnElement[bool]:
    return and_(raised_by_detector(), _is(ItemStatus.APPROVED), not_(edited_on_approval(since)))


def _upheld(since: datetime) -> ColumnElement[bool]:
    return and_(
        raised_by_detector(),
        or_(_is(ItemStatus.REMOVED), and_(_is(ItemStatus.APPROVED), edited_on_approval(since))),
    )


def _missed() -> ColumnElement[bool]:
    return and_(not_(raised_by_detector()), _is(ItemStatus.REMOVED))


def _window_start(since: datetime | None) -> datetime:
    return since if since is not None else utcnow() - WINDOW


def detector_figures(
    boards: set[int] | None,
    *,
    is_admin: bool,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Figures:
    """The window's counts in one aggregate query (default window: the last 30 days)."""

    def total(condition: ColumnElement[bool]):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    start = _window_start(since)
    query = db.select(
        total(_overturned(start)), total(_upheld(start)), total(_missed())
    ).select_from(QueueItem)
    row = db.session.execute(_scope(query, boards, is_admin, start, until)).one()
    return Figures(overturned=int(row[0]), upheld=int(row[1]), missed=int(row[2]))


def detector_review(
    boards: set[int] | None,
    *,
    is_admin: bool,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = LIST_LIMIT,
) -> Review:
    """The figures, and the most recent overturned and missed items (at most `limit` each).

    Four queries whatever the data: the counts, each list, and the flags of the missed posts.
    """
    start = _window_start(since)
    figures = detector_figures(boards, is_admin=is_admin, since=start, until=until)
    overturned = _mistakes(_overturned(start), boards, is_admin, start, until, limit)
    for mistake in overturned:
        mistake.findings = detector_findings(mistake.item.findings)
    missed = _mistakes(_missed(), boards, is_admin, start, until, limit)
    _add_flags(missed)
    return Review(since=start, figures=figures, overturned=overturned, missed=missed)


def _mistakes(
    condition: ColumnElement[bool],
    boards: set[int] | None,
    is_admin: bool,
    since: datetime,
    until: datetime | None,
    limit: int,
) -> list[Mistake]:
    query = (
        db.select(QueueItem, Post, Thread, Board)
        .select_from(QueueItem)
        .where(condition)
        .order_by(QueueItem.decided_at.desc(), QueueItem.id.desc())
        .limit(limit)
    )
    query = _scope(query, boards, is_admin, since, until).join(Board, Board.id == Thread.board_id)
    rows = db.session.execute(query).all()
    return [Mistake(item, post, thread, board) for item, post, thread, board in rows]


def _add_flags(mistakes: list[Mistake]) -> None:
    if not mistakes:
        return
    counts: dict[int, list[tuple[str, int]]] = {}
    rows = db.session.execute(
        db.select(Flag.post_id, Flag.guideline, func.count())
        .where(Flag.post_id.in_({m.post.id for m in mistakes}))
        .group_by(Flag.post_id, Flag.guideline)
        .order_by(Flag.post_id, func.count().desc(), Flag.guideline)
    ).all()
    for post_id, guideline, count in rows:
        counts.setdefault(post_id, []).append((guideline, count))
    for mistake in mistakes:
        mistake.flagged_as = counts.get(mistake.post.id, [])


def detector_findings(stored: str) -> list[dict[str, Any]]:
    """The findings that brought the post to a moderator, the trust note and masks left out."""
    try:
        findings = json.loads(stored or "[]")
    except ValueError:
        return []
    return [
        f
        for f in findings
        if isinstance(f, dict)
        and f.get("kind") != TRUST_KIND
        and f.get("action") in set(RAISING_ACTIONS)
    ]
