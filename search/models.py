"""The search outbox: changes waiting to reach the index, written with the change itself."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column

from forum.clock import utcnow
from forum.extensions import db


class IndexOutbox(db.Model):
    """One post whose index entry must be brought in line with the database."""

    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    # No foreign key: the entry must outlive the post, or its removal would never reach the index.
    post_id: Mapped[int] = mapped_column(index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
