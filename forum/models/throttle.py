"""Recent attempts at rate-limited actions, kept in the database so every worker sees them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from forum.clock import utcnow
from forum.extensions import db


class ThrottleEvent(db.Model):
    __tablename__ = "throttle_events"
    __table_args__ = (
        Index("ix_throttle_events_lookup", "action", "key", "created_at"),
        # Purging a rule's expired rows (they hold addresses) goes straight to them.
        Index("ix_throttle_events_expiry", "action", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    action: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
