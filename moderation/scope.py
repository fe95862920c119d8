"""Who moderates what: administrators everywhere, moderators on their assigned boards."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from forum.extensions import db
from forum.models import Board
from moderation.models import BoardModerator


def moderated_board_ids(member) -> set[int] | None:
    """The boards a member moderates; None means every board (administrators)."""
    if member is None or not member.is_authenticated:
        return set()
    if member.is_admin:
        return None
    if not member.is_moderator:
        return set()
    return set(
        db.session.scalars(
            db.select(BoardModerator.board_id).where(BoardModerator.member_id == member.id)
        )
    )


def can_moderate(member, board_id: int) -> bool:
    boards = moderated_board_ids(member)
    return boards is None or board_id in boards


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


def boards_for(boards: set[int] | None) -> list[Board]:
    """The boards in a moderator's scope, in display order."""
    query = db.select(Board).order_by(Board.position, Board.name)
    if boards is not None:
        query = query.where(Board.id.in_(boards))
    return list(db.session.scalars(query))
