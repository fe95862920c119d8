"""Condition boards: finding them, what their pages list, and members joining or leaving."""

from __future__ import annotations

from sqlalchemy import and_
from sqlalchemy.orm import aliased

from forum.extensions import db
from forum.listing import Page, keyset_page
from forum.models import Board, Membership, Thread
from forum.paging import ActivityCursor


def board_by_slug(slug: str) -> Board | None:
    return db.session.scalar(db.select(Board).where(Board.slug == slug))


def joined_board_ids(member) -> set[int]:
    if member is None or not member.is_authenticated:
        return set()
    return set(
        db.session.scalars(db.select(Membership.board_id).where(Membership.member_id == member.id))
    )


def board_overview(joined: set[int]) -> list:
    """(board, latest thread's title, id, slug) for every board, the member's own boards first."""
    latest = aliased(Thread)
    rows = db.session.execute(
        db.select(Board, latest.title, latest.id, latest.slug)
        .outerjoin(latest, and_(latest.id == Board.last_thread_id, latest.is_public))
        .order_by(Board.position, Board.name)
    ).all()
    rows.sort(key=lambda row: row[0].id not in joined)
    return rows


def threads_page(
    board: Board,
    *,
    per_page: int,
    older_than: ActivityCursor | None = None,
    newer_than: ActivityCursor | None = None,
) -> Page:
    """One page of the board's unpinned threads, most recently active first: one query."""
    return keyset_page(
        db.select(Thread).where(Thread.board_id == board.id, Thread.is_public, ~Thread.pinned),
        [Thread.last_activity_at, Thread.id],
        per_page=per_page,
        descending=True,
        after=(older_than.at, older_than.id) if older_than else None,
        before=(newer_than.at, newer_than.id) if newer_than else None,
    )


def pinned_threads(board: Board) -> list[Thread]:
    """Pinned threads head the board's first page."""
    return list(
        db.session.scalars(
            db.select(Thread)
            .where(Thread.board_id == board.id, Thread.is_public, Thread.pinned)
            .order_by(Thread.last_activity_at.desc())
        )
    )


def join_board(member, board: Board) -> None:
    if db.session.get(Membership, (member.id, board.id)) is None:
        db.session.add(Membership(member_id=member.id, board_id=board.id))


def leave_board(member, board: Board) -> None:
    membership = db.session.get(Membership, (member.id, board.id))
    if membership is not None:
        db.session.delete(membership)
