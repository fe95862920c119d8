"""Moderators' decisions as domain verbs: each records itself in the audit log and tells those affected."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import update

from forum.clock import utcnow
from forum.extensions import db
from forum.inbox import notify
from forum.models import AccountStatus, Board, Member, Post, PostStatus, Thread
from forum.models.member import new_session_token
from forum.posting import edit_post, move_thread, set_post_status, set_thread_flags
from forum.templating import friendly_date
from moderation.audit import audit
from moderation.models import Flag, FlagOutcome, ItemStatus, QueueItem, QueueReason
from moderation.standing import standing_of
from moderation.teaching import kind_of_guideline, learn


class AlreadyDecided(Exception):
    """Another moderator decided this item first; nothing was applied."""

    def __init__(self, item: QueueItem) -> None:
        super().__init__(f"already {item.status} by {item.decided_by_name}")
        self.item = item


def _claim(item: QueueItem, status: str, by: Member) -> None:
    """Mark the item decided only if it is still open, so a decision applies exactly once."""
    claimed = db.session.execute(
        update(QueueItem)
        .where(QueueItem.id == item.id, QueueItem.status == ItemStatus.OPEN)
        .values(
            status=status, decided_at=utcnow(), decided_by_id=by.id, decided_by_name=by.username
        )
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        db.session.rollback()
        db.session.refresh(item)
        raise AlreadyDecided(item)
    db.session.refresh(item)


def _where(post: Post) -> str:
    return f"“{post.thread.title}”"


def approve(item: QueueItem, *, by: Member, note: str = "") -> None:
    """Publish the post (or keep it up) and dismiss its flags."""
    _claim(item, ItemStatus.APPROVED, by)
    post = item.post
    was_hidden = post.status == PostStatus.PENDING
    if was_hidden:
        set_post_status(post, PostStatus.VISIBLE)
    if item.reason in (QueueReason.HELD, QueueReason.EDIT) and post.author is not None:
        standing_of(post.author).approved_posts += 1
    # Approving a crisis item says the member was answered, not that the words were ordinary.
    if item.reason != QueueReason.CRISIS:
        learn(post, post.body_source, "ordinary", source="approve", by=by)
    _settle_flags(
        post,
        FlagOutcome.DISMISSED,
        "A moderator reviewed the post you flagged and decided it can stay.",
    )
    if was_hidden:
        notify(
            post.author_id,
            f"Your post in {_where(post)} was reviewed and is now visible.",
            post_id=post.id,
        )
    audit(
        by,
        "approve",
        board_id=item.board_id,
        thread_id=post.thread_id,
        post_id=post.id,
        subject=post.author,
        reason=note or f"{item.reason} post approved",
    )


def remove(item: QueueItem, *, by: Member, guideline: str, message: str = "") -> None:
    """Hide the post from everyone but its author, telling them which guideline it broke."""
    _claim(item, ItemStatus.REMOVED, by)
    post = item.post
    set_post_status(post, PostStatus.REMOVED)
    learn(post, post.body_source, kind_of_guideline(guideline), source="remove", by=by)
    if post.author is not None:
        standing_of(post.author).removed_posts += 1
    _settle_flags(post, FlagOutcome.UPHELD, "Thank you: a moderator acted on the post you flagged.")
    extra = f" Message from the moderator: {message}" if message else ""
    notify(
        post.author_id,
        f"Your post in {_where(post)} was removed because it breaks the guideline “{guideline}”.{extra}",
        post_id=post.id,
    )
    audit(
        by,
        "remove",
        board_id=item.board_id,
        thread_id=post.thread_id,
        post_id=post.id,
        subject=post.author,
        reason=f"{guideline} {message}".strip(),
    )


def _finding_kind(item: QueueItem) -> str | None:
    for finding in json.loads(item.findings or "[]"):
        kind = kind_of_guideline(finding.get("guideline", ""))
        if kind is not None:
            return kind
    return None


def edit_and_approve(item: QueueItem, *, by: Member, body: str, note: str = "") -> None:
    """Fix the post's words (say, removing a phone number), then publish it."""
    post = item.post
    before = post.body_source
    # The words as written broke the guideline the findings name; the edited ones pass.
    learn(post, before, _finding_kind(item), source="edit", by=by)
    edit_post(post, by=by, body=body)
    approve(item, by=by, note=note or "edited and approved")
    notify(
        post.author_id,
        f"A moderator edited your post in {_where(post)} before publishing it.",
        post_id=post.id,
    )
    audit(
        by,
        "edit",
        board_id=item.board_id,
        thread_id=post.thread_id,
        post_id=post.id,
        subject=post.author,
        reason=note,
        before=before,
        after=body,
    )


