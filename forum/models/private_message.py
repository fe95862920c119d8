"""Private conversations between a member and the moderators of one board (check-ins)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.clock import utcnow
from forum.extensions import db
from forum.models.board import Board
from forum.models.member import Member


class PrivateConversation(db.Model):
    """A moderator reaching out to one member; that board's moderators all take part."""

    __tablename__ = "private_conversations"
    __table_args__ = (Index("ix_private_conversations_member", "member_id", "last_message_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The member written to: with the board's moderators, the only one who may read it.
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    member_name: Mapped[str] = mapped_column(String(30))
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(String(150))
    # The post that prompted it (a crisis post, a held one), if any.
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="SET NULL"))
    started_by_name: Mapped[str] = mapped_column(String(30))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_message_at: Mapped[datetime] = mapped_column(default=utcnow)

    board: Mapped[Board] = relationship()
    member: Mapped[Member] = relationship()


class PrivateMessage(db.Model):
    __tablename__ = "private_messages"
    __table_args__ = (Index("ix_private_messages_conversation", "conversation_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("private_conversations.id", ondelete="CASCADE")
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    author_name: Mapped[str] = mapped_column(String(30))
    # Whether a moderator wrote it (shown as "Moderator" beside the name).
    from_moderator: Mapped[bool] = mapped_column(default=False)
    body_source: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
