"""The list of condition boards, a board's threads, joining boards, starting threads."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from forum import boards
from forum.extensions import db
from forum.forms import ThreadForm
from forum.hooks import similar_threads
from forum.models import Board, Thread
from forum.paging import ActivityCursor
from forum.posting import start_thread
from forum.urls import safe_local_path, thread_url
from forum.views.composer import handle_composer, wants_preview

bp = Blueprint("boards", __name__)


def board_or_404(slug: str) -> Board:
    board = boards.board_by_slug(slug)
    if board is None:
        abort(404, description="There is no board at this address.")
    return board


@bp.get("/")
def index():
    joined = boards.joined_board_ids(current_user)
    return render_template("boards/index.html", rows=boards.board_overview(joined), joined=joined)


@bp.get("/b/<slug>")
def show(slug: str):
    board = board_or_404(slug)
    page = boards.threads_page(
        board,
        per_page=current_app.config["THREADS_PER_PAGE"],
        older_than=ActivityCursor.decode(request.args.get("after")),
        newer_than=ActivityCursor.decode(request.args.get("before")),
    )
    threads = [thread for (thread,) in page.rows]
    return render_template(
        "boards/show.html",
        board=board,
        pinned=[] if page.has_earlier else boards.pinned_threads(board),
        threads=threads,
        older=_cursor(threads[-1]) if page.has_later and threads else None,
        newer=_cursor(threads[0]) if page.has_earlier and threads else None,
        is_member=board.id in boards.joined_board_ids(current_user),
    )


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
    boards.join_board(current_user, board)
    db.session.commit()
    flash(f"You joined {board.name}. It is listed first on your boards page.", "success")
    return redirect(
        safe_local_path(request.form.get("next"), url_for("boards.show", slug=board.slug))
    )


@bp.post("/b/<slug>/leave")
@login_required
def leave(slug: str):
    board = board_or_404(slug)
    boards.leave_board(current_user, board)
    db.session.commit()
    flash(f"You left {board.name}.", "info")
    return redirect(
        safe_local_path(request.form.get("next"), url_for("boards.show", slug=board.slug))
    )
