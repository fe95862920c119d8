"""Members' public profiles: what others may see, never the email."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user

from forum.extensions import db
from forum.models import Board, Member, Membership, Post, PostStatus, Thread

bp = Blueprint("members", __name__)
RECENT_POSTS = 20


@bp.get("/u/<username>")
def profile(username: str):
    member = db.session.scalar(db.select(Member).where(Member.username_key == username.lower()))
    if member is None:
        abort(404, description="There is no member with that username.")
    own = current_user.is_authenticated and current_user.id == member.id
    boards = joined_boards(member) if member.show_boards or own else None
    recent = db.session.execute(
        db.select(Post, Thread.title, Thread.slug)
        .join(Thread, Thread.id == Post.thread_id)
        .where(
            Post.author_id == member.id,
            Post.status == PostStatus.VISIBLE,
            Post.deleted_at.is_(None),
            Thread.is_public,
        )
        .order_by(Post.created_at.desc())
        .limit(RECENT_POSTS)
    ).all()
    return render_template(
        "members/profile.html", member=member, boards=boards, recent=recent, own=own
    )


def joined_boards(member: Member) -> list[Board]:
    return list(
        db.session.scalars(
            db.select(Board)
            .join(Membership, Membership.board_id == Board.id)
            .where(Membership.member_id == member.id)
            .order_by(Board.position, Board.name)
        )
    )
