"""Changes to boards and their enforced rules, as domain verbs beside the decisions.

Each verb records itself in the moderation log and leaves the commit to the request, as
moderation.decisions does. Who may call which is the pages' business (moderation.scope).
A board of None names the site-wide rules.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, func
from sqlalchemy.exc import IntegrityError

from forum.clock import utcnow
from forum.extensions import db
from forum.models import Board, Member, Role
from forum.rendering import render_markdown
from forum.seeding import create_board
from forum.slugs import slugify
from moderation.audit import audit
from moderation.models import BoardModerator, Rule
from moderation.rules import Action, Kind, compile_watched

# The action shown for a board's own rule of a kind when the site has no rule of that kind to copy.
DEFAULT_KIND_ACTIONS = {Kind.CRISIS: Action.URGENT}


class Refused(Exception):
    """The change cannot be made as asked; nothing was changed, and `message` says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- boards ---------------------------------------------------------------------------------------


def add_board(
    name: str, *, address: str = "", description: str = "", guidelines: str = "", by: Member
) -> Board:
    """A new board, last in the list, at `address` (made from the name when empty)."""
    slug = slugify(address or name, fallback="board")
    taken = Refused(f"There is already a board at /b/{slug}. Choose another address.")
    if db.session.scalar(db.select(Board.id).where(Board.slug == slug)) is not None:
        raise taken
    position = db.session.scalar(db.select(func.max(Board.position))) or 0
    try:
        board = create_board(
            slug=slug,
            name=name,
            description=description,
            guidelines=guidelines,
            position=position + 1,
        )
    except IntegrityError:
        # Another request took the address between the check and the insert.
        db.session.rollback()
        raise taken from None
    audit(by, "board-create", board_id=board.id, after=f"{board.name} (/b/{slug})")
    return board


def update_guidelines(board: Board, source: str, *, by: Member) -> bool:
    """Replace the board's written guidelines; False (and nothing logged) when they are unchanged."""
    if source == board.guidelines_source:
        return False
    audit(
        by,
        "guidelines-edit",
        board_id=board.id,
        before=board.guidelines_source,
        after=source,
    )
    board.guidelines_source = source
    board.guidelines_html = render_markdown(source)
    return True


def assign_moderator(board: Board, member: Member, *, by: Member) -> bool:
    """Make the member a moderator of the board; False when they already are."""
    if db.session.get(BoardModerator, (board.id, member.id)) is not None:
        return False
    before = member.role
    if member.role == Role.MEMBER:
        member.role = Role.MODERATOR.value
    db.session.add(BoardModerator(board_id=board.id, member_id=member.id))
    _audit_assignment(by, "moderator-add", board, member, role_before=before)
    return True


def unassign_moderator(board: Board, member: Member, *, by: Member) -> None:
    """The member stops moderating the board, and is a member again if it was their last one."""
    db.session.delete(db.session.get(BoardModerator, (board.id, member.id)))
    db.session.flush()
    before = member.role
    still_moderating = db.session.scalar(
        db.select(BoardModerator.board_id).where(BoardModerator.member_id == member.id).limit(1)
    )
    if still_moderating is None and member.role == Role.MODERATOR:
        member.role = Role.MEMBER.value
    _audit_assignment(by, "moderator-remove", board, member, role_before=before)


def _audit_assignment(
    by: Member, action: str, board: Board, member: Member, *, role_before: str
) -> None:
    """Log an assignment with the member's role before and after it: it may have changed."""
    audit(by, action, board_id=board.id, subject=member, before=role_before, after=member.role)


# --- rules ----------------------------------------------------------------------------------------


def describe_rule(rule: Rule) -> str:
    """The rule as the log and the pages name it: its word or kind, and its action."""
    what = rule.pattern if rule.kind == Kind.WATCHED_WORD else rule.kind
    return f"{what} → {rule.action}"


def add_watched_word(
    board: Board | None, pattern: str, *, action: str, guideline: str, by: Member
) -> Rule:
    """Watch for a word or phrase (spaces collapsed; * stands for any letters)."""
    pattern = " ".join(pattern.split())
    try:
        compile_watched(pattern)
    except ValueError as problem:
        raise Refused(
            f"{problem} Write a word or phrase; * stands for any letters, as in idiot*."
        ) from None
    if _word_exists(board.id if board else None, pattern):
        raise Refused("This word or phrase is already on the list.")
    rule = Rule(
        board_id=board.id if board else None,
        kind=Kind.WATCHED_WORD.value,
        pattern=pattern,
        action=action,
        guideline=guideline,
        enabled=True,
    )
    db.session.add(rule)
    audit(by, "rule-add", board_id=rule.board_id, after=f"{pattern} → {action}")
    return rule


def add_built_in_rule(board: Board | None, kind: str, *, by: Member) -> Rule | None:
    """Switch on a built-in check here, copying the site's rule of that kind when there is one.

    None when there is already a rule of that kind here: it is switched on or off instead.
    """
    board_id = board.id if board else None
    if _rule_of_kind(board_id, kind) is not None:
        return None
    # The checks in moderation.rules decide what a finding does; the action is kept for display.
    site = _rule_of_kind(None, kind)
    action = site.action if site else DEFAULT_KIND_ACTIONS.get(kind, Action.HOLD).value
    rule = Rule(
        board_id=board_id,
        kind=kind,
        pattern="",
        action=action,
        guideline=site.guideline if site else "",
        enabled=True,
    )
    db.session.add(rule)
    audit(by, "rule-add", board_id=board_id, after=describe_rule(rule))
    return rule


def set_rule_enabled(rule: Rule, enabled: bool, *, by: Member, reason: str = "") -> bool:
    """Switch the rule on or off; False (and nothing logged) when it already is.

    Switching the crisis check off needs a reason, kept in the log entry: it is the one rule
    whose absence can cost a member in danger the help the site gives.
    """
    if enabled == rule.enabled:
        return False
    reason = reason.strip()
    if rule.kind == Kind.CRISIS and not enabled and not reason:
        raise Refused("Give the reason for switching the crisis check off.")
    label = describe_rule(rule)
    state = {True: "enabled", False: "disabled"}
    audit(
        by,
        "rule-enable" if enabled else "rule-disable",
        board_id=rule.board_id,
        reason=reason,
        before=f"{label}: {state[rule.enabled]}",
        after=f"{label}: {state[enabled]}",
    )
    rule.enabled = enabled
    rule.updated_at = utcnow()
    return True


def delete_watched_word(rule: Rule, *, by: Member) -> None:
    """Stop watching for the word; built-in rules are switched off instead, never deleted."""
    if rule.kind != Kind.WATCHED_WORD:
        raise Refused("Built-in rules cannot be deleted; switch them off instead.")
    audit(by, "rule-delete", board_id=rule.board_id, before=rule.pattern)
    db.session.delete(rule)


def _word_exists(board_id: int | None, pattern: str) -> bool:
    found = db.session.scalar(
        db.select(Rule.id).where(
            _rules_of(board_id),
            Rule.kind == Kind.WATCHED_WORD,
            func.lower(Rule.pattern) == pattern.lower(),
        )
    )
    return found is not None


def _rule_of_kind(board_id: int | None, kind: str) -> Rule | None:
    return db.session.scalars(
        db.select(Rule).where(_rules_of(board_id), Rule.kind == kind).order_by(Rule.id)
    ).first()


def _rules_of(board_id: int | None) -> ColumnElement[bool]:
    """The board's own rules, or (None) the site-wide ones: a board's list never holds the site's."""
    return Rule.board_id.is_(None) if board_id is None else Rule.board_id == board_id
