"""Moderation: guidelines enforced before publishing, flags, the review queue and its audit log."""

from flask import Blueprint, Flask

from moderation import models  # noqa: F401  (registers the tables with the metadata)

bp = Blueprint("moderation", __name__, template_folder="templates")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
