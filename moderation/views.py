"""Moderation pages: the queue and its decisions, thread and member actions, the log, flags, notices."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from forum.clock import utcnow
from forum.extensions import db
from forum.hooks import moderator_scope
from forum.models import Board, Member, Post, PostStatus, Thread
from forum.permissions import can_see_post, can_see_thread
from forum.text import parse_row_id
from forum.urls import post_url, safe_local_path, thread_url
from moderation import bp
from moderation.decisions import (
    AlreadyDecided,
    approve,
    edit_and_approve,
    lock_thread,
    move_thread_to,
    pin_thread,
    reinstate,
    remove,
    restore,
    set_always_held,
    silence,
    suspend,
)
from moderation.flags import SOMETHING_ELSE, FlagRefused, flag_post, guideline_choices
from moderation.forms import (
    DecisionForm,
    EditApproveForm,
    FlagForm,
    MoveForm,
    RemoveForm,
    SanctionForm,
)
from moderation.models import ItemStatus, LogEntry, QueueItem, QueueReason
from moderation.queue import describe_wait, queue_figures, queue_page
from moderation.scope import (
    boards_for,
    has_posted_on,
    require_admin,
    require_board,
    require_moderator,
)
from moderation.standing import standing_of


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
def home():
    require_moderator()
    return redirect(url_for("moderation.queue"))


@bp.get("/mod/queue")
@login_required
def queue():
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
    return render_template(
        "moderation/queue.html",
        entries=entries,
        figures=figures,
        describe_wait=describe_wait,
        boards=choices,
        status=status,
        reason=reason,
        board=board,
        next_cursor=next_cursor,
        reasons=list(QueueReason),
        statuses=list(ItemStatus),
        move_boards=choices,
        guidelines={e.item.id: guideline_choices(e.board) for e in entries},
    )


def _item_or_404(item_id: int) -> QueueItem:
    item = db.session.get(QueueItem, item_id)
    if item is None:
        abort(404, description="There is no such queue item.")
    # The post's board now, not where the item was filed: a thread may have moved since.
    require_board(item.post.thread.board_id)
    if item.admin_only:
        require_admin()
    return item


def _decided(action, item: QueueItem, **kwargs):
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


def _back() -> str:
    return safe_local_path(request.form.get("next"), url_for("moderation.queue"))


@bp.post("/mod/items/<id:item_id>/approve")
@login_required
def approve_item(item_id: int):
    item = _item_or_404(item_id)
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
def remove_item(item_id: int):
    item = _item_or_404(item_id)
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
def edit_item(item_id: int):
    item = _item_or_404(item_id)
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


def _thread_for_action(thread_id: int) -> Thread:
    thread = db.session.get(Thread, thread_id)
    if thread is None:
        abort(404, description="There is no such thread.")
    require_board(thread.board_id)
    return thread


def _set_thread_flag(thread_id: int, field: str, apply, said: tuple[str, str]):
    """Lock/unlock or pin/unpin from a form field of "1" or "0", logged with the reason given."""
    thread = _thread_for_action(thread_id)
    on = request.form.get(field) == "1"
    apply(thread, by=current_user, reason=request.form.get("reason", "")[:500], **{field: on})
    db.session.commit()
    flash(said[0] if on else said[1], "success")
    return redirect(safe_local_path(request.form.get("next"), thread_url(thread)))


@bp.post("/mod/threads/<id:thread_id>/lock")
@login_required
def toggle_lock(thread_id: int):
    return _set_thread_flag(
        thread_id, "locked", lock_thread, ("Thread locked.", "Thread unlocked.")
    )


@bp.post("/mod/threads/<id:thread_id>/pin")
@login_required
def toggle_pin(thread_id: int):
    return _set_thread_flag(thread_id, "pinned", pin_thread, ("Thread pinned.", "Thread unpinned."))


@bp.post("/mod/threads/<id:thread_id>/move")
@login_required
def move(thread_id: int):
    thread = _thread_for_action(thread_id)
    boards = require_moderator()
    form = MoveForm()
    form.board.choices = [b.slug for b in boards_for(boards)]
    if not form.validate():
        abort(400, description="Choose a board you moderate.")
    target = db.session.scalar(db.select(Board).where(Board.slug == form.board.data))
    move_thread_to(thread, target, by=current_user, reason=form.reason.data or "")
    db.session.commit()
    flash(f"Thread moved to {target.name}.", "success")
    return redirect(safe_local_path(request.form.get("next"), thread_url(thread)))


@bp.post("/mod/posts/<id:post_id>/restore")
@login_required
def restore_post(post_id: int):
    post = db.session.get(Post, post_id)
    if post is None or post.status != PostStatus.REMOVED:
        abort(404, description="There is no removed post with that number.")
    require_board(post.thread.board_id)
    if post.author_id == current_user.id and not current_user.is_admin:
        # Flags on a moderator's own posts are decided by administrators, and so is this.
        abort(403, description="An administrator decides about your own posts.")
    restore(post, by=current_user, note=request.form.get("note", "")[:500])
    db.session.commit()
    flash("Post restored.", "success")
    return redirect(post_url(post))


def _subject_in_scope(member_id: int) -> tuple[Member, set[int] | None]:
    """The member a moderator may look at and sanction, with the moderator's boards.

    Administrators act on anyone but themselves. A board moderator acts only on members who
    posted on a board they moderate, and never on moderators' accounts. A member outside that
    scope answers 403, as a thread on a board they do not moderate does: members are public
    (/u/<name>), so a 404 would hide nothing, and the moderator is told why. 404 is kept for
    ids that name no member.
    """
    boards = require_moderator()
    member = db.session.get(Member, member_id)
    if member is None:
        abort(404, description="There is no such member.")
    if member.is_moderator and not current_user.is_admin:
        abort(403, description="Only administrators can act on moderators' accounts.")
    if member.id == current_user.id:
        abort(403, description="You cannot apply a sanction to yourself.")
    if not has_posted_on(member, boards):
        abort(403, description="You can only act on members who posted on a board you moderate.")
    return member, boards


def _member_page(subject: Member, boards: set[int] | None, form: SanctionForm, status: int = 200):
    """The member's standing and history: a board moderator sees their boards' entries only.

    Entries of other boards, and site-wide ones by others, would tell them where else the member
    posts, and on a health forum that is health information. Their own actions on the member
    (sanctions are site-wide entries) stay visible to them.
    """
    query = db.select(LogEntry).where(LogEntry.subject_id == subject.id)
    if boards is not None:
        query = query.where(
            LogEntry.board_id.in_(sorted(boards)) | (LogEntry.actor_id == current_user.id)
        )
    entries = db.session.scalars(query.order_by(LogEntry.id.desc()).limit(50)).all()
    page = render_template(
        "moderation/member.html",
        subject=subject,
        standing=standing_of(subject),
        entries=entries,
        form=form,
    )
    return page, status


@bp.route("/mod/members/<id:member_id>", methods=["GET"])
@login_required
def member(member_id: int):
    subject, boards = _subject_in_scope(member_id)
    return _member_page(subject, boards, SanctionForm(formdata=None))


def _sanction(member_id: int, apply, success: str):
    subject, boards = _subject_in_scope(member_id)
    form = SanctionForm()
    if not form.validate():
        return _member_page(subject, boards, form, 400)
    until = utcnow() + timedelta(days=form.days.data) if form.days.data else None
    apply(subject, until, form.reason.data)
    db.session.commit()
    flash(success, "success")
    return redirect(url_for("moderation.member", member_id=subject.id))


@bp.post("/mod/members/<id:member_id>/silence")
@login_required
def silence_member(member_id: int):
    def apply(subject, until, reason):
        silence(
            subject, by=current_user, until=until or utcnow() + timedelta(days=7), reason=reason
        )

    return _sanction(member_id, apply, "The member is silenced and has been told why.")


@bp.post("/mod/members/<id:member_id>/suspend")
@login_required
def suspend_member(member_id: int):
    def apply(subject, until, reason):
        suspend(subject, by=current_user, until=until, reason=reason)

    return _sanction(member_id, apply, "The member is suspended and will be told why at login.")


@bp.post("/mod/members/<id:member_id>/hold")
@login_required
def hold_member(member_id: int):
    held = request.form.get("held", "1") == "1"

    def apply(subject, until, reason):
        set_always_held(subject, by=current_user, held=held, reason=reason)

    return _sanction(
        member_id,
        apply,
        "Their posts will be reviewed first."
        if held
        else "Their posts appear without review again.",
    )


@bp.post("/mod/members/<id:member_id>/reinstate")
@login_required
def reinstate_member(member_id: int):
    def apply(subject, until, reason):
        reinstate(subject, by=current_user, reason=reason)

    return _sanction(member_id, apply, "Suspension and silence lifted.")


@bp.get("/mod/log")
@login_required
def log():
    boards = require_moderator()
    query = db.select(LogEntry).order_by(LogEntry.id.desc())
    if boards is not None:
        # Entries with no board (sanctions, site-wide rules) can name a member and a reason
        # about their health: a board moderator sees only those they wrote themselves.
        query = query.where(
            LogEntry.board_id.in_(boards)
            | (LogEntry.board_id.is_(None) & (LogEntry.actor_id == current_user.id))
        )
    before = parse_row_id(request.args.get("before"))
    if before:
        query = query.where(LogEntry.id < before)
    entries = db.session.scalars(query.limit(51)).all()
    more = len(entries) > 50
    entries = entries[:50]
    return render_template(
        "moderation/log.html", entries=entries, older=entries[-1].id if more else None
    )


@bp.route("/flag/<id:post_id>", methods=["GET", "POST"])
@login_required
def flag(post_id: int):
    post = db.session.get(Post, post_id)
    scope = moderator_scope(current_user)
    # The thread too: a visible reply in a thread held for review must not be read through here.
    if (
        post is None
        or post.is_deleted
        or not can_see_post(current_user, post, scope)
        or not can_see_thread(current_user, post.thread, scope)
    ):
        abort(404, description="This post does not exist or is not available.")
    form = FlagForm()
    form.guideline.choices = guideline_choices(post.thread.board)
    status = 200
    if form.validate_on_submit():
        if form.guideline.data == SOMETHING_ELSE and not (form.note.data or "").strip():
            form.note.errors.append(
                "Please say briefly what is wrong, so moderators can act on it."
            )
        else:
            try:
                flag_post(
                    post, by=current_user, guideline=form.guideline.data, note=form.note.data or ""
                )
            except FlagRefused as refused:
                db.session.rollback()
                form.guideline.errors.append(refused.message)
                status = refused.status
            else:
                db.session.commit()
                flash(
                    "Thank you for flagging this post. A moderator will look at it, and we will let you know.",
                    "success",
                )
                return redirect(post_url(post))
    if form.errors and status == 200:
        status = 400
    return render_template("moderation/flag.html", post=post, form=form), status
