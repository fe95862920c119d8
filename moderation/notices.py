"""Telling members what moderation did with their posts and flags."""

from __future__ import annotations

from forum.extensions import db
from moderation.models import Notice


def notify(member_id: int | None, text: str, *, post_id: int | None = None) -> None:
    if member_id is not None:
        db.session.add(Notice(member_id=member_id, text=text, post_id=post_id))


def unread_count(member_id: int) -> int:
    return db.session.scalar(
        db.select(db.func.count())
        .select_from(Notice)
        .where(Notice.member_id == member_id, Notice.read_at.is_(None))
    )
