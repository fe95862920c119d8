"""Writing the moderation log: who did what, when, why, and what it was before and after."""

from __future__ import annotations

from forum.extensions import db
from moderation.models import LogEntry


def audit(
    actor,
    action: str,
    *,
    board_id: int | None = None,
    thread_id: int | None = None,
    post_id: int | None = None,
    subject=None,
    reason: str = "",
    before: str = "",
    after: str = "",
) -> LogEntry:
    """Append one entry; entries are never edited or deleted."""
    entry = LogEntry(
        actor_id=actor.id,
        actor_name=actor.username,
        action=action,
        board_id=board_id,
        thread_id=thread_id,
        post_id=post_id,
        subject_id=subject.id if subject is not None else None,
        subject_name=subject.username if subject is not None else "",
        reason=reason,
        before=before,
        after=after,
    )
    db.session.add(entry)
    return entry


def on_private_message(app, *, conversation, message, by, first: bool) -> None:
    """Check-ins are in the log: who wrote to whom, about which post; never the words."""
    if not message.from_moderator:
        return
    audit(
        by,
        "check-in" if first else "check-in reply",
        board_id=conversation.board_id,
        post_id=conversation.post_id,
        subject=conversation.member,
        reason=conversation.subject,
    )
