"""Moderation: guidelines enforced before publishing, flags, the review queue and its audit log."""

from __future__ import annotations

from flask import Blueprint, Flask
from flask_login import current_user

from forum.hooks import post_changed, register_moderator_scope, register_publish_check

bp = Blueprint(
    "moderation",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/mod/static",
)

from moderation import board_admin, models, rule_admin, views  # noqa: E402, F401  (tables and routes register themselves)
from moderation.checks import moderate, on_post_changed  # noqa: E402
from moderation.scope import assigned_board_ids, boards_for, moderated_board_ids  # noqa: E402
from moderation.settings import apply_defaults  # noqa: E402
from moderation.slots import register_slots  # noqa: E402


def init_app(app: Flask) -> None:
    apply_defaults(app)
    register_publish_check(app, moderate)
    # The core asks which boards a member moderates through this, once per request.
    register_moderator_scope(app, assigned_board_ids)
    post_changed.connect(on_post_changed, sender=app)
    app.register_blueprint(bp)
    register_slots(app)

    @app.context_processor
    def moderation_links():
        if not current_user.is_authenticated:
            return {}
        boards = moderated_board_ids(current_user)  # the request's cached answer, no new query
        return {
            "is_moderating": boards is None or bool(boards),
            "moderated_boards": lambda: boards_for(boards),
        }
