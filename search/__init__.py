"""Full-text search over shared advice, with a Whoosh index derived from the database."""

from __future__ import annotations

from flask import Flask

from forum.hooks import changes_committed, post_changed, register_similar_threads, register_slot


def init_app(app: Flask) -> None:
    """Register search's tables, routes, commands and hooks; nothing is set up on import."""
    from search import models  # noqa: F401  (the outbox table joins the metadata)
    from search.cli import search_cli
    from search.outbox import drain_after_commit, enqueue
    from search.similar import similar_threads
    from search.views import bp

    app.config.setdefault("SEARCH_INLINE_INDEXING", True)
    post_changed.connect(enqueue, sender=app)
    changes_committed.connect(drain_after_commit, sender=app)
    register_similar_threads(app, similar_threads)
    app.cli.add_command(search_cli)
    app.register_blueprint(bp)
    register_slot(app, "header_search", "search/_header_search.html")
