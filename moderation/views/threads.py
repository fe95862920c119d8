"""Thread actions: lock, pin and move a thread, and restore a removed post."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, request
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from forum.extensions import db
from forum.models import Board, Post, PostStatus, Thread
from forum.urls import post_url, thread_url
from moderation.decisions import lock_thread, move_thread_to, pin_thread, restore
from moderation.forms import MoveForm
from moderation.scope import boards_for, require_board, require_moderator
from moderation.views import bp
from moderation.views.common import back_to


def _thread_for_action(thread_id: int) -> Thread:
    thread = db.session.get(Thread, thread_id)
    if thread is None:
        abort(404, description="There is no such thread.")
    require_board(thread.board_id)
    return thread


def _set_thread_flag(
    thread_id: int, field: str, apply: Callable[..., None], said: tuple[str, str]
) -> Response:
    """Lock/unlock or pin/unpin from a form field of "1" or "0", logged with the reason given."""
    thread = _thread_for_action(thread_id)
    on = request.form.get(field) == "1"
    apply(thread, by=current_user, reason=request.form.get("reason", "")[:500], **{field: on})
    db.session.commit()
    flash(said[0] if on else said[1], "success")
    return redirect(back_to(thread_url(thread)))


@bp.post("/mod/threads/<id:thread_id>/lock")
@login_required
def toggle_lock(thread_id: int) -> ResponseReturnValue:
    return _set_thread_flag(
        thread_id, "locked", lock_thread, ("Thread locked.", "Thread unlocked.")
    )


@bp.post("/mod/threads/<id:thread_id>/pin")
@login_required
def toggle_pin(thread_id: int) -> ResponseReturnValue:
    return _set_thread_flag(thread_id, "pinned", pin_thread, ("Thread pinned.", "Thread unpinned."))


@bp.post("/mod/threads/<id:thread_id>/move")
@login_required
def move(thread_id: int) -> ResponseReturnValue:
    thread = _thread_for_action(thread_id)
    boards = require_moderator()
    form = MoveForm()
    form.board.choices = [b.slug for b in boards_for(boards)]
    if not form.validate():
        abort(400, description="Choose a board you moderate.")
    target = db.session.scalar(db.select(Board).where(Board.slug == form.board.data))
    move_thread_to(thread, target, by=current_user, reason=form.reason.data or "")
    db.session.commit()
    flash(f"Thread moved to {target.name}.", "success")
    return redirect(back_to(thread_url(thread)))


@bp.post("/mod/posts/<id:post_id>/restore")
@login_required
def restore_post(post_id: int) -> ResponseReturnValue:
    post = db.session.get(Post, post_id)
    if post is None or post.status != PostStatus.REMOVED:
        abort(404, description="There is no removed post with that number.")
    require_board(post.thread.board_id)
    if post.author_id == current_user.id and not current_user.is_admin:
        # Flags on a moderator's own posts are decided by administrators, and so is this.
        abort(403, description="An administrator decides about your own posts.")
    restore(post, by=current_user, note=request.form.get("note", "")[:500])
    db.session.commit()
    flash("Post restored.", "success")
    return redirect(post_url(post))
