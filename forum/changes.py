"""Tell plug-ins about post changes: inside the transaction, and again once it has committed."""

from __future__ import annotations

import logging

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from forum.extensions import db
from forum.hooks import Change, Verdict, changes_committed, post_changed

log = logging.getLogger(__name__)
_PENDING = "forum.pending_changes"


def record_change(post, change: Change, verdict: Verdict | None = None) -> None:
    """Flush the change and announce it; receivers may add rows to the same transaction."""
    db.session.flush()
    db.session.info.setdefault(_PENDING, []).append((post.id, change))
    post_changed.send(current_app._get_current_object(), post=post, change=change, verdict=verdict)


def _after_commit(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    app = current_app._get_current_object()
    # The change is already saved: a failing receiver is logged, never surfaced to the member.
    for receiver in changes_committed.receivers_for(app):
        try:
            receiver(app, changes=list(pending))
        except Exception:
            log.exception("a changes_committed receiver failed")


def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)


def init_app(app: Flask) -> None:
    if not event.contains(db.session, "after_commit", _after_commit):
        event.listen(db.session, "after_commit", _after_commit)
        event.listen(db.session, "after_rollback", _after_rollback)
