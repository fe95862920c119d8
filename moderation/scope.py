"""Who moderates what: administrators everywhere, moderators on their assigned boards.

The core learns this through forum.hooks.register_moderator_scope (see moderation.init_app) and
caches it per request; everything here reads that same cached answer.
"""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from forum.extensions import db
from forum.hooks import moderator_scope
from forum.models import Board, Member, Post, Thread
from moderation.models import BoardModerator


def assigned_board_ids(member) -> set[int] | None:
    """The boards a member is assigned to, from the table; None means every board (administrators).

    Registered with the core; call moderated_board_ids instead, which asks once per request.
    """
    if member.is_admin:
        return None
    if not member.is_moderator:
        return set()
    return set(
        db.session.scalars(
            db.select(BoardModerator.board_id).where(BoardModerator.member_id == member.id)
        )
    )


def moderated_board_ids(member) -> set[int] | None:
    """The boards a member moderates; None means every board (administrators)."""
    scope = moderator_scope(member)
    return None if scope.everywhere else set(scope.boards)


def can_moderate(member, board_id: int) -> bool:
    return moderator_scope(member).covers(board_id)


def require_moderator() -> set[int] | None:
    """Abort with 403 unless the current member moderates something; return their boards."""
    boards = moderated_board_ids(current_user)
    if boards is not None and not boards:
        abort(403, description="Only moderators and administrators can use moderation pages.")
    return boards


def require_board(board_id: int) -> None:
    if not can_moderate(current_user, board_id):
        abort(403, description="You do not moderate this board.")


def require_admin() -> None:
    if not (current_user.is_authenticated and current_user.is_admin):
        abort(403, description="Only administrators can do this.")


def has_posted_on(member: Member, boards: set[int] | None) -> bool:
    """Whether the member wrote anything, in any state, on one of these boards (None: any)."""
    if boards is None:
        return True
    if not boards:
        return False
    return db.session.scalar(
        db.select(
            db.select(Post.id)
            .join(Thread, Thread.id == Post.thread_id)
            .where(Post.author_id == member.id, Thread.board_id.in_(sorted(boards)))
            .exists()
        )
    )


def boards_for(boards: set[int] | None) -> list[Board]:
    """The boards in a moderator's scope, in display order."""
    query = db.select(Board).order_by(Board.position, Board.name)
    if boards is not None:
        query = query.where(Board.id.in_(boards))
    return list(db.session.scalars(query))
