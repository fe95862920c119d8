"""The search outbox: changes waiting to reach the index, written with the change itself."""

from __future__ import annotations

from sqlalchemy.orm import Mapped, mapped_column

from forum.extensions import db
from forum.outbox import OutboxRow


class IndexOutbox(OutboxRow, db.Model):
    """One post whose index entry must be brought in line with the database."""

    __tablename__ = "search_outbox"
    # Rows are deleted by id once applied: a reused id would delete a newer, unapplied change.
    __table_args__ = {"sqlite_autoincrement": True}

    # No foreign key: the entry must outlive the post, or its removal would never reach the index.
    post_id: Mapped[int] = mapped_column(index=True)
