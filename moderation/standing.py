"""A member's trust: earned by approved posts, lost by removals."""

from __future__ import annotations

from forum.clock import utcnow
from forum.extensions import db
from forum.models import Member
from moderation.models import Standing


def standing_of(member: Member) -> Standing:
    """The member's standing row, created on first need."""
    standing = db.session.get(Standing, member.id)
    if standing is None:
        standing = Standing(
            member_id=member.id,
            approved_posts=0,
            removed_posts=0,
            flags_upheld=0,
            flags_dismissed=0,
            always_held=False,
            silence_reason="",
        )
        db.session.add(standing)
    return standing


def is_trusted(member: Member, standing: Standing, new_member_posts: int) -> bool:
    """Staff always; others after `new_member_posts` approvals, and that many more per removal."""
    if member.is_moderator:
        return True
    if standing.always_held:
        return False
    return standing.approved_posts >= new_member_posts * (1 + standing.removed_posts)


def is_silenced(standing: Standing) -> bool:
    return standing.silenced_until is not None and standing.silenced_until > utcnow()


def flag_weight(standing: Standing) -> float:
    """Flags from members whose past flags were upheld count for more, up to double."""
    track_record = standing.flags_upheld - standing.flags_dismissed
    return 1.0 + min(max(track_record, 0), 4) * 0.25
