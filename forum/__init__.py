"""PeerCircle's forum core: the app factory."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

from forum import changes, security
from forum.config import Config
from forum.extensions import csrf, db, login_manager, migrate
from forum.text import MAX_ROW_ID

MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "migrations")


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app; `config` overrides settings (tests pass a temporary database and index)."""
    overrides = dict(config or {})
    settings = Config(overrides.get("INSTANCE_PATH"), overrides.get("SECRET_KEY"))
    app = Flask(__name__, instance_path=settings.INSTANCE_PATH, instance_relative_config=False)
    app.config.from_object(settings)
    app.config.update(overrides)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.url_map.converters["id"] = RowIdConverter
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    changes.init_app(app)
    security.init_app(app)
    importlib.import_module("forum.request_guard").init_app(app)  # refuses junk before routing

    from forum import cli, templating, views

    views.init_app(app)
    templating.init_app(app)
    cli.init_app(app)

    # Plug-ins are named, not imported here: the core runs without them.
    for name in app.config.get("PLUGINS", _default_plugins(app)):
        importlib.import_module(name).init_app(app)
    return app


class RowIdConverter(IntegerConverter):
    """`<id:...>` in routes: a positive id that fits the database, else the route does not match (404)."""

    def __init__(self, url_map: Map) -> None:
        super().__init__(url_map, min=1, max=MAX_ROW_ID)


def _default_plugins(app: Flask) -> list[str]:
    plugins = ["moderation"]
    if app.config.get("SEARCH_ENABLED", True):
        plugins.append("search")
    return plugins