def restore(post: Post, *, by: Member, note: str = "") -> None:
    """Bring back a removed post."""
    set_post_status(post, PostStatus.VISIBLE)
    notify(post.author_id, f"Your post in {_where(post)} was restored.", post_id=post.id)
    audit(
        by,
        "restore",
        board_id=post.thread.board_id,
        thread_id=post.thread_id,
        post_id=post.id,
        subject=post.author,
        reason=note,
    )


def _settle_flags(post: Post, outcome: str, message: str) -> None:
    flags = db.session.scalars(
        db.select(Flag).where(Flag.post_id == post.id, Flag.outcome == FlagOutcome.PENDING)
    ).all()
    for flag in flags:
        flag.outcome = outcome
        flagger = db.session.get(Member, flag.member_id)
        if flagger is None:
            continue
        standing = standing_of(flagger)
        if outcome == FlagOutcome.UPHELD:
            standing.flags_upheld += 1
        else:
            standing.flags_dismissed += 1
        notify(flag.member_id, message, post_id=post.id)


def lock_thread(thread: Thread, *, by: Member, locked: bool, reason: str = "") -> None:
    set_thread_flags(thread, locked=locked)
    audit(
        by,
        "lock" if locked else "unlock",
        board_id=thread.board_id,
        thread_id=thread.id,
        reason=reason,
    )


def pin_thread(thread: Thread, *, by: Member, pinned: bool, reason: str = "") -> None:
    set_thread_flags(thread, pinned=pinned)
    audit(
        by,
        "pin" if pinned else "unpin",
        board_id=thread.board_id,
        thread_id=thread.id,
        reason=reason,
    )


def move_thread_to(thread: Thread, board: Board, *, by: Member, reason: str = "") -> None:
    before = thread.board.name
    move_thread(thread, board)
    # Queue items are filed by board: the new board's moderators take them over.
    db.session.execute(
        db.update(QueueItem)
        .where(
            QueueItem.post_id.in_(db.select(Post.id).where(Post.thread_id == thread.id)),
            QueueItem.status == ItemStatus.OPEN,
        )
        .values(board_id=board.id)
    )
    audit(
        by,
        "move",
        board_id=board.id,
        thread_id=thread.id,
        reason=reason,
        before=before,
        after=board.name,
    )


def silence(member: Member, *, by: Member, until: datetime, reason: str) -> None:
    """The member can read but not post until `until`, and is told why."""
    standing = standing_of(member)
    standing.silenced_until, standing.silence_reason = until, reason
    notify(member.id, f"You cannot post until {friendly_date(until)}. Reason: {reason}")
    audit(by, "silence", subject=member, reason=reason, after=f"until {until:%Y-%m-%d %H:%M}")


def suspend(member: Member, *, by: Member, until: datetime | None, reason: str) -> None:
    """The member cannot log in until `until` (None: until lifted), and is told why when they try."""
    member.status, member.status_reason, member.status_until = (
        AccountStatus.SUSPENDED,
        reason,
        until,
    )
    member.session_token = new_session_token()
    audit(
        by,
        "suspend",
        subject=member,
        reason=reason,
        after=f"until {until:%Y-%m-%d %H:%M}" if until else "until lifted",
    )


def set_always_held(member: Member, *, by: Member, held: bool, reason: str) -> None:
    standing_of(member).always_held = held
    if held:
        notify(member.id, f"A moderator will read your posts before they appear. Reason: {reason}")
    audit(by, "always-held" if held else "release-hold", subject=member, reason=reason)


def reinstate(member: Member, *, by: Member, reason: str) -> None:
    """Lift a suspension and a silence early."""
    member.status, member.status_reason, member.status_until = AccountStatus.ACTIVE, "", None
    standing = standing_of(member)
    standing.silenced_until, standing.silence_reason = None, ""
    notify(member.id, f"A moderator lifted the restrictions on your account. {reason}".strip())
    audit(by, "reinstate", subject=member, reason=reason)
