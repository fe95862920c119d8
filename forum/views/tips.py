"""Helpful advice over HTTP: "this helped me" marks, a thread's answer, and a board's Top tips."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request
from flask_login import current_user, login_required

from forum.extensions import db
from forum.helpful import (
    NotAllowed,
    clear_answer,
    has_marked,
    mark_answer,
    mark_helpful,
    unmark_helpful,
)
from forum.models import Post
from forum.paging import RankCursor
from forum.permissions import can_clear_answer
from forum.tips import tips_page
from forum.urls import post_url
from forum.views.boards import board_or_404
from forum.views.threads import post_or_404

bp = Blueprint("tips", __name__)


def _wanted(raw: str | None) -> bool | None:
    """The form says which state it asks for ("1" on, "0" off), so a resent form changes nothing.

    Without the field the button toggles.
    """
    if raw is None:
        return None
    if raw not in ("0", "1"):
        abort(400, description="That form is not valid.")
    return raw == "1"


@bp.post("/p/<id:post_id>/helpful")
@login_required
def helpful(post_id: int):
    """Add the member's "this helped me" mark to a post, or take it back."""
    post = post_or_404(post_id)
    wanted = _wanted(request.form.get("mark"))
    if wanted is None:
        wanted = not has_marked(post, by=current_user)
    try:
        if wanted:
            changed = mark_helpful(post, by=current_user)
            message = (
                f"You marked {post.author_name}'s post as helpful. Thank you for saying so."
                if changed
                else "You had already marked this post as helpful."
            )
        else:
            changed = unmark_helpful(post, by=current_user)
            message = (
                "You took back your helpful mark."
                if changed
                else "You had not marked this post as helpful."
            )
    except NotAllowed as refused:
        abort(403, description=str(refused))
    db.session.commit()
    flash(message, "success" if changed else "info")
    return redirect(post_url(post))


@bp.post("/p/<id:post_id>/answer")
@login_required
def answer(post_id: int):
    """The thread's author marks this reply as the answer, or clears it when it already is."""
    post = post_or_404(post_id)
    thread = post.thread
    wanted = _wanted(request.form.get("mark"))
    if wanted is None:
        wanted = thread.answer_post_id != post.id
    try:
        if wanted:
            changed = mark_answer(thread, post, by=current_user)
            message = (
                "This reply is now the thread's answer. Readers see a link to it at the top."
                if changed
                else "This reply is already the thread's answer."
            )
        elif thread.answer_post_id == post.id:
            changed = clear_answer(thread, by=current_user)
            message = "This reply is no longer marked as the thread's answer."
        else:
            # Unmarking a reply that is not the answer must not clear the one that is.
            if not can_clear_answer(current_user, thread):
                raise NotAllowed("Only the member who started this thread can choose its answer.")
            changed, message = False, "This reply is not the thread's answer."
    except NotAllowed as refused:
        abort(403, description=str(refused))
    db.session.commit()
    flash(message, "success" if changed else "info")
    return redirect(post_url(post))


@bp.get("/b/<slug>/tips")
def top_tips(slug: str):
    """The board's most helpful posts: marked helpful or chosen as an answer, most marks first."""
    board = board_or_404(slug)
    later = RankCursor.decode(request.args.get("after"))
    earlier = RankCursor.decode(request.args.get("before"))
    page = tips_page(board, after=later, before=earlier)
    tips = page.rows
    return render_template(
        "boards/tips.html",
        board=board,
        tips=tips,
        newer=_cursor(tips[0][0]) if page.has_earlier and tips else None,
        older=_cursor(tips[-1][0]) if page.has_later and tips else None,
    )


def _cursor(post: Post) -> str:
    return RankCursor(post.helpful_count, post.id).encode()
