"""The member's notices page; reading it changes nothing, marking read is a POST."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from forum import inbox, private_messages
from forum.extensions import db

bp = Blueprint("inbox", __name__)


@bp.get("/notices")
@login_required
def notices():
    """The member's notices, the unread ones marked New."""
    items = inbox.latest_notices(current_user.id)
    unread_ids = {n.id for n in items if n.read_at is None}
    return render_template(
        "inbox/notices.html",
        notices=items,
        unread_ids=unread_ids,
        conversations=private_messages.conversations_with(current_user.id),
    )


@bp.post("/notices/read")
@login_required
def mark_all_notices_read():
    inbox.mark_all_read(current_user.id)
    db.session.commit()
    flash("All your notices are marked as read.", "info")
    return redirect(url_for("inbox.notices"))


@bp.post("/notices/<id:notice_id>/read")
@login_required
def mark_notice_read(notice_id: int):
    notice = inbox.own_notice(current_user.id, notice_id)
    if notice is None:
        abort(404, description="There is no such notice.")
    inbox.mark_read(notice)
    db.session.commit()
    return redirect(url_for("inbox.notices"))
