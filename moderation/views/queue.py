"""The review queue: the queue page, approving, removing or editing one of its items, and the
detector review (what the automatic check got wrong)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from forum.extensions import db
from forum.text import parse_row_id
from moderation.decisions import AlreadyDecided, approve, edit_and_approve, remove
from moderation.flags import SOMETHING_ELSE, guideline_choices
from moderation.forms import DecisionForm, EditApproveForm, RemoveForm
from moderation.models import ItemStatus, QueueItem, QueueReason
from moderation.queue import Entry, describe_wait, queue_figures, queue_page
from moderation.review import WINDOW, detector_figures, detector_review
from moderation.scope import boards_for, require_admin, require_board, require_moderator
from moderation.views import bp
from moderation.views.common import back_to


def _queue_cursor(raw: str | None) -> tuple[int, datetime, int] | None:
    if not raw:
        return None
    try:
        priority, stamp, ident = raw.split("_")
        row_id = parse_row_id(ident)
        if priority not in ("0", "1") or row_id is None:
            raise ValueError(raw)
        return int(priority), datetime.strptime(stamp, "%Y%m%d%H%M%S%f"), row_id
    except ValueError:
        abort(400, description="That page link is not valid.")


@bp.get("/mod")
@login_required
def home() -> ResponseReturnValue:
    require_moderator()
    return redirect(url_for("moderation.queue"))


@bp.get("/mod/queue")
@login_required
def queue() -> ResponseReturnValue:
    boards = require_moderator()
    status = request.args.get("status", ItemStatus.OPEN)
    reason = request.args.get("reason") or None
    if status not in set(ItemStatus) or (reason and reason not in set(QueueReason)):
        abort(400, description="Unknown queue filter.")
    choices = boards_for(boards)
    slug = request.args.get("board") or None
    board = next((b for b in choices if b.slug == slug), None)
    if slug and board is None:
        abort(404, description="You do not moderate a board with that name.")
    entries, more = queue_page(
        boards,
        is_admin=current_user.is_admin,
        per_page=current_app.config["MODERATION_QUEUE_PAGE"],
        status=status,
        board_id=board.id if board else None,
        reason=reason,
        after=_queue_cursor(request.args.get("after")),
    )
    last = entries[-1].item if entries and more else None
    next_cursor = f"{last.priority}_{last.created_at:%Y%m%d%H%M%S%f}_{last.id}" if last else None
    figures = queue_figures(boards, is_admin=current_user.is_admin)
    guidelines = {e.item.id: guideline_choices(e.board) for e in entries}
    return render_template(
        "moderation/queue.html",
        entries=entries,
        figures=figures,
        detector=detector_figures(boards, is_admin=current_user.is_admin),
        window_days=WINDOW.days,
        describe_wait=describe_wait,
        boards=choices,
        status=status,
        reason=reason,
        board=board,
        next_cursor=next_cursor,
        reasons=list(QueueReason),
        statuses=list(ItemStatus),
        move_boards=choices,
        guidelines=guidelines,
        named_guideline={e.item.id: _named_guideline(e, guidelines[e.item.id]) for e in entries},
    )


@bp.get("/mod/review")
@login_required
def review() -> ResponseReturnValue:
    """What the detector got wrong in the last 30 days, on the boards the moderator looks after."""
    boards = require_moderator()
    choices = boards_for(boards)
    slug = request.args.get("board") or None
    board = next((b for b in choices if b.slug == slug), None)
    if slug and board is None:
        abort(404, description="You do not moderate a board with that name.")
    found = detector_review({board.id} if board else boards, is_admin=current_user.is_admin)
    return render_template(
        "moderation/review.html",
        review=found,
        boards=choices,
        board=board,
        window_days=WINDOW.days,
    )


def _named_guideline(entry: Entry, choices: list[str]) -> str:
    """The removal form's first choice: the guideline the findings name, else the one members
    flagged it under most, else the board's first.

    The findings' guidelines are the bold leads the checks know ("If you are in crisis, get help
    now."), which a board may word shorter or longer ("If you are in crisis,"), so a choice either
    one starts with counts. One the board does not list at all is "Something else".
    """
    named = [f.get("guideline", "") for f in entry.findings if f.get("guideline")]
    flagged = Counter(flag.guideline for flag in entry.flags if flag.guideline)
    for guideline in [*named, *(g for g, _ in flagged.most_common())]:
        wanted = _comparable(guideline)
        for choice in choices:
            have = _comparable(choice)
            if have and (wanted.startswith(have) or have.startswith(wanted)):
                return choice
    return SOMETHING_ELSE if named else choices[0]


def _comparable(guideline: str) -> str:
    return guideline.casefold().strip().rstrip(".,;:!?").strip()


def item_or_404(item_id: int) -> QueueItem:
    item = db.session.get(QueueItem, item_id)
    if item is None:
        abort(404, description="There is no such queue item.")
    # The post's board now, not where the item was filed: a thread may have moved since.
    require_board(item.post.thread.board_id)
    if item.admin_only:
        require_admin()
    return item


def _back() -> str:
    return back_to(url_for("moderation.queue"))


def _decided(action: Callable[..., None], item: QueueItem, **kwargs) -> Response | None:
    """Apply a decision once; a second moderator is told who got there first."""
    try:
        action(item, by=current_user, **kwargs)
    except AlreadyDecided as done:
        flash(
            f"This item was already handled ({done.item.status} by {done.item.decided_by_name}). Nothing was changed.",
            "info",
        )
        return redirect(_back())
    db.session.commit()
    return None


@bp.post("/mod/items/<id:item_id>/approve")
@login_required
def approve_item(item_id: int) -> ResponseReturnValue:
    item = item_or_404(item_id)
    form = DecisionForm()
    if not form.validate():
        abort(400, description="The note is too long.")
    answer = _decided(approve, item, note=form.note.data or "")
    if answer:
        return answer
    flash("Approved: the post is visible.", "success")
    return redirect(_back())


@bp.post("/mod/items/<id:item_id>/remove")
@login_required
def remove_item(item_id: int) -> ResponseReturnValue:
    item = item_or_404(item_id)
    form = RemoveForm()
    form.guideline.choices = guideline_choices(item.board)
    if not form.validate():
        abort(400, description="Choose the guideline the post breaks.")
    answer = _decided(remove, item, guideline=form.guideline.data, message=form.message.data or "")
    if answer:
        return answer
    flash("Removed: the author has been told which guideline it breaks.", "success")
    return redirect(_back())


@bp.route("/mod/items/<id:item_id>/edit", methods=["GET", "POST"])
@login_required
def edit_item(item_id: int) -> ResponseReturnValue:
    item = item_or_404(item_id)
    form = EditApproveForm(data={"body": item.post.body_source})
    if item.status != ItemStatus.OPEN:
        flash(f"This item was already handled ({item.status} by {item.decided_by_name}).", "info")
        return redirect(url_for("moderation.queue"))
    if form.validate_on_submit():
        answer = _decided(edit_and_approve, item, body=form.body.data, note=form.note.data or "")
        if answer:
            return answer
        flash("Edited and approved.", "success")
        return redirect(url_for("moderation.queue"))
    status = 400 if form.errors else 200
    return render_template("moderation/edit.html", item=item, form=form), status
