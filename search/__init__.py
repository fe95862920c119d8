"""Full-text search over shared advice, with a Whoosh index derived from the database."""

from __future__ import annotations

from flask import Blueprint, Flask

from forum.hooks import changes_committed, post_changed, register_similar_threads

bp = Blueprint("search", __name__, template_folder="templates")

from search import models, views  # noqa: E402, F401  (tables and routes register themselves)
from search.cli import search_cli  # noqa: E402
from search.outbox import drain_after_commit, enqueue  # noqa: E402
from search.similar import similar_threads  # noqa: E402


def init_app(app: Flask) -> None:
    app.config.setdefault("SEARCH_INLINE_INDEXING", True)
    post_changed.connect(enqueue, sender=app)
    changes_committed.connect(drain_after_commit, sender=app)
    register_similar_threads(app, similar_threads)
    app.cli.add_command(search_cli)
    app.register_blueprint(bp)
