"""Private check-in conversations: read one, answer it."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from forum import private_messages
from forum.extensions import db
from forum.forms import PrivateMessageForm
from forum.models import PrivateConversation

bp = Blueprint("messages", __name__)


def conversation_or_404(conversation_id: int) -> PrivateConversation:
    conversation = db.session.get(PrivateConversation, conversation_id)
    # Someone else's conversation is as absent as one that never was.
    if conversation is None or not private_messages.can_read(conversation, current_user):
        abort(404, description="There is no such conversation.")
    return conversation


def _page(conversation: PrivateConversation, form: PrivateMessageForm, status: int = 200):
    page = render_template(
        "messages/conversation.html",
        conversation=conversation,
        messages=private_messages.messages_of(conversation),
        form=form,
    )
    return page, status


@bp.get("/messages/<id:conversation_id>")
@login_required
def show(conversation_id: int):
    conversation = conversation_or_404(conversation_id)
    return _page(conversation, PrivateMessageForm(formdata=None))


@bp.post("/messages/<id:conversation_id>/reply")
@login_required
def reply(conversation_id: int):
    conversation = conversation_or_404(conversation_id)
    form = PrivateMessageForm()
    if not form.validate_on_submit():
        return _page(conversation, form, 400)
    message = private_messages.answer(conversation, by=current_user, body=form.body.data)
    db.session.commit()
    flash("Your message is sent. Only you and the board's moderators can read it.", "success")
    return redirect(
        url_for("messages.show", conversation_id=conversation.id, _anchor=f"m{message.id}")
    )
