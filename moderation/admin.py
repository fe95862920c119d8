"""Moderation settings: enforced rules (site-wide and per board), board guidelines, moderators, boards.

Administrators change everything; a board's moderators change that board's rules and guidelines;
any moderator may read the site-wide rules. Every change is written to the moderation log.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from wtforms import SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from forum.accounts import find_member
from forum.clock import utcnow
from forum.extensions import db
from forum.models import Board, Member, Role
from forum.posting import BODY_MAX
from forum.rendering import render_markdown
from forum.seeding import COMMON_GUIDELINES, create_board
from forum.slugs import slugify
from forum.text import clean_line, clean_text
from moderation import bp
from moderation.audit import audit
from moderation.models import BoardModerator, Rule
from moderation.rules import Action, Kind, compile_watched
from moderation.scope import boards_for, require_admin, require_board, require_moderator

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
WORD_ACTIONS = [
    SelectChoice(Action.BLOCK.value, "Block: refuse the post and ask the author to reword it"),
    SelectChoice(Action.HOLD.value, "Hold: a moderator reviews the post before others see it"),
    SelectChoice(Action.FLAG.value, "Flag: publish, and queue it for a moderator to look at"),
    SelectChoice(Action.MASK.value, "Mask: publish with the word shown as ***"),
]
ACTION_NAMES = {
    Action.BLOCK: "Block",
    Action.HOLD: "Hold for review",
    Action.FLAG: "Publish and flag",
    Action.MASK: "Mask",
    Action.URGENT: "Urgent review",
}
GUIDELINES_MAX = BODY_MAX


def _line(value):
    return clean_line(value) if isinstance(value, str) else value


def _text(value):
    return clean_text(value) if isinstance(value, str) else value


class WordForm(FlaskForm):
    pattern = StringField(
        "Word or phrase to watch for",
        filters=[_line],
        validators=[
            DataRequired("Write the word or phrase to watch for."),
            Length(max=200, message="Keep the word or phrase under 200 characters."),
        ],
    )
    action = SelectField(
        "What happens to a post that uses it",
        choices=WORD_ACTIONS,
        default=Action.HOLD.value,
        validators=[DataRequired("Choose what happens to the post.")],
    )
    guideline = StringField(
        "Guideline it enforces (moderators see it with the post)",
        filters=[_line],
        default="Be kind.",
        validators=[Length(max=200, message="Keep the guideline under 200 characters.")],
    )


class GuidelinesForm(FlaskForm):
    guidelines = TextAreaField(
        "Guidelines (Markdown)",
        filters=[_text],
        validators=[
            Length(
                max=GUIDELINES_MAX, message=f"Keep guidelines under {GUIDELINES_MAX:,} characters."
            )
        ],
    )


class ModeratorForm(FlaskForm):
    username = StringField(
        "Username of the member",
        filters=[_line],
        validators=[DataRequired("Write the member's username."), Length(max=30)],
    )


class BoardForm(FlaskForm):
    name = StringField(
        "Board name",
        filters=[_line],
        validators=[
            DataRequired("Give the board a name."),
            Length(max=80, message="Keep the name under 80 characters."),
        ],
    )
    slug = StringField(
        "Web address (optional: made from the name when empty)",
        filters=[_line],
        validators=[Optional(), Length(max=60, message="Keep the address under 60 characters.")],
    )
    description = StringField(
        "Short description",
        filters=[_line],
        validators=[Length(max=300, message="Keep the description under 300 characters.")],
    )
    guidelines = TextAreaField(
        "Guidelines (Markdown)",
        filters=[_text],
        default=COMMON_GUIDELINES,
        validators=[
            Length(
                max=GUIDELINES_MAX, message=f"Keep guidelines under {GUIDELINES_MAX:,} characters."
            )
        ],
    )


# --- scope ----------------------------------------------------------------------------------------


def _board_or_404(slug: str) -> Board:
    board = db.session.scalar(db.select(Board).where(Board.slug == slug))
    if board is None:
        abort(404, description="There is no board at this address.")
    return board


def _board_from(raw: str | None) -> Board | None:
    """The board a form or link names; None (no board named) means the site-wide rules."""
    slug = (raw or "").strip()
    return _board_or_404(slug) if slug else None


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


# --- boards: guidelines and moderators ------------------------------------------------------------


def _moderators_of(board: Board) -> list[Member]:
    return list(
        db.session.scalars(
            db.select(Member)
            .join(BoardModerator, BoardModerator.member_id == Member.id)
            .where(BoardModerator.board_id == board.id)
            .order_by(Member.username_key)
        )
    )


def _board_page(
    board: Board,
    *,
    guidelines_form: GuidelinesForm | None = None,
    moderator_form: ModeratorForm | None = None,
    status: int = 200,
):
    return render_template(
        "moderation/board.html",
        board=board,
        guidelines_form=guidelines_form
        or GuidelinesForm(formdata=None, data={"guidelines": board.guidelines_source}),
        moderator_form=moderator_form or ModeratorForm(formdata=None),
        moderators=_moderators_of(board),
    ), status


def _boards_page(form: BoardForm | None = None, status: int = 200):
    boards = boards_for(require_moderator())
    rows = db.session.execute(
        db.select(BoardModerator.board_id, Member.username)
        .join(Member, Member.id == BoardModerator.member_id)
        .where(BoardModerator.board_id.in_([b.id for b in boards]))
        .order_by(Member.username_key)
    ).all()
    moderators: dict[int, list[str]] = {}
    for board_id, username in rows:
        moderators.setdefault(board_id, []).append(username)
    return render_template(
        "moderation/board.html",
        board=None,
        boards=boards,
        moderators_by_board=moderators,
        board_form=form or BoardForm(formdata=None),
    ), status


@bp.get("/mod/boards")
@login_required
def boards():
    return _boards_page()


@bp.post("/mod/boards")
@login_required
def create_board_page():
    require_admin()
    form = BoardForm()
    if form.validate():
        slug = slugify(form.slug.data or form.name.data, fallback="board")
        if db.session.scalar(db.select(Board.id).where(Board.slug == slug)) is not None:
            form.slug.errors.append(
                f"There is already a board at /b/{slug}. Choose another address."
            )
        else:
            position = db.session.scalar(db.select(func.max(Board.position))) or 0
            try:
                board = create_board(
                    slug=slug,
                    name=form.name.data,
                    description=form.description.data or "",
                    guidelines=form.guidelines.data or "",
                    position=position + 1,
                )
            except IntegrityError:
                db.session.rollback()
                form.slug.errors.append(
                    f"There is already a board at /b/{slug}. Choose another address."
                )
            else:
                audit(
                    current_user,
                    "board-create",
                    board_id=board.id,
                    after=f"{board.name} (/b/{slug})",
                )
                db.session.commit()
                flash(f"Board {board.name} created. Now add its moderators.", "success")
                return redirect(url_for("moderation.board", slug=board.slug))
    return _boards_page(form, 400)


@bp.get("/mod/boards/<slug>")
@login_required
def board(slug: str):
    board = _board_or_404(slug)
    require_board(board.id)
    return _board_page(board)


@bp.post("/mod/boards/<slug>/guidelines")
@login_required
def edit_guidelines(slug: str):
    board = _board_or_404(slug)
    require_board(board.id)
    form = GuidelinesForm()
    if not form.validate():
        return _board_page(board, guidelines_form=form, status=400)
    source = form.guidelines.data or ""
    if source == board.guidelines_source:
        flash("The guidelines are unchanged.", "info")
        return redirect(url_for("moderation.board", slug=board.slug))
    audit(
        current_user,
        "guidelines-edit",
        board_id=board.id,
        before=board.guidelines_source,
        after=source,
    )
    board.guidelines_source = source
    board.guidelines_html = render_markdown(source)
    db.session.commit()
    flash(f"The guidelines of {board.name} are saved.", "success")
    return redirect(url_for("moderation.board", slug=board.slug))


@bp.post("/mod/boards/<slug>/moderators")
@login_required
def add_moderator(slug: str):
    board = _board_or_404(slug)
    require_admin()
    form = ModeratorForm()
    if not form.validate():
        return _board_page(board, moderator_form=form, status=400)
    member = find_member(form.username.data)
    if member is None:
        form.username.errors.append(
            f"There is no member called “{form.username.data}”. Check the spelling."
        )
        return _board_page(board, moderator_form=form, status=400)
    if db.session.get(BoardModerator, (board.id, member.id)) is not None:
        flash(f"{member.username} already moderates {board.name}.", "info")
        return redirect(url_for("moderation.board", slug=board.slug))
    before = member.role
    if member.role == Role.MEMBER:
        member.role = Role.MODERATOR.value
    db.session.add(BoardModerator(board_id=board.id, member_id=member.id))
    audit(
        current_user,
        "moderator-add",
        board_id=board.id,
        subject=member,
        before=before,
        after=member.role,
    )
    db.session.commit()
    flash(f"{member.username} now moderates {board.name}.", "success")
    return redirect(url_for("moderation.board", slug=board.slug))


@bp.post("/mod/boards/<slug>/moderators/<id:member_id>/remove")
@login_required
def remove_moderator(slug: str, member_id: int):
    board = _board_or_404(slug)
    require_admin()
    link = db.session.get(BoardModerator, (board.id, member_id))
    if link is None:
        abort(404, description="That member does not moderate this board.")
    member = link.member
    db.session.delete(link)
    db.session.flush()
    before = member.role
    still_moderating = db.session.scalar(
        db.select(BoardModerator.board_id).where(BoardModerator.member_id == member.id).limit(1)
    )
    if still_moderating is None and member.role == Role.MODERATOR:
        member.role = Role.MEMBER.value
    audit(
        current_user,
        "moderator-remove",
        board_id=board.id,
        subject=member,
        before=before,
        after=member.role,
    )
    db.session.commit()
    flash(f"{member.username} no longer moderates {board.name}.", "success")
    return redirect(url_for("moderation.board", slug=board.slug))
