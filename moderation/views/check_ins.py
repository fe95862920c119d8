"""Reaching out privately: from a crisis or held item, a moderator writes to the member."""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from forum import private_messages
from forum.extensions import db
from forum.forms import CheckInForm
from moderation.views import bp
from moderation.views.queue import item_or_404

# A gentle start the moderator edits: the member should hear warmth first, not procedure.
OPENING = (
    "Hi {name}, I'm one of the moderators of {board}. I read your post and wanted to check in "
    "with you privately. How are you doing right now?\n\n"
    "If you are thinking about ending your life or are in danger, please call your local "
    "emergency number or a crisis line now (in the UK and Ireland, Samaritans on 116 123; "
    "in the US, 988)."
)


@bp.route("/mod/items/<id:item_id>/check-in", methods=["GET", "POST"])
@login_required
def check_in(item_id: int) -> ResponseReturnValue:
    item = item_or_404(item_id)
    post = item.post
    if post.author is None:
        abort(404, description="The author of this post no longer has an account.")
    board = post.thread.board
    form = CheckInForm(
        data={
            "subject": f"Checking in about your post in “{post.thread.title}”"[:150],
            "body": OPENING.format(name=post.author_name, board=board.name),
        }
    )
    if form.validate_on_submit():
        conversation = private_messages.start_check_in(
            post.author, board, by=current_user, subject=form.subject.data,
            body=form.body.data, post=post,
        )
        db.session.commit()
        return redirect(url_for("messages.show", conversation_id=conversation.id))
    status = 400 if form.errors else 200
    return render_template("moderation/check_in.html", item=item, form=form), status
