"""Threads as readers see them: finding a thread or post they may read, and a conversation page.

Shared by the HTML views, the plug-ins and a later JSON API; `viewer` is the member reading
(or an anonymous user), and nothing here writes.
"""

from __future__ import annotations

from sqlalchemy import and_, false
from sqlalchemy.orm import aliased, joinedload

from forum import permissions
from forum.extensions import db
from forum.hooks import moderator_scope
from forum.listing import Page, keyset_page
from forum.models import HelpfulMark, Member, Post, Thread
from forum.visibility import readable_posts


def readable_thread(thread_id: int, viewer, *, with_answer: bool = False) -> Thread | None:
    """The thread with its board, when this viewer may read it."""
    options = [joinedload(Thread.board)]
    if with_answer:
        # The chosen answer's author, for the line at the top of the page, in the same query.
        options.append(joinedload(Thread.answer_post))
    thread = db.session.get(Thread, thread_id, options=options)
    if thread is None or not permissions.can_see_thread(viewer, thread, moderator_scope(viewer)):
        return None
    return thread


def readable_post(post_id: int, viewer) -> Post | None:
    """The post with its thread and board, when this viewer may read it and its thread."""
    post = db.session.get(Post, post_id, options=[joinedload(Post.thread).joinedload(Thread.board)])
    return post if post is not None and can_read(post, viewer) else None


def can_read(post: Post, viewer) -> bool:
    """Whether the viewer may see this post and the thread it is in."""
    scope = moderator_scope(viewer)
    seen = permissions.can_see_post(viewer, post, scope)
    return seen and permissions.can_see_thread(viewer, post.thread, scope)


def conversation_page(
    thread: Thread,
    viewer,
    *,
    per_page: int,
    start: str | None = None,
    after: str | None = None,
    before: str | None = None,
) -> Page:
    """One page of the thread in reading order; one query whatever the thread's size.

    Rows are (post, parent's author, author's role, whether the reader marked it helpful).
    """
    parent = aliased(Post)
    query = (
        db.select(Post, parent.author_name, Member.role)
        .outerjoin(parent, parent.id == Post.parent_id)
        .outerjoin(Member, Member.id == Post.author_id)
        .where(Post.thread_id == thread.id, readable_posts(viewer))
    )
    if viewer is not None and viewer.is_authenticated:
        # The reader's own marks ride along with the page: a LEFT JOIN on the marks' primary
        # key (member_id, post_id) costs an index probe per row, and no extra query at all.
        mine = aliased(HelpfulMark)
        query = query.add_columns(mine.post_id.is_not(None)).outerjoin(
            mine, and_(mine.post_id == Post.id, mine.member_id == viewer.id)
        )
    else:
        query = query.add_columns(false())
    return keyset_page(
        query,
        [Post.path],
        per_page=per_page,
        after=(after,) if after else None,
        before=(before,) if before else None,
        start=(start,) if start else None,
    )
