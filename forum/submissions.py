"""One post per composer form: a retried POST (a timeout, a dropped connection) posts nothing twice."""

from __future__ import annotations

import secrets
from datetime import timedelta

from forum.clock import utcnow
from forum.extensions import db
from forum.models import Submission

# Long enough for any retry; the rows are only a guard against doubles.
KEPT_FOR = timedelta(days=1)
TOKEN_LENGTH = 64


def new_token() -> str:
    return secrets.token_urlsafe(24)


def earlier_submission(member_id: int, token: str | None) -> str | None:
    """Where the form with this token took the member the first time, if it was sent before."""
    if not token or len(token) > TOKEN_LENGTH:
        return None
    return db.session.scalar(
        db.select(Submission.target).where(
            Submission.member_id == member_id, Submission.token == token
        )
    )


def record_submission(member_id: int, token: str | None, target: str) -> None:
    """Remember the form in the post's own transaction; a concurrent retry then fails to commit."""
    if not token or len(token) > TOKEN_LENGTH:
        return
    db.session.execute(
        db.delete(Submission).where(
            Submission.member_id == member_id, Submission.created_at < utcnow() - KEPT_FOR
        )
    )
    db.session.add(Submission(member_id=member_id, token=token, target=target[:2000]))
