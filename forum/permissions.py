"""Who may do what: small predicates with no Flask, checked on the server for every action."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol


class Actor(Protocol):
    id: int
    is_authenticated: bool


@dataclass(frozen=True)
class ModeratorScope:
    """The boards a reader moderates: a few, none, or every board (administrators).

    A value rather than a bare set or None, so that forgetting to pass one (the default, NOWHERE)
    grants nothing, and None can never be mistaken for "every board".
    """

    boards: frozenset[int] = frozenset()
    everywhere: bool = False

    @classmethod
    def of(cls, boards: Iterable[int] | None) -> ModeratorScope:
        """From a list of board ids; None means every board."""
        return EVERYWHERE if boards is None else cls(frozenset(boards))

    def covers(self, board_id: int) -> bool:
        return self.everywhere or board_id in self.boards

    def __bool__(self) -> bool:
        """Whether the reader moderates anything at all."""
        return self.everywhere or bool(self.boards)


NOWHERE = ModeratorScope()
EVERYWHERE = ModeratorScope(everywhere=True)


def is_author(actor: Actor | None, post) -> bool:
    return bool(actor and actor.is_authenticated and post.author_id == actor.id)


def can_see_post(actor: Actor | None, post, scope: ModeratorScope = NOWHERE) -> bool:
    """Held and removed posts are visible only to their author and to their board's moderators."""
    if post.status == "visible":
        return True
    if actor is None or not actor.is_authenticated:
        return False
    return is_author(actor, post) or scope.covers(post.thread.board_id)


def can_see_thread(actor: Actor | None, thread, scope: ModeratorScope = NOWHERE) -> bool:
    """A thread waiting for review: its author and its board's moderators."""
    if thread.is_public:
        return True
    if actor is None or not actor.is_authenticated:
        return False
    return thread.author_id == actor.id or scope.covers(thread.board_id)


def can_reply(actor: Actor | None, thread, scope: ModeratorScope = NOWHERE) -> bool:
    """Members reply to public threads; once locked, only the board's moderators do."""
    if actor is None or not actor.is_authenticated or not thread.is_public:
        return False
    return not thread.locked or scope.covers(thread.board_id)


def can_reply_to_post(actor: Actor | None, post, scope: ModeratorScope = NOWHERE) -> bool:
    return can_reply(actor, post.thread, scope) and post.is_visible


def can_edit_post(actor: Actor | None, post) -> bool:
    """Authors edit their own words, except once removed or in a locked thread."""
    if post.is_deleted or not is_author(actor, post):
        return False
    return not post.thread.locked and post.status != "removed"


def can_delete_post(actor: Actor | None, post) -> bool:
    return not post.is_deleted and is_author(actor, post)


# Helpful marks and answers. Each *_refusal gives the reason an action is refused (shown to
# the member with the 403), or None when it is allowed; the can_* forms are for templates.


def helpful_refusal(actor: Actor | None, post) -> str | None:
    """Why this actor may not mark this post helpful, or None: anyone else's shown post."""
    if actor is None or not actor.is_authenticated:
        return "Please log in to mark posts as helpful."
    if is_author(actor, post):
        return "You can't mark your own post as helpful."
    if not post.is_visible or not post.thread.is_public:
        return "Only posts everyone can read can be marked as helpful."
    return None


def can_mark_helpful(actor: Actor | None, post) -> bool:
    return helpful_refusal(actor, post) is None


def answer_refusal(actor: Actor | None, thread, post) -> str | None:
    """Why this actor may not make this post the thread's answer, or None.

    Only whoever started the thread chooses, and only among its shown replies.
    """
    if not is_thread_author(actor, thread):
        return "Only the member who started this thread can choose its answer."
    if post.thread_id != thread.id:
        return "That post is not part of this thread."
    if post.is_opening:
        return "The opening post can't be the thread's answer: choose one of the replies."
    if not post.is_visible or not thread.is_public:
        return "Only replies everyone can read can be marked as the answer."
    return None


def can_mark_answer(actor: Actor | None, thread, post) -> bool:
    return answer_refusal(actor, thread, post) is None


def can_clear_answer(actor: Actor | None, thread) -> bool:
    """The thread's author may take their choice back, whatever became of the post."""
    return is_thread_author(actor, thread)


def is_thread_author(actor: Actor | None, thread) -> bool:
    return bool(actor and actor.is_authenticated and thread.author_id == actor.id)
