"""Enforced rules, site-wide and per board: administrators change everything, a board's moderators
that board's rules, any moderator may read them. Every change is in the moderation log.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import func

from forum.clock import utcnow
from forum.extensions import db
from forum.models import Board
from moderation.audit import audit
from moderation.forms import WordForm
from moderation.models import Rule
from moderation.rules import Action, Kind, compile_watched
from moderation.scope import boards_for, require_admin, require_board, require_moderator
from moderation.views import bp
from moderation.views.common import board_or_404

# What each built-in kind catches, in the words moderators see on the rules page.
KIND_LABELS = {
    Kind.CRISIS: "Crisis language: the author sees crisis resources and the post goes first in the queue",
    Kind.MEDICAL: "Medical advice: telling someone to stop, start or change a medicine or dose",
    Kind.PERSONAL_DATA: "Personal details: phone numbers, email and home addresses",
    Kind.LINKS: "Links: from members not yet trusted, or more than 3 in one post",
}
BUILT_IN_KINDS = tuple(KIND_LABELS)
# The action shown for a board's own rule of a kind when the site has no rule of that kind to copy.
DEFAULT_KIND_ACTIONS = {Kind.CRISIS: Action.URGENT}
ACTION_NAMES = {
    Action.BLOCK: "Block",
    Action.HOLD: "Hold for review",
    Action.FLAG: "Publish and flag",
    Action.MASK: "Mask",
    Action.URGENT: "Urgent review",
}


# --- scope ----------------------------------------------------------------------------------------


def _board_from(raw: str | None) -> Board | None:
    """The board a form or link names; None (no board named) means the site-wide rules."""
    slug = (raw or "").strip()
    return board_or_404(slug) if slug else None


def _require_rule_scope(board_id: int | None) -> None:
    """Site-wide rules are the administrators'; a board's rules are also its moderators'."""
    if board_id is None:
        require_admin()
    else:
        require_board(board_id)


def _rules_url(board_id: int | None) -> str:
    board = db.session.get(Board, board_id) if board_id is not None else None
    return url_for("moderation.rules", board=board.slug if board else None)


def _describe(rule: Rule) -> str:
    what = rule.pattern if rule.kind == Kind.WATCHED_WORD else rule.kind
    return f"{what} → {rule.action}"


def _rules_in(board_id: int | None) -> list[Rule]:
    scope = Rule.board_id.is_(None) if board_id is None else Rule.board_id == board_id
    return list(db.session.scalars(db.select(Rule).where(scope).order_by(Rule.kind, Rule.pattern)))


def _rule_of_kind(board_id: int | None, kind: str) -> Rule | None:
    scope = Rule.board_id.is_(None) if board_id is None else Rule.board_id == board_id
    return db.session.scalars(
        db.select(Rule).where(scope, Rule.kind == kind).order_by(Rule.id)
    ).first()


# --- rules ----------------------------------------------------------------------------------------


def _rules_page(board: Board | None, form: WordForm, status: int = 200):
    can_edit = current_user.is_admin or board is not None
    own = _rules_in(board.id if board else None)
    site = own if board is None else _rules_in(None)
    kinds = [
        {
            "kind": kind,
            "label": KIND_LABELS[kind],
            "site": next((rule for rule in site if rule.kind == kind), None),
            "own": next((rule for rule in own if rule.kind == kind), None) if board else None,
        }
        for kind in BUILT_IN_KINDS
    ]
    return render_template(
        "moderation/rules.html",
        board=board,
        can_edit=can_edit,
        kinds=kinds,
        words=[rule for rule in own if rule.kind == Kind.WATCHED_WORD],
        site_words=[rule for rule in site if rule.kind == Kind.WATCHED_WORD and rule.enabled]
        if board
        else [],
        form=form,
        action_names=ACTION_NAMES,
        scopes=boards_for(require_moderator()),
    ), status


@bp.get("/mod/rules")
@login_required
def rules():
    require_moderator()
    board = _board_from(request.args.get("board"))
    if board is not None:
        require_board(board.id)
    return _rules_page(board, WordForm(formdata=None))


