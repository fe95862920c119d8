"""A member as moderators see them: their standing and history, and the sanctions to apply."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from forum.clock import utcnow
from forum.extensions import db
from forum.models import Member
from moderation.decisions import reinstate, set_always_held, silence, suspend
from moderation.forms import SanctionForm
from moderation.models import LogEntry
from moderation.scope import has_posted_on, require_moderator
from moderation.standing import standing_of
from moderation.views import bp

# Applies one sanction to the member: (subject, until or None, reason).
Sanction = Callable[[Member, datetime | None, str], None]


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


def _member_page(
    subject: Member, boards: set[int] | None, form: SanctionForm, status: int = 200
) -> ResponseReturnValue:
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
def member(member_id: int) -> ResponseReturnValue:
    subject, boards = _subject_in_scope(member_id)
    return _member_page(subject, boards, SanctionForm(formdata=None))


def _sanction(member_id: int, apply: Sanction, success: str) -> ResponseReturnValue:
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
def silence_member(member_id: int) -> ResponseReturnValue:
    def apply(subject: Member, until: datetime | None, reason: str) -> None:
        silence(
            subject, by=current_user, until=until or utcnow() + timedelta(days=7), reason=reason
        )

    return _sanction(member_id, apply, "The member is silenced and has been told why.")


@bp.post("/mod/members/<id:member_id>/suspend")
@login_required
def suspend_member(member_id: int) -> ResponseReturnValue:
    def apply(subject: Member, until: datetime | None, reason: str) -> None:
        suspend(subject, by=current_user, until=until, reason=reason)

    return _sanction(member_id, apply, "The member is suspended and will be told why at login.")


@bp.post("/mod/members/<id:member_id>/hold")
@login_required
def hold_member(member_id: int) -> ResponseReturnValue:
    held = request.form.get("held", "1") == "1"

    def apply(subject: Member, until: datetime | None, reason: str) -> None:
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
def reinstate_member(member_id: int) -> ResponseReturnValue:
    def apply(subject: Member, until: datetime | None, reason: str) -> None:
        reinstate(subject, by=current_user, reason=reason)

    return _sanction(member_id, apply, "Suspension and silence lifted.")
