"""What a member's profile shows others: never the email, the boards only if they choose."""

from __future__ import annotations

from forum.extensions import db
from forum.models import Board, Member, Membership, Post, PostStatus, Thread

RECENT_POSTS = 20


def member_named(username: str) -> Member | None:
    return db.session.scalar(db.select(Member).where(Member.username_key == username.lower()))


def recent_posts(member: Member, limit: int = RECENT_POSTS) -> list:
    """(post, thread title, thread slug) of the member's newest posts everyone can read."""
    return db.session.execute(
        db.select(Post, Thread.title, Thread.slug)
        .join(Thread, Thread.id == Post.thread_id)
        .where(
            Post.author_id == member.id,
            Post.status == PostStatus.VISIBLE,
            Post.deleted_at.is_(None),
            Thread.is_public,
        )
        .order_by(Post.created_at.desc())
        .limit(limit)
    ).all()


def boards_shown(member: Member, viewer) -> list[Board] | None:
    """The boards the member joined, for themselves or when they chose to show them; else None."""
    own = viewer is not None and viewer.is_authenticated and viewer.id == member.id
    if not (member.show_boards or own):
        return None
    return joined_boards(member)


def joined_boards(member: Member) -> list[Board]:
    return list(
        db.session.scalars(
            db.select(Board)
            .join(Membership, Membership.board_id == Board.id)
            .where(Membership.member_id == member.id)
            .order_by(Board.position, Board.name)
        )
    )
