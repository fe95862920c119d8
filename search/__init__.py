"""Full-text search over shared advice, with a Whoosh index derived from the database."""

from flask import Blueprint, Flask

bp = Blueprint("search", __name__, template_folder="templates")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
