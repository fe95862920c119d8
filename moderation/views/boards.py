"""Board settings: guidelines, moderator assignments and new boards, each change in the moderation log."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from forum.accounts import find_member
from forum.extensions import db
from forum.models import Board, Member
from moderation.administration import (
    Refused,
    add_board,
    assign_moderator,
    unassign_moderator,
    update_guidelines,
)
from moderation.forms import BoardForm, GuidelinesForm, ModeratorForm
from moderation.models import BoardModerator
from moderation.scope import boards_for, require_admin, require_board, require_moderator
from moderation.views import bp
from moderation.views.common import board_or_404


def _board_url(board: Board) -> str:
    return url_for("moderation.board", slug=board.slug)


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
) -> ResponseReturnValue:
    return render_template(
        "moderation/board.html",
        board=board,
        guidelines_form=guidelines_form
        or GuidelinesForm(formdata=None, data={"guidelines": board.guidelines_source}),
        moderator_form=moderator_form or ModeratorForm(formdata=None),
        moderators=_moderators_of(board),
    ), status


def _boards_page(form: BoardForm | None = None, status: int = 200) -> ResponseReturnValue:
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
def boards() -> ResponseReturnValue:
    return _boards_page()


@bp.post("/mod/boards")
@login_required
def create_board_page() -> ResponseReturnValue:
    require_admin()
    form = BoardForm()
    if form.validate():
        try:
            board = add_board(
                form.name.data,
                address=form.slug.data or "",
                description=form.description.data or "",
                guidelines=form.guidelines.data or "",
                by=current_user,
            )
        except Refused as refused:
            form.slug.errors.append(refused.message)
        else:
            db.session.commit()
            flash(f"Board {board.name} created. Now add its moderators.", "success")
            return redirect(_board_url(board))
    return _boards_page(form, 400)


@bp.get("/mod/boards/<slug>")
@login_required
def board(slug: str) -> ResponseReturnValue:
    board = board_or_404(slug)
    require_board(board.id)
    return _board_page(board)


@bp.post("/mod/boards/<slug>/guidelines")
@login_required
def edit_guidelines(slug: str) -> ResponseReturnValue:
    board = board_or_404(slug)
    require_board(board.id)
    form = GuidelinesForm()
    if not form.validate():
        return _board_page(board, guidelines_form=form, status=400)
    if not update_guidelines(board, form.guidelines.data or "", by=current_user):
        flash("The guidelines are unchanged.", "info")
        return redirect(_board_url(board))
    db.session.commit()
    flash(f"The guidelines of {board.name} are saved.", "success")
    return redirect(_board_url(board))


@bp.post("/mod/boards/<slug>/moderators")
@login_required
def add_moderator(slug: str) -> ResponseReturnValue:
    board = board_or_404(slug)
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
    if not assign_moderator(board, member, by=current_user):
        flash(f"{member.username} already moderates {board.name}.", "info")
        return redirect(_board_url(board))
    db.session.commit()
    flash(f"{member.username} now moderates {board.name}.", "success")
    return redirect(_board_url(board))


@bp.post("/mod/boards/<slug>/moderators/<id:member_id>/remove")
@login_required
def remove_moderator(slug: str, member_id: int) -> ResponseReturnValue:
    board = board_or_404(slug)
    require_admin()
    link = db.session.get(BoardModerator, (board.id, member_id))
    if link is None:
        abort(404, description="That member does not moderate this board.")
    member = link.member
    unassign_moderator(board, member, by=current_user)
    db.session.commit()
    flash(f"{member.username} no longer moderates {board.name}.", "success")
    return redirect(_board_url(board))
