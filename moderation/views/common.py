"""What several moderation pages share: where to go back to, and the board an address names."""

from __future__ import annotations

from flask import abort, request

from forum.boards import board_by_slug
from forum.models import Board
from forum.urls import safe_local_path


def back_to(default: str) -> str:
    """The page the form came from (its `next` field, if local), else `default`."""
    return safe_local_path(request.form.get("next"), default)


def board_or_404(slug: str) -> Board:
    board = board_by_slug(slug)
    if board is None:
        abort(404, description="There is no board at this address.")
    return board
