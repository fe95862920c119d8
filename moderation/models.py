"""Moderation's own tables: rules, the review queue, flags, standing, notices and the audit log."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.clock import utcnow
from forum.extensions import db
from forum.models import Board, Member, Post


class BoardModerator(db.Model):
    """A trained peer facilitator assigned to a board: they act on that board only."""

    __tablename__ = "board_moderators"

    board_id: Mapped[int] = mapped_column(
        ForeignKey("boards.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    assigned_at: Mapped[datetime] = mapped_column(default=utcnow)

    member: Mapped[Member] = relationship()


class Rule(db.Model):
    """One enforced guideline: a watched word, or a built-in kind switched on (board None: site-wide)."""

    __tablename__ = "moderation_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int | None] = mapped_column(
        ForeignKey("boards.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    pattern: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(10))
    guideline: Mapped[str] = mapped_column(String(200), default="")
    enabled: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ItemStatus(StrEnum):
    OPEN = "open"
    APPROVED = "approved"
    REMOVED = "removed"
    # The author deleted the post before a moderator got to it.
    WITHDRAWN = "withdrawn"


class QueueReason(StrEnum):
    HELD = "held"
    FLAGGED = "flagged"
    EDIT = "edit"
    CRISIS = "crisis"


class QueueItem(db.Model):
    """A post waiting for a moderator's decision; at most one open item per post."""

    __tablename__ = "moderation_queue"
    __table_args__ = (
        # The queue's reading order, so a page of it is an index range scan.
        Index("ix_moderation_queue_open", "status", "priority", "created_at", "id"),
        Index("ix_moderation_queue_post", "post_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(16))
    # 0 for urgent items (crisis language), 1 for the rest: urgent first, then the oldest.
    priority: Mapped[int] = mapped_column(default=1)
    # Flags on a moderator's post are decided by administrators.
    admin_only: Mapped[bool] = mapped_column(default=False)
    findings: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default=ItemStatus.OPEN)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(default=None)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    decided_by_name: Mapped[str] = mapped_column(String(30), default="")

    post: Mapped[Post] = relationship()
    board: Mapped[Board] = relationship()

    @property
    def urgent(self) -> bool:
        return self.priority == 0


class FlagOutcome(StrEnum):
    PENDING = "pending"
    UPHELD = "upheld"
    DISMISSED = "dismissed"


class Flag(db.Model):
    """A member's report that a post breaks a guideline; one per member and post."""

    __tablename__ = "moderation_flags"
    __table_args__ = (UniqueConstraint("post_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    member_name: Mapped[str] = mapped_column(String(30))
    guideline: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(String(500), default="")
    weight: Mapped[float] = mapped_column(default=1.0)
    outcome: Mapped[str] = mapped_column(String(16), default=FlagOutcome.PENDING)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Standing(db.Model):
    """A member's moderation history: what trust they have earned or lost."""

    __tablename__ = "moderation_standing"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    approved_posts: Mapped[int] = mapped_column(default=0)
    removed_posts: Mapped[int] = mapped_column(default=0)
    flags_upheld: Mapped[int] = mapped_column(default=0)
    flags_dismissed: Mapped[int] = mapped_column(default=0)
    always_held: Mapped[bool] = mapped_column(default=False)
    silenced_until: Mapped[datetime | None] = mapped_column(default=None)
    silence_reason: Mapped[str] = mapped_column(String(500), default="")


class LogEntry(db.Model):
    """One moderation action or rule change. Entries are written once and never changed."""

    __tablename__ = "moderation_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    actor_name: Mapped[str] = mapped_column(String(30))
    action: Mapped[str] = mapped_column(String(40))
    board_id: Mapped[int | None] = mapped_column(
        ForeignKey("boards.id", ondelete="SET NULL"), index=True
    )
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="SET NULL"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="SET NULL"))
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    subject_name: Mapped[str] = mapped_column(String(30), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    before: Mapped[str] = mapped_column(Text, default="")
    after: Mapped[str] = mapped_column(Text, default="")


class AuditLogIsAppendOnly(Exception):
    """Raised when code tries to change or delete an audit entry."""


@event.listens_for(LogEntry, "before_update")
@event.listens_for(LogEntry, "before_delete")
def _refuse_changes(mapper, connection, target) -> None:
    raise AuditLogIsAppendOnly("moderation log entries are never edited or deleted")


class LabelledExample(db.Model):
    """A moderator's decision kept as a labelled post, for evaluating and refitting the classifier."""

    __tablename__ = "moderation_examples"

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int | None] = mapped_column(
        ForeignKey("boards.id", ondelete="SET NULL"), index=True
    )
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    # ordinary, crisis, medical, personal_data, spam or abuse
    kind: Mapped[str] = mapped_column(String(20))
    # Which decision taught it: approve, remove, edit.
    source: Mapped[str] = mapped_column(String(20))
    decided_by_name: Mapped[str] = mapped_column(String(30), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
