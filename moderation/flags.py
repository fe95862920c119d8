"""Members flagging posts that break a guideline; enough flags hide a post until a moderator looks."""

from __future__ import annotations

import re

from flask import current_app

from forum.extensions import db
from forum.inbox import notify
from forum.models import Board, Member, Post, PostStatus
from forum.posting import set_post_status
from forum.throttle import is_limited, record
from moderation.checks import open_item
from moderation.models import Flag, FlagOutcome, QueueReason
from moderation.settings import flags_limit
from moderation.standing import flag_weight, standing_of

SOMETHING_ELSE = "Something else"
_BULLET = re.compile(r"^\s*[-*]\s+(.*)$")
_BOLD = re.compile(r"\*\*(.+?)\*\*")


class FlagRefused(Exception):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message, self.status = message, status


def guideline_choices(board: Board) -> list[str]:
    """The board's written guidelines, one choice per bullet (its bold summary when it has one)."""
    choices = []
    for line in board.guidelines_source.splitlines():
        bullet = _BULLET.match(line)
        if not bullet:
            continue
        bold = _BOLD.search(bullet.group(1))
        choice = (bold.group(1) if bold else bullet.group(1)).strip()
        if choice and choice not in choices:
            choices.append(choice[:200])
    return [*choices, SOMETHING_ELSE]


def flag_post(post: Post, *, by: Member, guideline: str, note: str = "") -> Flag:
    """Record a member's flag; past the threshold the post is hidden pending review."""
    if post.author_id == by.id:
        raise FlagRefused("You cannot flag your own post. You can edit or delete it instead.")
    already = db.session.scalar(
        db.select(Flag.id).where(Flag.post_id == post.id, Flag.member_id == by.id)
    )
    if already is not None:
        raise FlagRefused(
            "You have already flagged this post. Thank you: a moderator will look at it."
        )
    if is_limited(flags_limit(), str(by.id)):
        raise FlagRefused(
            "You have flagged many posts in a short time. Please try again later.", 429
        )
    flag = Flag(
        post_id=post.id,
        member_id=by.id,
        member_name=by.username,
        guideline=guideline,
        note=note.strip()[:500],
        weight=flag_weight(standing_of(by)),
        outcome=FlagOutcome.PENDING,
    )
    db.session.add(flag)
    record(flags_limit(), str(by.id))
    author = post.author
    open_item(post, QueueReason.FLAGGED, admin_only=bool(author and author.is_moderator))
    if (
        post.status == PostStatus.VISIBLE
        and _weight_of_flags(post) >= current_app.config["MODERATION_FLAG_THRESHOLD"]
    ):
        set_post_status(post, PostStatus.PENDING)
        notify(
            post.author_id,
            f"Your post in “{post.thread.title}” was hidden after members flagged it. A moderator will review it soon.",
            post_id=post.id,
        )
    return flag


def _weight_of_flags(post: Post) -> float:
    return db.session.scalar(
        db.select(db.func.coalesce(db.func.sum(Flag.weight), 0.0)).where(
            Flag.post_id == post.id, Flag.outcome == FlagOutcome.PENDING
        )
    )
