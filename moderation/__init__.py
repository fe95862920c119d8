"""Moderation: guidelines enforced before publishing, flags, the review queue and its audit log."""

from __future__ import annotations

from flask import Flask
from flask_login import current_user

from forum.hooks import (
    post_changed,
    private_message_sent,
    register_moderator_scope,
    register_publish_check,
)


def init_app(app: Flask) -> None:
    """Register moderation's tables, routes, checks and hooks; nothing is set up on import."""
    from moderation import models  # noqa: F401  (the tables join the metadata)
    from moderation.audit import on_private_message
    from moderation.checks import moderate, on_post_changed
    from moderation.cli import moderation_cli
    from moderation.scope import assigned_board_ids, boards_for, moderated_board_ids
    from moderation.settings import apply_defaults
    from moderation.slots import register_slots
    from moderation.views import bp

    apply_defaults(app)
    register_publish_check(app, moderate)
    # The core asks which boards a member moderates through this, once per request.
    register_moderator_scope(app, assigned_board_ids)
    post_changed.connect(on_post_changed, sender=app)
    private_message_sent.connect(on_private_message, sender=app)
    app.register_blueprint(bp)
    register_slots(app)
    app.cli.add_command(moderation_cli)

    @app.context_processor
    def moderation_links():
        if not current_user.is_authenticated:
            return {}
        boards = moderated_board_ids(current_user)  # the request's cached answer, no new query
        return {
            "is_moderating": boards is None or bool(boards),
            "moderated_boards": lambda: boards_for(boards),
        }
