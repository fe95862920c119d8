"""The index never loses an update, never shows a removed post, and says when it drifts."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from test_search import search, titles

from forum import outbox
from forum.clock import utcnow
from forum.extensions import db
from forum.hooks import Change, post_changed
from forum.models import Member, Post
from forum.posting import set_post_status
from search.indexer import drain, open_index, reindex
from search.models import IndexOutbox


@pytest.fixture
def poster(member_factory):
    return member_factory("sharer")


def outbox_ids(app) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(select(IndexOutbox.id).order_by(IndexOutbox.id)))


def held_writer(app):
    """Another process holding Whoosh's single writer lock: changes wait in the outbox."""
    return open_index(app.config["INDEX_DIR"]).writer()


def drain_now(app, **kwargs) -> int:
    with app.app_context(), Session(db.engine) as session:
        return drain(session, app.config["INDEX_DIR"], **kwargs)


def test_outbox_ids_are_never_reused_after_the_table_drains_empty(
    app, client, login_as, thread_factory
):
    # SQLite hands out max(id) + 1 unless told otherwise: once the outbox drained empty, a new
    # change got the id a slow drain had read, and that drain deleted it unapplied.
    author = login_as("sharer")
    thread = thread_factory(author, title="Pacing on bad days")
    writer = held_writer(app)
    client.submit(f"/t/{thread.id}/reply", {"body": "Rest before you are tired."})
    first = outbox_ids(app)
    writer.cancel()
    assert drain_now(app) == len(first)
    assert outbox_ids(app) == []
    writer = held_writer(app)
    client.submit(f"/t/{thread.id}/reply", {"body": "Split chores into small parts."})
    second = outbox_ids(app)
    writer.cancel()
    assert second and min(second) > max(first)


def queued_thread(app, thread_factory, poster, **kwargs) -> None:
    """A thread whose index changes wait in the outbox."""
    writer = held_writer(app)
    try:
        thread_factory(poster, **kwargs)
    finally:
        writer.cancel()


def test_a_drain_deletes_only_the_rows_it_claimed(app, poster, thread_factory):
    queued_thread(app, thread_factory, poster, title="First thread")
    with app.app_context(), Session(db.engine) as session:
        taken = outbox.claim(session, IndexOutbox, limit=100)
        assert taken is not None
        session.add(IndexOutbox(post_id=999))  # committed while the first drain works
        session.commit()
        outbox.finish(session, IndexOutbox, taken, [row.id for row in taken.rows])
        left = session.scalars(select(IndexOutbox.post_id)).all()
    assert left == [999]


def test_two_drains_never_claim_the_same_row(app, poster, thread_factory):
    queued_thread(app, thread_factory, poster, title="Claimed once")
    with app.app_context(), Session(db.engine) as one, Session(db.engine) as two:
        assert outbox.claim(one, IndexOutbox, limit=100) is not None
        assert outbox.claim(two, IndexOutbox, limit=100) is None


def test_rebuild_deletes_exactly_the_rows_it_covered(app, poster, thread_factory):
    queued_thread(app, thread_factory, poster, title="Covered by the rebuild", replies=2)
    with app.app_context(), Session(db.engine) as session:
        gap = max(outbox_ids(app)) + 5
        session.add(IndexOutbox(id=gap + 5, post_id=1))
        session.commit()

        def commit_lower_id_meanwhile(_done: int) -> None:
            # On PostgreSQL a lower id can commit after a higher one was read.
            with Session(db.engine) as other:
                other.add(IndexOutbox(id=gap, post_id=2))
                other.commit()

        reindex(session, app.config["INDEX_DIR"], progress=commit_lower_id_meanwhile)
        left = session.scalars(select(IndexOutbox.id)).all()
    assert left == [gap]


def abandon_claims(app) -> None:
    """A drain that claimed rows and died: its claim lapses after the lease."""
    with app.app_context(), Session(db.engine) as session:
        assert outbox.claim(session, IndexOutbox, limit=100) is not None
        session.execute(
            update(IndexOutbox).values(claimed_until=utcnow() - timedelta(seconds=1))
        )
        session.commit()


