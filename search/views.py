"""The search page."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import Blueprint, current_app, render_template, request

from forum.extensions import db
from forum.models import Board
from search.documents import visible_post_ids
from search.index_store import IndexUnavailable
from search.query import parse_query
from search.searching import Filters, run_search

bp = Blueprint("search", __name__, template_folder="templates")
PER_PAGE = 10
MAX_PAGE = 30


def _date(value: str | None) -> datetime | None:
    try:
        return datetime.strptime(value, "%Y-%m-%d") if value else None
    except ValueError:
        return None


def _page() -> int:
    raw = request.args.get("page", "1")
    return (
        min(max(int(raw), 1), MAX_PAGE) if raw.isascii() and raw.isdigit() and len(raw) < 4 else 1
    )


@bp.get("/search")
def search():
    raw = request.args.get("q", "")
    parsed = parse_query(raw)
    boards = db.session.scalars(db.select(Board).order_by(Board.position, Board.name)).all()
    slugs = {board.slug: board for board in boards}
    board_slug = request.args.get("board") or parsed.board
    if board_slug and board_slug not in slugs:
        parsed.notes.append("There is no board by that name, so all boards were searched.")
        board_slug = None
    until = _date(request.args.get("until"))
    filters = Filters(
        board=board_slug,
        author=request.args.get("author", "").strip().lower()[:30] or parsed.author,
        since=_date(request.args.get("since")),
        # The whole of the last day; the last day there is has no day after it.
        until=until + timedelta(days=1)
        if until and until < datetime.max - timedelta(days=1)
        else None,
        tips_only=request.args.get("tips") == "1",
    )
    newest = request.args.get("sort") == "newest"
    page = _page()
    context = {
        "q": raw[:2000],
        "parsed": parsed,
        "boards": boards,
        "filters": filters,
        "newest": newest,
        "page": page,
        "per_page": PER_PAGE,
        "results": None,
        "unavailable": False,
        "since": request.args.get("since", ""),
        "until": request.args.get("until", ""),
        "board_names": {b.slug: b.name for b in boards},
    }
    if not parsed.is_empty:
        try:
            context["results"] = run_search(
                current_app.config["INDEX_DIR"],
                parsed,
                filters,
                newest_first=newest,
                page=page,
                per_page=PER_PAGE,
                still_searchable=lambda ids: set(visible_post_ids(db.session, ids)),
                # "Search instead for" the words as typed turns correction off.
                correct=request.args.get("exact") != "1",
                cached=current_app.config.get("SEARCH_RESULT_CACHE", True),
            )
        except IndexUnavailable:
            context["unavailable"] = True
            return render_template("search/search.html", **context), 503
    return render_template("search/search.html", **context)
