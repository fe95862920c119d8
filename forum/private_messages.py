"""Private check-ins: a moderator writes to a member, the member answers, the board's
moderators follow the conversation. Nobody else can read it."""

from __future__ import annotations

from flask import current_app

from forum.clock import utcnow
from forum.extensions import db
from forum.hooks import moderator_scope, private_message_sent
from forum.inbox import notify
from forum.models import Board, Member, Post, PrivateConversation, PrivateMessage
from forum.rendering import render_markdown

SUBJECT_MAX = 150


def can_read(conversation: PrivateConversation, viewer) -> bool:
    """The member written to, and the moderators of the conversation's board."""
    if viewer is None or not viewer.is_authenticated:
        return False
    if viewer.id == conversation.member_id:
        return True
    return moderator_scope(viewer).covers(conversation.board_id)


def start_check_in(
    member: Member, board: Board, *, by: Member, subject: str, body: str, post: Post | None = None
) -> PrivateConversation:
    """A moderator reaches out privately; the member finds it at the top of their notices."""
    conversation = PrivateConversation(
        member_id=member.id,
        member_name=member.username,
        board_id=board.id,
        subject=subject.strip()[:SUBJECT_MAX],
        post_id=post.id if post is not None else None,
        started_by_name=by.username,
    )
    db.session.add(conversation)
    db.session.flush()
    _add(conversation, by=by, body=body, first=True)
    return conversation


def answer(conversation: PrivateConversation, *, by: Member, body: str) -> PrivateMessage:
    """A message in an existing conversation, from the member or one of the board's moderators."""
    return _add(conversation, by=by, body=body)


def _add(
    conversation: PrivateConversation, *, by: Member, body: str, first: bool = False
) -> PrivateMessage:
    now = utcnow()
    from_member = by.id == conversation.member_id
    message = PrivateMessage(
        conversation_id=conversation.id,
        author_id=by.id,
        author_name=by.username,
        from_moderator=not from_member,
        body_source=body,
        body_html=render_markdown(body),
        created_at=now,
    )
    db.session.add(message)
    conversation.last_message_at = now
    if not from_member:
        notify(
            conversation.member_id,
            f"A moderator of {conversation.board.name} wrote to you privately: "
            f"“{conversation.subject}”. Only you and the board's moderators can read it.",
        )
    db.session.flush()
    private_message_sent.send(
        current_app._get_current_object(),
        conversation=conversation,
        message=message,
        by=by,
        first=first,
    )
    return message


def messages_of(conversation: PrivateConversation) -> list[PrivateMessage]:
    return list(
        db.session.scalars(
            db.select(PrivateMessage)
            .where(PrivateMessage.conversation_id == conversation.id)
            .order_by(PrivateMessage.id)
        )
    )


def conversations_with(member_id: int, limit: int = 50) -> list[PrivateConversation]:
    """The member's own private conversations, most recent first."""
    return list(
        db.session.scalars(
            db.select(PrivateConversation)
            .where(PrivateConversation.member_id == member_id)
            .order_by(PrivateConversation.last_message_at.desc())
            .limit(limit)
        )
    )
