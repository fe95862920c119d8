"""Condition boards: one per long-term condition, each with written guidelines."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from forum.clock import utcnow
from forum.extensions import db


class Board(db.Model):
    __tablename__ = "boards"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(String(300), default="")
    guidelines_source: Mapped[str] = mapped_column(Text, default="")
    guidelines_html: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Counters kept in step with visible content so the board list costs one query.
    thread_count: Mapped[int] = mapped_column(default=0)
    post_count: Mapped[int] = mapped_column(default=0)
    last_post_at: Mapped[datetime | None] = mapped_column(default=None)
    # No foreign key: threads already point at boards, and a cycle would complicate migrations.
    last_thread_id: Mapped[int | None] = mapped_column(default=None)

    def __repr__(self) -> str:
        return f"<Board {self.slug}>"
