"""Enforced rules, site-wide and per board: administrators change everything, a board's moderators
that board's rules, any moderator may read them. Every change is in the moderation log.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from forum.extensions import db
from forum.models import Board
from moderation.administration import (
    Refused,
    add_built_in_rule,
    add_watched_word,
    delete_watched_word,
    describe_rule,
    set_rule_enabled,
)
from moderation.forms import CrisisSwitchOffForm, WordForm
from moderation.models import Rule
from moderation.rules import Action, Kind
from moderation.scope import boards_for, require_admin, require_board, require_moderator
from moderation.views import bp
from moderation.views.common import board_or_404

# What each built-in kind catches, in the words moderators see on the rules page.
KIND_LABELS = {
    Kind.CRISIS: (
        "Crisis language: the post goes first in the queue as urgent (the author is always "
        "shown crisis resources, even with this check off)"
    ),
    Kind.MEDICAL: "Medical advice: telling someone to stop, start or change a medicine or dose",
    Kind.PERSONAL_DATA: "Personal details: phone numbers, email and home addresses",
    Kind.LINKS: "Spam: links from members not yet trusted, more than 3 in one post, or to shops and "
    "chat apps; selling, contact elsewhere, money-making, medicines without a prescription",
}
BUILT_IN_KINDS = tuple(KIND_LABELS)
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


def _rules_in(board_id: int | None) -> list[Rule]:
    scope = Rule.board_id.is_(None) if board_id is None else Rule.board_id == board_id
    return list(db.session.scalars(db.select(Rule).where(scope).order_by(Rule.kind, Rule.pattern)))


# --- rules ----------------------------------------------------------------------------------------


def _rules_page(
    board: Board | None,
    form: WordForm,
    status: int = 200,
    crisis_form: CrisisSwitchOffForm | None = None,
) -> ResponseReturnValue:
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
        crisis_form=crisis_form or CrisisSwitchOffForm(formdata=None),
        action_names=ACTION_NAMES,
        scopes=boards_for(require_moderator()),
    ), status


@bp.get("/mod/rules")
@login_required
def rules() -> ResponseReturnValue:
    require_moderator()
    board = _board_from(request.args.get("board"))
    if board is not None:
        require_board(board.id)
    return _rules_page(board, WordForm(formdata=None))


@bp.post("/mod/rules/words")
@login_required
def add_word() -> ResponseReturnValue:
    require_moderator()
    board = _board_from(request.form.get("board"))
    _require_rule_scope(board.id if board else None)
    form = WordForm()
    if form.validate():
        try:
            rule = add_watched_word(
                board,
                form.pattern.data,
                action=form.action.data,
                guideline=form.guideline.data or "",
                by=current_user,
            )
        except Refused as refused:
            form.pattern.errors.append(refused.message)
        else:
            db.session.commit()
            flash(f"“{rule.pattern}” is now watched: {ACTION_NAMES[rule.action]}.", "success")
            return redirect(_rules_url(rule.board_id))
    return _rules_page(board, form, 400)


@bp.post("/mod/rules/kinds")
@login_required
def add_kind() -> ResponseReturnValue:
    require_moderator()
    board = _board_from(request.form.get("board"))
    board_id = board.id if board else None
    _require_rule_scope(board_id)
    kind = request.form.get("kind", "")
    if kind not in BUILT_IN_KINDS:
        abort(400, description="Choose one of the built-in kinds of rule.")
    if add_built_in_rule(board, kind, by=current_user) is None:
        flash("There is already a rule of that kind here: switch it on or off in the list.", "info")
        return redirect(_rules_url(board_id))
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
def toggle_rule(rule_id: int) -> ResponseReturnValue:
    rule = _rule_for_change(rule_id)
    wanted = request.form.get("enabled")
    if wanted not in (None, "0", "1"):
        abort(400, description="Say whether the rule should be on or off.")
    enabled = (not rule.enabled) if wanted is None else wanted == "1"
    reason = ""
    if rule.kind == Kind.CRISIS and not enabled:
        # Only an administrator switches the crisis check off, having confirmed it and said why.
        require_admin()
        form = CrisisSwitchOffForm()
        if not form.validate():
            board = db.session.get(Board, rule.board_id) if rule.board_id is not None else None
            return _rules_page(board, WordForm(formdata=None), 400, crisis_form=form)
        reason = form.reason.data
    if not set_rule_enabled(rule, enabled, by=current_user, reason=reason):
        flash(f"That rule is already {'on' if enabled else 'off'}. Nothing was changed.", "info")
        return redirect(_rules_url(rule.board_id))
    db.session.commit()
    flash(f"Rule {describe_rule(rule)} switched {'on' if enabled else 'off'}.", "success")
    return redirect(_rules_url(rule.board_id))


@bp.post("/mod/rules/<id:rule_id>/delete")
@login_required
def delete_rule(rule_id: int) -> ResponseReturnValue:
    rule = _rule_for_change(rule_id)
    board_id, pattern = rule.board_id, rule.pattern
    try:
        delete_watched_word(rule, by=current_user)
    except Refused as refused:
        abort(400, description=refused.message)
    db.session.commit()
    flash(f"“{pattern}” is no longer watched.", "success")
    return redirect(_rules_url(board_id))
