"""Threads and the posts that make up their conversation tree."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.clock import utcnow
from forum.extensions import db
from forum.models.board import Board
from forum.models.member import Member


class PostStatus(StrEnum):
    VISIBLE = "visible"
    PENDING = "pending"
    REMOVED = "removed"


class Thread(db.Model):
    __tablename__ = "threads"
    __table_args__ = (
        # Serves the board page: pinned first, then keyset over last activity.
        Index("ix_threads_board_listing", "board_id", "pinned", "last_activity_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), index=True
    )
    # Kept on the row so a thread still reads well if the account is gone.
    author_name: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(150))
    slug: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_activity_at: Mapped[datetime] = mapped_column(default=utcnow)
    reply_count: Mapped[int] = mapped_column(default=0)
    pinned: Mapped[bool] = mapped_column(default=False)
    locked: Mapped[bool] = mapped_column(default=False)
    # False while the opening post waits for review: the thread is then listed to nobody else.
    is_public: Mapped[bool] = mapped_column(default=True)

    board: Mapped[Board] = relationship()
    author: Mapped[Member | None] = relationship()

    def __repr__(self) -> str:
        return f"<Thread {self.id} {self.title!r}>"


class Post(db.Model):
    __tablename__ = "posts"
    __table_args__ = (
        # Depth-first reading order of a thread is simply ORDER BY path.
        Index("ix_posts_thread_path", "thread_id", "path"),
        Index("ix_posts_author_created", "author_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    author_name: Mapped[str] = mapped_column(String(30))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("posts.id", ondelete="SET NULL"), index=True
    )
    # Fixed-width ids from the root down, e.g. "0000000007" + "0000000012".
    path: Mapped[str] = mapped_column(String(1100), default="")
    depth: Mapped[int] = mapped_column(default=0)
    body_source: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=PostStatus.VISIBLE)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(default=None)
    deleted_at: Mapped[datetime | None] = mapped_column(default=None)

    thread: Mapped[Thread] = relationship()
    author: Mapped[Member | None] = relationship()
    parent: Mapped[Post | None] = relationship(remote_side=[id])

    @property
    def is_opening(self) -> bool:
        return self.parent_id is None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_visible(self) -> bool:
        return self.status == PostStatus.VISIBLE and self.deleted_at is None

    def __repr__(self) -> str:
        return f"<Post {self.id} in thread {self.thread_id}>"
