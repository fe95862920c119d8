"""The moderation log, newest first, as far as the reader's boards allow."""

from __future__ import annotations

from flask import render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from forum.extensions import db
from forum.text import parse_row_id
from moderation.models import LogEntry
from moderation.scope import require_moderator
from moderation.views import bp


@bp.get("/mod/log")
@login_required
def log() -> ResponseReturnValue:
    boards = require_moderator()
    query = db.select(LogEntry).order_by(LogEntry.id.desc())
    if boards is not None:
        # Entries with no board (sanctions, site-wide rules) can name a member and a reason
        # about their health: a board moderator sees only those they wrote themselves.
        query = query.where(
            LogEntry.board_id.in_(boards)
            | (LogEntry.board_id.is_(None) & (LogEntry.actor_id == current_user.id))
        )
    before = parse_row_id(request.args.get("before"))
    if before:
        query = query.where(LogEntry.id < before)
    entries = db.session.scalars(query.limit(51)).all()
    more = len(entries) > 50
    entries = entries[:50]
    return render_template(
        "moderation/log.html", entries=entries, older=entries[-1].id if more else None
    )
