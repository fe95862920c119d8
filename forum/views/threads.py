"""Reading a thread as a conversation, replying, quoting, editing and deleting posts."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from forum import permissions, threads
from forum.conversation import is_valid_path, place
from forum.extensions import db
from forum.forms import EditPostForm, ReplyForm
from forum.hooks import moderator_scope
from forum.models import Post, Thread
from forum.posting import delete_post, edit_post, reply
from forum.rendering import quote_for_reply
from forum.text import parse_row_id
from forum.urls import post_url, thread_url
from forum.views.composer import handle_composer

bp = Blueprint("threads", __name__)
PAGE_CURSORS = ("start", "after", "before")


def thread_or_404(thread_id: int, *, with_answer: bool = False) -> Thread:
    thread = threads.readable_thread(thread_id, current_user, with_answer=with_answer)
    if thread is None:
        abort(404, description="This thread does not exist or is not available.")
    return thread


def post_or_404(post_id: int) -> Post:
    post = threads.readable_post(post_id, current_user)
    if post is None:
        abort(404, description="This post does not exist or is not available.")
    return post


@bp.get("/t/<id:thread_id>")
@bp.get("/t/<id:thread_id>/<slug>")
def show(thread_id: int, slug: str | None = None):
    thread = thread_or_404(thread_id, with_answer=True)
    if slug != thread.slug:
        # Only the page cursors carry over: other names would reach url_for as its own options.
        kept = {key: request.args[key] for key in PAGE_CURSORS if key in request.args}
        return redirect(thread_url(thread, **kept), code=301)
    cursors = {key: request.args.get(key) for key in PAGE_CURSORS}
    if any(value is not None and not is_valid_path(value) for value in cursors.values()):
        abort(400, description="That page link is not valid.")
    page = threads.conversation_page(
        thread, current_user, per_page=current_app.config["POSTS_PER_PAGE"], **cursors
    )
    scope = moderator_scope(current_user)
    # Forms carry a CSRF token, which starts a session: only build one for members who can reply.
    can_reply = permissions.can_reply(current_user, thread, scope)
    max_indent = current_app.config["MAX_REPLY_DEPTH"]
    entries = [
        {
            "post": post,
            "parent_author": parent_author,
            "author_role": role,
            "placement": place(post.depth, max_indent),
            "marked": bool(marked),
        }
        for post, parent_author, role, marked in page.rows
    ]
    answer, answer_href = _answer_link(thread, entries)
    return render_template(
        "threads/show.html",
        thread=thread,
        board=thread.board,
        entries=entries,
        answer=answer,
        answer_href=answer_href,
        earlier=page.rows[0][0].path if page.has_earlier and page.rows else None,
        later=page.rows[-1][0].path if page.has_later and page.rows else None,
        reply_form=ReplyForm(formdata=None) if can_reply else None,
        can_reply=can_reply,
        # Whether the reader moderates this thread's board: held and removed posts, mod tools.
        moderating=scope.covers(thread.board_id),
        permissions=permissions,
    )


def _answer_link(thread: Thread, entries: list[dict]) -> tuple[Post | None, str | None]:
    """The thread's answer while everyone can read it, and a link to it."""
    answer = thread.answer_post
    if answer is None or not answer.is_visible:
        return None, None
    # Straight to the anchor when it is on this page; otherwise /p/<id> finds its page.
    if any(entry["post"].id == answer.id for entry in entries):
        return answer, f"#p{answer.id}"
    return answer, url_for("threads.locate", post_id=answer.id)


@bp.get("/p/<id:post_id>")
def locate(post_id: int):
    return redirect(post_url(post_or_404(post_id)))


@bp.route("/t/<id:thread_id>/reply", methods=["GET", "POST"])
@login_required
def reply_to(thread_id: int):
    thread = thread_or_404(thread_id)
    if not permissions.can_reply(current_user, thread, moderator_scope(current_user)):
        abort(403, description="This thread is locked: it takes no new replies.")
    form = ReplyForm()
    parent = _reply_parent(thread, request.values.get("to") or form.parent_id.data)
    if request.method == "GET":
        form.parent_id.data = str(parent.id) if parent else ""
        if parent and request.args.get("quote"):
            form.body.data = quote_for_reply(parent.author_name, parent.body_source)
    return handle_composer(
        form,
        lambda: reply(thread, author=current_user, body=form.body.data, parent=parent),
        done=post_url,
        published="Your reply is posted.",
        held="Your reply is saved.",
        template="threads/reply.html",
        thread=thread,
        parent=parent,
    )


def _reply_parent(thread: Thread, raw_id: str | None) -> Post | None:
    if not raw_id:
        return None
    parent_id = parse_row_id(raw_id)
    if parent_id is None:
        abort(400, description="That reply link is not valid.")
    parent = db.session.get(Post, parent_id)
    if parent is None or parent.thread_id != thread.id:
        abort(404, description="The post you are replying to does not exist in this thread.")
    if not permissions.can_reply_to_post(current_user, parent, moderator_scope(current_user)):
        abort(403, description="That post cannot be replied to.")
    return parent


@bp.route("/p/<id:post_id>/edit", methods=["GET", "POST"])
@login_required
def edit(post_id: int):
    post = post_or_404(post_id)
    if not permissions.can_edit_post(current_user, post):
        abort(403, description="You can only edit your own posts.")
    form = EditPostForm(data={"body": post.body_source, "title": post.thread.title})
    return handle_composer(
        form,
        lambda: (
            post,
            edit_post(post, by=current_user, body=form.body.data, title=form.title.data),
        ),
        done=post_url,
        published="Your changes are saved.",
        held="Your changes are saved.",
        template="threads/edit.html",
        post=post,
        thread=post.thread,
    )


@bp.get("/p/<id:post_id>/delete")
@login_required
def confirm_delete(post_id: int):
    post = _deletable_post(post_id)
    return render_template("threads/delete.html", post=post)


def _deletable_post(post_id: int) -> Post:
    post = post_or_404(post_id)
    if not permissions.can_delete_post(current_user, post):
        abort(403, description="You can only delete your own posts.")
    return post


@bp.post("/p/<id:post_id>/delete")
@login_required
def delete(post_id: int):
    post = _deletable_post(post_id)
    delete_post(post, by=current_user)
    db.session.commit()
    flash("Your post is deleted. Replies to it stay in place.", "info")
    return redirect(post_url(post))
