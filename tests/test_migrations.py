"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

import flask_migrate
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from forum import create_app
from forum.extensions import db


def test_migrations_build_the_models_schema_from_scratch(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "INSTANCE_PATH": str(tmp_path),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'empty.db'}",
        }
    )
    with app.app_context():
        flask_migrate.upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"render_as_batch": True})
            drift = compare_metadata(context, db.metadata)
        assert drift == []
        tables = set(inspect(db.engine).get_table_names())
        assert {"members", "boards", "memberships", "threads", "posts"} <= tables
        flask_migrate.downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()
