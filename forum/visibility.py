"""Which posts a reader sees in a thread, as a SQL condition shared by every page that lists them."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, or_, select

from forum.hooks import moderator_scope
from forum.models import Post, PostStatus, Thread


def readable_posts(viewer) -> ColumnElement[bool]:
    """Visible and removed posts for everyone (removed ones as placeholders); held ones for
    their author and for the moderators of the post's board."""
    shown = [Post.status != PostStatus.PENDING]
    if viewer is not None and viewer.is_authenticated:
        shown.append(Post.author_id == viewer.id)
        scope = moderator_scope(viewer)
        if scope.everywhere:
            shown.append(Post.status == PostStatus.PENDING)
        elif scope.boards:
            # Posts carry no board: their thread's decides, inside the same statement.
            their_threads = select(Thread.id).where(Thread.board_id.in_(sorted(scope.boards)))
            shown.append(and_(Post.status == PostStatus.PENDING, Post.thread_id.in_(their_threads)))
    return or_(*shown)
