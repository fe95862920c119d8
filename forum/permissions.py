"""Who may do what: small predicates with no Flask, checked on the server for every action."""

from __future__ import annotations

from typing import Protocol


class Actor(Protocol):
    id: int
    is_authenticated: bool
    is_moderator: bool
    is_admin: bool


def is_author(actor: Actor | None, post) -> bool:
    return bool(actor and actor.is_authenticated and post.author_id == actor.id)


def can_see_post(actor: Actor | None, post) -> bool:
    """Held and removed posts are visible only to their author and to moderators."""
    if post.status == "visible":
        return True
    if actor is None or not actor.is_authenticated:
        return False
    return actor.is_moderator or is_author(actor, post)


def can_see_thread(actor: Actor | None, thread) -> bool:
    if thread.is_public:
        return True
    if actor is None or not actor.is_authenticated:
        return False
    return actor.is_moderator or thread.author_id == actor.id


def can_reply(actor: Actor | None, thread) -> bool:
    if actor is None or not actor.is_authenticated or not thread.is_public:
        return False
    return not thread.locked or actor.is_moderator


def can_reply_to_post(actor: Actor | None, post) -> bool:
    return can_reply(actor, post.thread) and post.is_visible


def can_edit_post(actor: Actor | None, post) -> bool:
    """Authors edit their own words, except once removed or in a locked thread."""
    if post.is_deleted or not is_author(actor, post):
        return False
    return not post.thread.locked and post.status != "removed"


def can_delete_post(actor: Actor | None, post) -> bool:
    return not post.is_deleted and is_author(actor, post)
