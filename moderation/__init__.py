"""Moderation: guidelines enforced before publishing, and the review queue."""

from flask import Blueprint, Flask

bp = Blueprint("moderation", __name__, url_prefix="/mod", template_folder="templates")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
