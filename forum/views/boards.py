"""The list of condition boards, a board's threads, joining boards, starting threads."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import and_
from sqlalchemy.orm import aliased

from forum.extensions import db
from forum.forms import ThreadForm
from forum.hooks import similar_threads
from forum.listing import keyset_page
from forum.models import Board, Membership, Thread
from forum.paging import ActivityCursor
from forum.posting import start_thread
from forum.urls import safe_local_path, thread_url
from forum.views.composer import handle_composer, wants_preview

bp = Blueprint("boards", __name__)


def board_or_404(slug: str) -> Board:
    board = db.session.scalar(db.select(Board).where(Board.slug == slug))
    if board is None:
        abort(404, description="There is no board at this address.")
    return board


def joined_board_ids() -> set[int]:
    if not current_user.is_authenticated:
        return set()
    return set(
        db.session.scalars(
            db.select(Membership.board_id).where(Membership.member_id == current_user.id)
        )
    )


@bp.get("/")
def index():
    latest = aliased(Thread)
    rows = db.session.execute(
        db.select(Board, latest.title, latest.id, latest.slug)
        .outerjoin(latest, and_(latest.id == Board.last_thread_id, latest.is_public))
        .order_by(Board.position, Board.name)
    ).all()
    joined = joined_board_ids()
    rows.sort(key=lambda row: row[0].id not in joined)
    return render_template("boards/index.html", rows=rows, joined=joined)


@bp.get("/b/<slug>")
def show(slug: str):
    board = board_or_404(slug)
    older_than = ActivityCursor.decode(request.args.get("after"))
    newer_than = ActivityCursor.decode(request.args.get("before"))
    page = keyset_page(
        db.select(Thread).where(Thread.board_id == board.id, Thread.is_public, ~Thread.pinned),
        [Thread.last_activity_at, Thread.id],
        per_page=current_app.config["THREADS_PER_PAGE"],
        descending=True,
        after=(older_than.at, older_than.id) if older_than else None,
        before=(newer_than.at, newer_than.id) if newer_than else None,
    )
    threads = [thread for (thread,) in page.rows]
    return render_template(
        "boards/show.html",
        board=board,
        pinned=[] if page.has_earlier else pinned_threads(board),
        threads=threads,
        older=_cursor(threads[-1]) if page.has_later and threads else None,
        newer=_cursor(threads[0]) if page.has_earlier and threads else None,
        is_member=board.id in joined_board_ids(),
    )


def pinned_threads(board: Board) -> list[Thread]:
    """Pinned threads head the board's first page."""
    return db.session.scalars(
        db.select(Thread)
        .where(Thread.board_id == board.id, Thread.is_public, Thread.pinned)
        .order_by(Thread.last_activity_at.desc())
    ).all()


def _cursor(thread: Thread) -> str:
    return ActivityCursor(thread.last_activity_at, thread.id).encode()


@bp.route("/b/<slug>/new", methods=["GET", "POST"])
@login_required
def new_thread(slug: str):
    board = board_or_404(slug)
    form = ThreadForm()
    # On Preview, show threads like this one: the member may find their answer already there.
    similar = similar_threads(form.title.data or "") if wants_preview() else []
    return handle_composer(
        form,
        lambda: start_thread(
            board, author=current_user, title=form.title.data, body=form.body.data
        ),
        done=thread_url,
        published="Your thread is posted.",
        held="Your thread is saved.",
        template="boards/new_thread.html",
        board=board,
        similar=similar,
    )


@bp.post("/b/<slug>/join")
@login_required
def join(slug: str):
    board = board_or_404(slug)
    if db.session.get(Membership, (current_user.id, board.id)) is None:
        db.session.add(Membership(member_id=current_user.id, board_id=board.id))
        db.session.commit()
    flash(f"You joined {board.name}. It is listed first on your boards page.", "success")
    return redirect(
        safe_local_path(request.form.get("next"), url_for("boards.show", slug=board.slug))
    )


@bp.post("/b/<slug>/leave")
@login_required
def leave(slug: str):
    board = board_or_404(slug)
    membership = db.session.get(Membership, (current_user.id, board.id))
    if membership is not None:
        db.session.delete(membership)
        db.session.commit()
    flash(f"You left {board.name}.", "info")
    return redirect(
        safe_local_path(request.form.get("next"), url_for("boards.show", slug=board.slug))
    )
