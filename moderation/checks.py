"""The check every post passes before it is published, and the queue items it leaves behind."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from flask import Flask, current_app

from forum.clock import utcnow
from forum.extensions import db
from forum.hooks import Change, CheckResult, Decision, Draft, Verdict
from forum.inbox import notify
from forum.models import Post, PostStatus
from forum.templating import friendly_date
from forum.throttle import is_limited, record
from moderation import rules as r
from moderation.models import ItemStatus, QueueItem, QueueReason, Rule
from moderation.scoring import crisis_findings, kinds_named, scored_findings, text_scores
from moderation.settings import posts_limit, threads_limit
from moderation.standing import is_silenced, is_trusted, standing_of

NEW_MEMBER_REASON = (
    "As a new member, your first few posts are read by a moderator before others see them. "
    "Thank you for your patience."
)
ALWAYS_HELD_REASON = "A moderator reads your posts before they appear."


@dataclass
class Screening:
    """What moderation found in a post, carried from the check to the queue."""

    findings: list[r.Finding] = field(default_factory=list)
    held_for_trust: bool = False
    # False where an administrator has switched the crisis check off: the author still sees
    # the crisis resources, but the post is queued at normal priority, not as urgent.
    crisis_alerts: bool = True

    @property
    def urgent(self) -> bool:
        """Crisis language: the author is shown the crisis resources."""
        return any(f.action == r.Action.URGENT for f in self.findings)

    @property
    def alarm(self) -> bool:
        """The post goes first in the queue, as urgent."""
        return self.urgent and self.crisis_alerts

    @property
    def wants_a_look(self) -> bool:
        return any(f.action in (r.Action.FLAG, r.Action.URGENT) for f in self.findings)

    def as_json(self) -> str:
        notes = [
            {
                "kind": f.kind,
                "action": f.action,
                "guideline": f.guideline,
                "reason": f.reason,
                "excerpt": f.excerpt,
            }
            for f in self.findings
        ]
        if self.held_for_trust:
            notes.append(
                {
                    "kind": "trust",
                    "action": "hold",
                    "guideline": "",
                    "reason": NEW_MEMBER_REASON,
                    "excerpt": "",
                }
            )
        return json.dumps(notes)


def board_rules(board_id: int) -> list[Rule]:
    """Site-wide rules and this board's own, switched on."""
    return list(
        db.session.scalars(
            db.select(Rule).where(
                Rule.enabled, (Rule.board_id.is_(None)) | (Rule.board_id == board_id)
            )
        )
    )


def crisis_alerts_on(board_id: int) -> bool:
    """Whether crisis posts on this board go first in the queue: unless the crisis check is
    switched off both site-wide and on the board (a site that never had the rule alerts)."""
    kinds = db.select(Rule.enabled).where(
        Rule.kind == r.Kind.CRISIS, (Rule.board_id.is_(None)) | (Rule.board_id == board_id)
    )
    switches = list(db.session.scalars(kinds))
    return not switches or any(switches)


def watched_words_of(rules: list[Rule]) -> list[r.WatchedWord]:
    return [
        r.WatchedWord(rule.pattern, r.Action(rule.action), rule.guideline)
        for rule in rules
        if rule.kind == r.Kind.WATCHED_WORD and rule.pattern.strip()
    ]


CRISIS_HELD_REASON = "A moderator will read it first and will reach out to you."
CRISIS_WORDS = (
    "You are not alone, and what you wrote matters. A moderator will read your post soon. "
    "If you might act on these thoughts, please reach out now:"
)


def moderate(draft: Draft) -> CheckResult | None:
    """Publish, hold, refuse or mask a member's post by the board's rules and their standing.

    Crisis language is screened first, on every post, staff included: whatever else is
    decided, the author is shown the crisis resources and the post reaches the urgent queue.
    So a crisis post that would be refused (a silence, a rate limit, a blocked word) is kept
    and held for a moderator instead.
    """
    text = "\n\n".join(part for part in (draft.title, draft.body) if part)
    # The trained classifier's scores join the exact rules (MODERATION_SCORING, on by default);
    # bench/moderation_quality.py measures both together on posts they were not written from.
    scores = text_scores(text) if current_app.config["MODERATION_SCORING"] else {}
    crisis = crisis_findings(text, scores)
    alerts = crisis_alerts_on(draft.board.id)
    author = draft.author
    if author.is_moderator:
        return _decide(Screening(crisis, crisis_alerts=alerts), []) if crisis else None
    standing = standing_of(author)
    refusal = _silenced(standing) or _rate_limited(draft)
    if refusal is not None:
        if not crisis:
            return refusal
        screening = Screening(crisis, crisis_alerts=alerts)
        return CheckResult(
            Decision.HOLD, (CRISIS_HELD_REASON,), _crisis_notices(), screening
        )
    rules = board_rules(draft.board.id)
    words = watched_words_of(rules)
    trusted = is_trusted(author, standing, current_app.config["MODERATION_NEW_MEMBER_POSTS"])
    # Crisis language was screened above; abuse aimed at someone is checked on every board.
    kinds = frozenset(r.Kind(rule.kind) for rule in rules) - {r.Kind.CRISIS} | {r.Kind.ABUSE}
    found = r.check_text(text, words=words, trusted=trusted, kinds=kinds)
    scored = scored_findings(scores, named_by_rules=kinds_named(found))
    screening = Screening(crisis + found + scored, crisis_alerts=alerts)
    screening.held_for_trust = not trusted
    return _decide(screening, words, body=draft.body)


