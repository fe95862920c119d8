"""What other packages plug into: checks before a post is published, signals after changes,
who moderates which boards.

The core never imports moderation or search; they register here in their init_app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from blinker import Namespace
from flask import Flask, current_app, g

from forum.permissions import EVERYWHERE, NOWHERE, ModeratorScope

_signals = Namespace()
# Sent inside the transaction, after the change is flushed: write outbox or queue rows here.
post_changed = _signals.signal("post-changed")
# Sent after the transaction commits, with every change it carried: apply side effects here.
changes_committed = _signals.signal("changes-committed")


class Change(StrEnum):
    CREATED = "created"
    EDITED = "edited"
    DELETED = "deleted"
    STATUS = "status"
    # Something every post of the thread carries changed (its title, its board).
    THREAD = "thread"
    # How the post ranks changed: its helpful count, or whether it is its thread's answer.
    RANKING = "ranking"


class Decision(StrEnum):
    PUBLISH = "publish"
    HOLD = "hold"
    REFUSE = "refuse"


@dataclass(frozen=True)
class Draft:
    """What a check sees: the words about to be published and where they go."""

    author: Any
    board: Any
    body: str
    title: str | None = None
    thread: Any = None
    post: Any = None  # set when an existing post is being edited


@dataclass(frozen=True)
class CheckResult:
    decision: Decision
    reasons: tuple[str, ...] = ()
    # Shown to the author whatever the decision, first and urgently, e.g. crisis resources.
    notices: tuple[str, ...] = ()
    details: Any = None
    # The HTTP status a refusal answers with (429 for a rate limit, 403 for a silenced member).
    status: int = 400
    # Applied to the text before it is rendered, e.g. masking words; the source is kept as written.
    rewrite: Callable[[str], str] | None = None
    # Calm remarks for the author once the post is saved, e.g. which words were hidden.
    remarks: tuple[str, ...] = ()


@dataclass
class Verdict:
    """All checks combined: the strictest decision wins, every reason and notice is kept."""

    decision: Decision = Decision.PUBLISH
    reasons: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    results: list[CheckResult] = field(default_factory=list)

    def add(self, result: CheckResult) -> None:
        order = [Decision.PUBLISH, Decision.HOLD, Decision.REFUSE]
        if order.index(result.decision) > order.index(self.decision):
            self.decision = result.decision
        self.reasons.extend(result.reasons)
        self.notices.extend(result.notices)
        self.remarks.extend(result.remarks)
        self.results.append(result)

    @property
    def status(self) -> int:
        """The status of the refusal: the most specific one a refusing check asked for."""
        refusing = [r.status for r in self.results if r.decision == Decision.REFUSE]
        return max(refusing, default=400)

    def shown_text(self, body: str) -> str:
        """The text to render: every check's rewrite applied in turn."""
        for result in self.results:
            if result.rewrite is not None:
                body = result.rewrite(body)
        return body


PublishCheck = Callable[[Draft], CheckResult | None]
_CHECKS_KEY = "forum.publish_checks"
_suspended: ContextVar[bool] = ContextVar("forum_checks_suspended", default=False)


def register_publish_check(app: Flask, check: PublishCheck) -> None:
    """Add a check every new or edited post passes before it is published."""
    app.extensions.setdefault(_CHECKS_KEY, []).append(check)


@contextmanager
def checks_suspended() -> Iterator[None]:
    """Publish without checks, for content an administrator brings in (the demo community)."""
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)


def judge(draft: Draft) -> Verdict:
    """Run every registered check; with none registered, everything is published."""
    verdict = Verdict()
    if _suspended.get():
        return verdict
    for check in current_app.extensions.get(_CHECKS_KEY, []):
        result = check(draft)
        if result is not None:
            verdict.add(result)
    return verdict


SimilarThreads = Callable[[str, int], list[tuple[str, str]]]
_SIMILAR_KEY = "forum.similar_threads"


def register_similar_threads(app: Flask, finder: SimilarThreads) -> None:
    """Offer existing threads like a title being typed: finder(title, limit) -> [(title, url)]."""
    app.extensions[_SIMILAR_KEY] = finder


def similar_threads(title: str, limit: int = 5) -> list[tuple[str, str]]:
    """Threads like this title, or none when no finder is registered (search turned off)."""
    finder = current_app.extensions.get(_SIMILAR_KEY)
    return finder(title, limit) if finder and title.strip() else []


# --- Who moderates which boards ------------------------------------------------------------------
#
# Moderation knows who looks after which board; the core asks it through this hook, once per
# request, and passes the answer to the pure predicates in forum.permissions.

ModeratorBoards = Callable[[Any], Iterable[int] | None]
_SCOPE_KEY = "forum.moderator_scope"


def register_moderator_scope(app: Flask, boards_of: ModeratorBoards) -> None:
    """boards_of(member) -> the ids of the boards they moderate, or None for every board."""
    app.extensions[_SCOPE_KEY] = boards_of


def moderator_scope(member) -> ModeratorScope:
    """The boards this member moderates, looked up at most once per request (cached on g).

    With no plug-in registered, administrators moderate everywhere and nobody else anywhere:
    the moderator role alone grants nothing the core can check.
    """
    if member is None or not member.is_authenticated:
        return NOWHERE
    cache: dict[int, ModeratorScope] = g.setdefault("_forum_moderator_scopes", {})
    scope = cache.get(member.id)
    if scope is None:
        boards_of = current_app.extensions.get(_SCOPE_KEY)
        if boards_of is None:
            scope = EVERYWHERE if member.is_admin else NOWHERE
        else:
            scope = ModeratorScope.of(boards_of(member))
        cache[member.id] = scope
    return scope


# Template slots: named places in the core's pages where a plug-in adds its own fragment
# (a header link, a post action, thread tools), so no core template names a plug-in endpoint.
# A fragment is a template included with the page's context; with a plug-in off, nothing shows.
SLOTS = ("header_links", "header_search", "post_actions", "thread_tools")
_SLOTS_KEY = "forum.template_slots"


def register_slot(app: Flask, slot: str, template: str) -> None:
    """Include `template` at `slot` in the core's pages, after fragments registered before it."""
    if slot not in SLOTS:
        raise ValueError(f"unknown template slot {slot!r}; the core offers {', '.join(SLOTS)}")
    app.extensions.setdefault(_SLOTS_KEY, {}).setdefault(slot, []).append(template)


def slot_templates(slot: str) -> list[str]:
    """The fragments registered for a slot, in order (for the templates' `slot()`)."""
    return current_app.extensions.get(_SLOTS_KEY, {}).get(slot, [])


# Sent after a private message is added (inside the transaction): moderation logs check-ins.
private_message_sent = _signals.signal("private-message-sent")
