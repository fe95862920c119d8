"""Members' public profiles: what others may see, never the email."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from forum.extensions import db
from forum.models import Board, Member, Membership, Post, PostStatus, Thread

bp = Blueprint("members", __name__)
RECENT_POSTS = 20


@bp.get("/u/<username>")
def profile(username: str):
    member = db.session.scalar(db.select(Member).where(Member.username_key == username.lower()))
    if member is None:
        abort(404, description="There is no member with that username.")
    boards = db.session.scalars(
        db.select(Board)
        .join(Membership, Membership.board_id == Board.id)
        .where(Membership.member_id == member.id)
        .order_by(Board.position, Board.name)
    ).all()
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
    return render_template("members/profile.html", member=member, boards=boards, recent=recent)
