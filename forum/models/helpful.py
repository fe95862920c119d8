"""Helpful marks: a member saying "this helped me" about someone else's post."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from forum.clock import utcnow
from forum.extensions import db


class HelpfulMark(db.Model):
    """One member's mark on one post: the primary key makes it once per member and post.

    Post.helpful_count is kept in step with these rows so pages never count them.
    """

    __tablename__ = "helpful_marks"

    # Member first: "which posts on this page has the reader marked?" is a prefix seek.
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    # Its own index: deleting a post (or counting its marks) must not scan every mark.
    post_id: Mapped[int] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<HelpfulMark member {self.member_id} post {self.post_id}>"
