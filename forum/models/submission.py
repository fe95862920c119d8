"""Composer forms already sent: a retried POST lands on the post it made the first time."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from forum.clock import utcnow
from forum.extensions import db


class Submission(db.Model):
    """One sent form, by the one-time token it carried; kept for a day."""

    __tablename__ = "submissions"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    # Where the first submission took the member: the post it created.
    target: Mapped[str] = mapped_column(String(2000))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