def test_an_entry_whose_drains_keep_dying_is_set_aside_and_the_rest_go_on(
    app, runner, client, login_as, thread_factory
):
    author = login_as("sharer")
    thread = thread_factory(author, title="Poison entry")
    writer = held_writer(app)
    client.submit(f"/t/{thread.id}/reply", {"body": "An ordinary reply about pacing."})
    writer.cancel()
    for _ in range(outbox.MAX_ATTEMPTS):
        abandon_claims(app)
        # A retried entry goes alone, so one at a time is claimed and abandoned again.
        with app.app_context(), Session(db.engine) as session:
            attempts = session.scalars(select(IndexOutbox.attempts)).all()
        assert max(attempts) >= 1
    writer = held_writer(app)
    client.submit(f"/t/{thread.id}/reply", {"body": "A later reply about swimming."})
    writer.cancel()
    for _ in range(5):
        drain_now(app)
    assert titles(search(client, "swimming")) == ["Poison entry"]
    status = runner.invoke(args=["search", "status"])
    assert status.exit_code == 1
    assert "set aside after failing" in status.output
    assert "stopped before it finished" in status.output
    # A rebuild covers what was set aside.
    assert runner.invoke(args=["search", "reindex"]).exit_code == 0
    status = runner.invoke(args=["search", "status", "--full"])
    assert "in sync" in status.output, status.output
    assert status.exit_code == 0


def test_a_removed_post_is_never_shown_while_the_index_is_behind(
    app, client, poster, thread_factory
):
    thread_factory(poster, title="Oxygen at altitude", body="Ask about flying with oxygen.")
    assert titles(search(client, "oxygen")) == ["Oxygen at altitude"]
    writer = held_writer(app)
    try:
        with app.app_context():
            post = db.session.scalars(select(Post)).one()
            set_post_status(post, "removed")
            db.session.commit()
        page = search(client, "oxygen")
        assert titles(page) == []
        assert "flying with oxygen" not in page
        assert "0 conversations" in page
        preview = client.submit(
            "/b/diabetes/new", {"title": "Oxygen at altitude?", "body": "Hi", "preview": "1"}
        )
        assert "Oxygen at altitude</a>" not in preview.get_data(as_text=True)
    finally:
        writer.cancel()


def test_status_says_when_the_index_needs_a_rebuild_for_this_version(app, runner, poster):
    from whoosh import index as whoosh_index
    from whoosh.fields import ID, Schema

    directory = app.config["INDEX_DIR"]
    shutil.rmtree(directory, ignore_errors=True)
    Path(directory).mkdir(parents=True)
    whoosh_index.create_in(directory, Schema(post_id=ID(stored=True)))
    result = runner.invoke(args=["search", "status"])
    assert result.exit_code == 1
    assert "another synonym list" in result.output and "search reindex" in result.output
    assert runner.invoke(args=["search", "reindex"]).exit_code == 0
    assert "in sync" in runner.invoke(args=["search", "status"]).output


def test_status_says_in_sync_behind_or_what_drifts(app, runner, client, login_as, thread_factory):
    author = login_as("sharer")
    thread = thread_factory(author, title="Checked both ways", replies=2)
    result = runner.invoke(args=["search", "status"])
    assert result.exit_code == 0 and "in sync" in result.output, result.output
    writer = held_writer(app)
    client.submit(f"/t/{thread.id}/reply", {"body": "Waiting for the index."})
    writer.cancel()
    result = runner.invoke(args=["search", "status"])
    assert result.exit_code == 1 and "behind" in result.output
    drain_now(app)
    # Drift the index behind the outbox's back: a document vanishes.
    writer = held_writer(app)
    writer.delete_by_term("post_id", str(thread.opening_post_id))
    writer.commit()
    result = runner.invoke(args=["search", "status", "--full"])
    assert result.exit_code == 1
    assert f"visible posts missing from the index: {thread.opening_post_id}" in result.output


def test_a_new_post_is_announced_once(app, client, login_as):
    login_as("sharer")
    heard: list[tuple[int, str]] = []

    def listen(sender, *, post, change, verdict=None):
        heard.append((post.id, change))

    post_changed.connect(listen, sender=app)
    try:
        response = client.submit(
            "/b/diabetes/new", {"title": "Announced once", "body": "Just one announcement."}
        )
    finally:
        post_changed.disconnect(listen, sender=app)
    assert response.status_code == 302
    with app.app_context():
        post_id = db.session.scalars(select(Post.id)).one()
        assert db.session.scalar(select(db.func.count()).select_from(Member)) == 1
    assert heard == [(post_id, Change.CREATED)]
