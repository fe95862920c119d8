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
    # The reply the thread's author chose as the answer (the thread's tip), if any.
    # No foreign key, like Board.last_thread_id: posts already point at threads, and a
    # threads -> posts key would close a cycle that makes creating, migrating and deleting
    # both tables awkward. Readers join on it and check the post is still visible.
    answer_post_id: Mapped[int | None] = mapped_column(default=None)

    board: Mapped[Board] = relationship()
    author: Mapped[Member | None] = relationship()
    # Loaded with the thread on its page (joinedload), so the "Answer: by ..." line costs no query.
    answer_post: Mapped[Post | None] = relationship(
        primaryjoin="foreign(Thread.answer_post_id) == Post.id", viewonly=True
    )

    def __repr__(self) -> str:
        return f"<Thread {self.id} {self.title!r}>"


class Post(db.Model):
    __tablename__ = "posts"
    __table_args__ = (
        # Depth-first reading order of a thread is simply ORDER BY path.
        Index("ix_posts_thread_path", "thread_id", "path"),
        Index("ix_posts_author_created", "author_id", "created_at"),
        # Serves a board's Top tips (forum.tips.tips_page): ORDER BY helpful_count DESC, id DESC
        # with a keyset on the same pair. The database seeks to the marked posts
        # (helpful_count > 0, a small share of all posts) in page order and joins each one's
        # thread by primary key to keep the board's (posts carry no board_id), rather than
        # reading and sorting every post of the board. The id makes ties (most tips have one or
        # two marks) a total order the keyset can resume from on any database; posts are
        # numbered as they are written, so a higher id is the newer post.
        Index("ix_posts_helpful", "helpful_count", "id"),
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
    # How many members marked this post helpful: kept in step with helpful_marks by
    # forum.helpful with SQL increments, so pages show it without counting marks.
    # The server default fills the column for posts written before it existed.
    helpful_count: Mapped[int] = mapped_column(default=0, server_default="0")

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
