"""Board settings: guidelines, moderator assignments and new boards, each change in the moderation log."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError

from forum.accounts import find_member
from forum.extensions import db
from forum.models import Board, Member, Role
from forum.rendering import render_markdown
from forum.seeding import create_board
from forum.slugs import slugify
from moderation.audit import audit
from moderation.forms import BoardForm, GuidelinesForm, ModeratorForm
from moderation.models import BoardModerator
from moderation.scope import boards_for, require_admin, require_board, require_moderator
from moderation.views import bp
from moderation.views.common import board_or_404


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
    board = board_or_404(slug)
    require_board(board.id)
    return _board_page(board)


@bp.post("/mod/boards/<slug>/guidelines")
@login_required
def edit_guidelines(slug: str):
    board = board_or_404(slug)
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
    board = board_or_404(slug)
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