@bp.post("/mod/rules/words")
@login_required
def add_word():
    require_moderator()
    board = _board_from(request.form.get("board"))
    _require_rule_scope(board.id if board else None)
    form = WordForm()
    if form.validate():
        pattern = " ".join(form.pattern.data.split())
        try:
            compile_watched(pattern)
        except ValueError as problem:
            form.pattern.errors.append(
                f"{problem} Write a word or phrase; * stands for any letters, as in idiot*."
            )
        else:
            if _word_exists(board, pattern):
                form.pattern.errors.append("This word or phrase is already on the list.")
            else:
                rule = Rule(
                    board_id=board.id if board else None,
                    kind=Kind.WATCHED_WORD.value,
                    pattern=pattern,
                    action=form.action.data,
                    guideline=form.guideline.data or "",
                    enabled=True,
                )
                db.session.add(rule)
                audit(
                    current_user,
                    "rule-add",
                    board_id=rule.board_id,
                    after=f"{pattern} → {form.action.data}",
                )
                db.session.commit()
                flash(f"“{pattern}” is now watched: {ACTION_NAMES[rule.action]}.", "success")
                return redirect(_rules_url(rule.board_id))
    return _rules_page(board, form, 400)


def _word_exists(board: Board | None, pattern: str) -> bool:
    scope = Rule.board_id.is_(None) if board is None else Rule.board_id == board.id
    found = db.session.scalar(
        db.select(Rule.id).where(
            scope, Rule.kind == Kind.WATCHED_WORD, func.lower(Rule.pattern) == pattern.lower()
        )
    )
    return found is not None


@bp.post("/mod/rules/kinds")
@login_required
def add_kind():
    require_moderator()
    board = _board_from(request.form.get("board"))
    board_id = board.id if board else None
    _require_rule_scope(board_id)
    kind = request.form.get("kind", "")
    if kind not in BUILT_IN_KINDS:
        abort(400, description="Choose one of the built-in kinds of rule.")
    if _rule_of_kind(board_id, kind) is not None:
        flash("There is already a rule of that kind here: switch it on or off in the list.", "info")
        return redirect(_rules_url(board_id))
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
    audit(current_user, "rule-add", board_id=board_id, after=_describe(rule))
    db.session.commit()
    where = f"on {board.name}" if board else "site-wide"
    flash(f"{KIND_LABELS[Kind(kind)].split(':')[0]} is now checked {where}.", "success")
    return redirect(_rules_url(board_id))


def _rule_for_change(rule_id: int) -> Rule:
    require_moderator()
    rule = db.session.get(Rule, rule_id)
    if rule is None:
        abort(404, description="There is no such rule.")
    _require_rule_scope(rule.board_id)
    return rule


@bp.post("/mod/rules/<id:rule_id>/toggle")
@login_required
def toggle_rule(rule_id: int):
    rule = _rule_for_change(rule_id)
    wanted = request.form.get("enabled")
    if wanted not in (None, "0", "1"):
        abort(400, description="Say whether the rule should be on or off.")
    enabled = (not rule.enabled) if wanted is None else wanted == "1"
    if enabled == rule.enabled:
        flash(f"That rule is already {'on' if enabled else 'off'}. Nothing was changed.", "info")
        return redirect(_rules_url(rule.board_id))
    label = _describe(rule)
    state = {True: "enabled", False: "disabled"}
    audit(
        current_user,
        "rule-enable" if enabled else "rule-disable",
        board_id=rule.board_id,
        before=f"{label}: {state[rule.enabled]}",
        after=f"{label}: {state[enabled]}",
    )
    rule.enabled = enabled
    rule.updated_at = utcnow()
    db.session.commit()
    flash(f"Rule {label} switched {'on' if enabled else 'off'}.", "success")
    return redirect(_rules_url(rule.board_id))


@bp.post("/mod/rules/<id:rule_id>/delete")
@login_required
def delete_rule(rule_id: int):
    rule = _rule_for_change(rule_id)
    if rule.kind != Kind.WATCHED_WORD:
        abort(400, description="Built-in rules cannot be deleted; switch them off instead.")
    board_id, pattern = rule.board_id, rule.pattern
    audit(current_user, "rule-delete", board_id=board_id, before=pattern)
    db.session.delete(rule)
    db.session.commit()
    flash(f"“{pattern}” is no longer watched.", "success")
    return redirect(_rules_url(board_id))
