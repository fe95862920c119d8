"""Addresses of threads and posts, and which redirect targets are safe."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, url_for
from flask_login import current_user

from forum.extensions import db
from forum.models import Post, Thread
from forum.visibility import readable_posts


def thread_url(thread: Thread, **params) -> str:
    return url_for("threads.show", thread_id=thread.id, slug=thread.slug, **params)


def post_url(post: Post) -> str:
    """The thread page that shows this post, scrolled to it."""
    earlier = db.session.scalar(
        db.select(db.func.count())
        .select_from(Post)
        .where(
            Post.thread_id == post.thread_id, Post.path < post.path, readable_posts(current_user)
        )
    )
    if earlier < current_app.config["POSTS_PER_PAGE"]:
        return thread_url(post.thread, _anchor=f"p{post.id}")
    return thread_url(post.thread, start=post.path, _anchor=f"p{post.id}")


def safe_local_path(target: str | None, default: str) -> str:
    """Only same-site paths: a crafted link must not bounce a member to another site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return default
