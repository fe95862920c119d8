"""Which posts a reader sees in a thread, as a SQL condition shared by every page that lists them."""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_

from forum.models import Post, PostStatus


def readable_posts(viewer) -> ColumnElement[bool]:
    """Visible and removed posts for everyone (removed ones as placeholders); held ones for their author."""
    shown = [Post.status != PostStatus.PENDING]
    if viewer is not None and viewer.is_authenticated:
        shown.append(Post.author_id == viewer.id)
        if viewer.is_moderator:
            shown.append(Post.status == PostStatus.PENDING)
    return or_(*shown)
