"""The flag page: a member tells moderators which guideline a post breaks."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from forum.extensions import db
from forum.hooks import moderator_scope
from forum.models import Post
from forum.permissions import can_see_post, can_see_thread
from forum.urls import post_url
from moderation.flags import SOMETHING_ELSE, FlagRefused, flag_post, guideline_choices
from moderation.forms import FlagForm
from moderation.views import bp


@bp.route("/flag/<id:post_id>", methods=["GET", "POST"])
@login_required
def flag(post_id: int) -> ResponseReturnValue:
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
