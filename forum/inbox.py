"""The member's inbox: notices written in the change's transaction, read on one page."""

from __future__ import annotations

from forum.clock import utcnow
from forum.extensions import db
from forum.models import Notice

PAGE = 100


def notify(member_id: int | None, text: str, *, post_id: int | None = None) -> None:
    """Leave the member a notice; it is saved with the change that caused it."""
    if member_id is not None:
        db.session.add(Notice(member_id=member_id, text=text, post_id=post_id))


def unread_count(member_id: int) -> int:
    return db.session.scalar(
        db.select(db.func.count())
        .select_from(Notice)
        .where(Notice.member_id == member_id, Notice.read_at.is_(None))
    )


def latest_notices(member_id: int, limit: int = PAGE) -> list[Notice]:
    return list(
        db.session.scalars(
            db.select(Notice)
            .where(Notice.member_id == member_id)
            .order_by(Notice.id.desc())
            .limit(limit)
        )
    )


def mark_all_read(member_id: int) -> None:
    db.session.execute(
        db.update(Notice)
        .where(Notice.member_id == member_id, Notice.read_at.is_(None))
        .values(read_at=utcnow())
    )


def own_notice(member_id: int, notice_id: int) -> Notice | None:
    """The notice, if it is this member's: anyone else's is as absent as one that never was."""
    notice = db.session.get(Notice, notice_id)
    return notice if notice is not None and notice.member_id == member_id else None


def mark_read(notice: Notice) -> None:
    if notice.read_at is None:
        notice.read_at = utcnow()
