"""Fixtures: a fresh migrated database and index per test, a client that sends CSRF tokens like a browser."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import flask_migrate
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, text
from sqlalchemy.orm import Session

from forum import create_app
from forum.accounts import register_member
from forum.extensions import db
from forum.models import Board, Member, Membership, Post, Thread
from forum.posting import reply, start_thread
from forum.seeding import ensure_default_boards
from search.indexer import ensure

PASSWORD = "correct horse battery"
CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


# Set to a PostgreSQL URL to run the suite there; by default each test gets its own SQLite file.
SERVER_DATABASE_URL = os.environ.get("PEERCIRCLE_TEST_DATABASE_URL")


def _settings(base: Path, database_url: str) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "INSTANCE_PATH": str(base / "instance"),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "INDEX_DIR": str(base / "index"),
        # A cheap scrypt keeps the suite fast; production uses the library's slow default.
        "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
        # Forum tests post freely; moderation tests switch pre-moderation and limits back on.
        "MODERATION_NEW_MEMBER_POSTS": 0,
        "MODERATION_POSTS_PER_10_MINUTES": 10_000,
        "MODERATION_THREADS_PER_HOUR": 10_000,
    }


# On a server, each test starts from this copy of the migrated database's rows.
_template_rows: dict[str, list[dict]] = {}


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database built from scratch by the real migrations, then given the default boards."""
    base = tmp_path_factory.mktemp("template")
    url = SERVER_DATABASE_URL or f"sqlite:///{base / 'template.db'}"
    app = create_app(_settings(base, url))
    with app.app_context():
        if SERVER_DATABASE_URL:
            flask_migrate.downgrade(revision="base")
        flask_migrate.upgrade()
        ensure_default_boards()
        db.session.commit()
        for table in db.metadata.sorted_tables:
            _template_rows[table.name] = [
                dict(row._mapping) for row in db.session.execute(table.select())
            ]
        db.session.remove()
        db.engine.dispose()
    return url


def _fresh_database(migrated: str, tmp_path: Path) -> str:
    """SQLite: a copy of the migrated file. A server: its tables put back to the migrated rows."""
    if not SERVER_DATABASE_URL:
        database = tmp_path / "peercircle.db"
        shutil.copy(migrated.removeprefix("sqlite:///"), database)
        return f"sqlite:///{database}"
    app = create_app(_settings(tmp_path, migrated))
    with app.app_context():
        tables = db.metadata.sorted_tables
        db.session.execute(
            text(f"TRUNCATE {', '.join(t.name for t in tables)} RESTART IDENTITY CASCADE")
        )
        for table in tables:
            if _template_rows[table.name]:
                db.session.execute(table.insert(), _template_rows[table.name])
            if "id" in table.c and _template_rows[table.name]:
                # Table names come from our own metadata, never from input.
                restart = f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), (SELECT max(id) FROM {table.name}))"  # noqa: S608
                db.session.execute(text(restart))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return migrated


class BrowserClient(FlaskClient):
    """Posts forms the way a browser does: with the CSRF token the page gave it."""

    def csrf_token(self) -> str:
        page = self.get("/login")
        if page.status_code == 302:
            page = self.get("/settings")
        match = CSRF_FIELD.search(page.get_data(as_text=True))
        assert match, "no CSRF token on the page"
        return match.group(1)

    def submit(self, url: str, data: dict | None = None, **kwargs):
        form = {"csrf_token": self.csrf_token(), **(data or {})}
        return self.post(url, data=form, **kwargs)


@pytest.fixture
def app(tmp_path: Path, migrated_database: str) -> Iterator[Flask]:
    app = create_app(_settings(tmp_path, _fresh_database(migrated_database, tmp_path)))
    app.test_client_class = BrowserClient
    # What `make run` does: an index built from the (empty) database; search stays on in tests.
    with app.app_context(), Session(db.engine) as session:
        ensure(session, app.config["INDEX_DIR"])
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> BrowserClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


@dataclass(frozen=True)
class MemberRef:
    id: int
    username: str


@dataclass(frozen=True)
class ThreadRef:
    id: int
    url: str
    opening_post_id: int


@pytest.fixture
def member_factory(app: Flask):
    """make_member("sam", role="moderator", boards=("diabetes",)) -> the saved member's id and name."""

    def make_member(
        username: str,
        *,
        role: str = "member",
        email: str | None = None,
        boards: tuple[str, ...] = (),
    ) -> MemberRef:
        with app.app_context():
            member = register_member(
                username=username,
                email=email or f"{username}@example.org",
                password=PASSWORD,
                role=role,
            )
            for slug in boards:
                db.session.add(Membership(member_id=member.id, board_id=board(slug).id))
            db.session.commit()
            return MemberRef(member.id, member.username)

    return make_member


@pytest.fixture
def moderator(app, member_factory) -> MemberRef:
    """A facilitator who moderates the Diabetes board only."""
    from moderation.models import BoardModerator

    mod = member_factory("facilitator", role="moderator")
    with app.app_context():
        db.session.add(BoardModerator(board_id=board("diabetes").id, member_id=mod.id))
        db.session.commit()
    return mod


def board(slug: str) -> Board:
    return db.session.scalars(db.select(Board).where(Board.slug == slug)).one()


@pytest.fixture
def thread_factory(app: Flask):
    """make_thread(author, board_slug=..., title=..., replies=N) -> a thread started through the verbs."""

    def make_thread(
        author: MemberRef,
        *,
        board_slug: str = "diabetes",
        title: str = "Tips for night-time pain",
        body: str = "What helps you sleep?",
        replies: int = 0,
    ) -> ThreadRef:
        with app.app_context():
            member = db.session.get(Member, author.id)
            thread, _ = start_thread(board(board_slug), author=member, title=title, body=body)
            for number in range(replies):
                reply(thread, author=member, body=f"Reply number {number}")
            db.session.commit()
            opening = posts_in(thread)[0]
            return ThreadRef(thread.id, f"/t/{thread.id}/{thread.slug}", opening.id)

    return make_thread


def login(client: BrowserClient, username: str, password: str = PASSWORD):
    return client.submit("/login", {"username": username, "password": password})


@pytest.fixture
def login_as(client: BrowserClient, member_factory):
    """Create a member and log the client in as them."""

    def log_in(username: str, **kwargs) -> MemberRef:
        member = member_factory(username, **kwargs)
        response = login(client, username)
        assert response.status_code == 302, response.get_data(as_text=True)
        return member

    return log_in


def posts_in(thread: Thread) -> list[Post]:
    return list(
        db.session.scalars(db.select(Post).where(Post.thread_id == thread.id).order_by(Post.path))
    )


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *args) -> None:
        self.count += 1


@pytest.fixture
def count_queries(app: Flask):
    """Counts SQL statements sent while the returned context is active."""
    from contextlib import contextmanager

    @contextmanager
    def counting() -> Iterator[QueryCounter]:
        counter = QueryCounter()
        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", counter)

    return counting