def _silenced(standing) -> CheckResult | None:
    if not is_silenced(standing):
        return None
    until = friendly_date(standing.silenced_until)
    why = f" Reason: {standing.silence_reason}" if standing.silence_reason else ""
    return CheckResult(Decision.REFUSE, (f"You cannot post until {until}.{why}",), status=403)


def _rate_limited(draft: Draft) -> CheckResult | None:
    if draft.post is not None:
        return None
    key = str(draft.author.id)
    limit = threads_limit() if draft.thread is None else posts_limit()
    if is_limited(limit, key) or is_limited(posts_limit(), key):
        message = (
            f"You are posting faster than we allow. Please wait a little (up to {limit.wait_text}) "
            "and send it again: your text is kept below."
        )
        return CheckResult(Decision.REFUSE, (message,), status=429)
    return None


def _crisis_notices() -> tuple[str, ...]:
    return (CRISIS_WORDS, *current_app.config["CRISIS_RESOURCES"])


def _decide(screening: Screening, words: list[r.WatchedWord], *, body: str = "") -> CheckResult:
    """What becomes of the post. Spam findings arrive as holds for members not yet trusted and as
    flags for the trusted (moderation.rules decides which), so a trusted member's promotion is
    published and queued for a look rather than kept from everyone."""
    actions = {f.action for f in screening.findings}
    reasons = _unique(
        f.reason for f in screening.findings if f.action in (r.Action.BLOCK, r.Action.HOLD)
    )
    notices = _crisis_notices() if screening.urgent else ()
    masked = r.Action.MASK in actions
    rewrite = (lambda text: r.mask_watched(text, words)) if masked else None
    if r.Action.BLOCK in actions and not screening.urgent:
        return CheckResult(Decision.REFUSE, reasons, notices, screening, rewrite=rewrite)
    # The body is what is shown masked; a refused post hides nothing, so it is told here, as
    # a calm remark: crisis resources alone are urgent and move the page to the top.
    remarks = tuple(r.masking_notices(body, words)) if masked else ()
    if actions & {r.Action.BLOCK, r.Action.HOLD} or screening.held_for_trust:
        if screening.held_for_trust and not reasons:
            reasons = (NEW_MEMBER_REASON,)
        return CheckResult(
            Decision.HOLD, reasons, notices, screening, rewrite=rewrite, remarks=remarks
        )
    return CheckResult(Decision.PUBLISH, (), notices, screening, rewrite=rewrite, remarks=remarks)


def _unique(items) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _screening(verdict: Verdict | None) -> Screening | None:
    if verdict is None:
        return None
    for result in verdict.results:
        if isinstance(result.details, Screening):
            return result.details
    return None


def on_post_changed(
    app: Flask, *, post: Post, change: Change, verdict: Verdict | None = None
) -> None:
    """Queue what needs a moderator, in the same transaction as the post itself."""
    if change == Change.CREATED:
        record(posts_limit(), str(post.author_id))
        if post.parent_id is None:
            record(threads_limit(), str(post.author_id))
    if change == Change.DELETED:
        withdraw_items(post)
    if change not in (Change.CREATED, Change.EDITED):
        return
    screening = _screening(verdict)
    if screening is not None and screening.urgent:
        # Kept where the member can find it again after the page they landed on is gone.
        notify(post.author_id, " ".join(_crisis_notices()), post_id=post.id)
    if post.status == PostStatus.PENDING:
        reason = QueueReason.EDIT if change == Change.EDITED else QueueReason.HELD
        open_item(post, reason, screening)
        why = " ".join(verdict.reasons) if verdict else ""
        notify(
            post.author_id,
            f"Your post in “{post.thread.title}” is waiting for a moderator's review. {why}".strip(),
            post_id=post.id,
        )
    elif screening is not None and screening.wants_a_look:
        open_item(post, QueueReason.CRISIS if screening.alarm else QueueReason.FLAGGED, screening)


def withdraw_items(post: Post) -> None:
    """The author deleted the post: nothing is left to review, so its open items close.

    Urgent items stay open: a member who wrote about ending their life and then deleted it
    still needs a moderator to reach out.
    """
    db.session.execute(
        db.update(QueueItem)
        .where(
            QueueItem.post_id == post.id,
            QueueItem.status == ItemStatus.OPEN,
            QueueItem.priority != 0,
        )
        .values(status=ItemStatus.WITHDRAWN, decided_at=utcnow(), decided_by_name=post.author_name)
    )


def open_item(
    post: Post, reason: str, screening: Screening | None = None, *, admin_only: bool = False
) -> QueueItem:
    """The post's open queue item, created or brought up to date."""
    item = db.session.scalar(
        db.select(QueueItem).where(
            QueueItem.post_id == post.id, QueueItem.status == ItemStatus.OPEN
        )
    )
    urgent = bool(screening and screening.alarm)
    if item is None:
        item = QueueItem(
            post_id=post.id,
            board_id=post.thread.board_id,
            reason=reason,
            priority=0 if urgent else 1,
            admin_only=admin_only,
            findings=screening.as_json() if screening else "[]",
            status=ItemStatus.OPEN,
        )
        db.session.add(item)
    else:
        if urgent:
            item.priority = 0
        item.admin_only = item.admin_only or admin_only
        if screening is not None:
            item.findings = screening.as_json()
        if reason in (QueueReason.HELD, QueueReason.EDIT, QueueReason.CRISIS):
            item.reason = reason
    db.session.flush()
    return item
