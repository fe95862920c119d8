"""The drain as a batching worker: whole backlogs, drains at once, a worker that wakes quickly."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from test_search import backlog, search, titles
from whoosh import index as whoosh_index
from whoosh.writing import MERGE_SMALL, NO_MERGE

from forum import create_app
from forum.extensions import db
from forum.models import Member, Post
from forum.posting import edit_post, reply
from search import indexer
from search.documents import visible_post_ids
from search.indexer import drain, merge_bounded, open_index
from search.schema import SCHEMA

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def poster(member_factory):
    return member_factory("sharer")


@pytest.fixture
def worker_mode(app):
    """The production set-up: requests only write outbox rows; a drain applies them."""
    app.config["SEARCH_INLINE_INDEXING"] = False
    return app


def index_counts(app) -> Counter:
    """How many documents the index holds for each post id."""
    with open_index(app.config["INDEX_DIR"]).searcher() as searcher:
        return Counter(int(fields["post_id"]) for fields in searcher.all_stored_fields())


def visible_ids(app) -> list[int]:
    with app.app_context(), Session(db.engine) as session:
        return visible_post_ids(session)


def assert_index_holds_each_visible_post_once(app) -> None:
    counts = index_counts(app)
    assert sorted(counts) == visible_ids(app)
    assert set(counts.values()) == {1}


def test_the_inline_switch_is_read_from_the_environment(monkeypatch, tmp_path):
    settings = {"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x", "SEARCH_ENABLED": True}
    assert create_app(settings).config["SEARCH_INLINE_INDEXING"] is True
    monkeypatch.setenv("PEERCIRCLE_SEARCH_INLINE_INDEXING", "0")
    assert create_app(settings).config["SEARCH_INLINE_INDEXING"] is False


def test_a_backlog_larger_than_one_batch_is_applied_by_one_drain_run(
    worker_mode, runner, client, poster, thread_factory
):
    app = worker_mode
    thread_factory(poster, title="Pacing a long backlog", replies=11)
    assert backlog(app) == 12
    generation = open_index(app.config["INDEX_DIR"]).latest_generation()
    result = runner.invoke(args=["search", "drain", "--batch", "5"])
    assert result.exit_code == 0, result.output
    assert "12 changes applied" in result.output
    assert backlog(app) == 0
    # Five, five and two: three index commits, one per batch.
    assert open_index(app.config["INDEX_DIR"]).latest_generation() == generation + 3
    assert_index_holds_each_visible_post_once(app)
    assert titles(search(client, "backlog")) == ["Pacing a long backlog"]


def test_two_drains_at_once_lose_and_double_nothing(worker_mode, poster, thread_factory):
    app = worker_mode
    for number in range(3):
        thread_factory(poster, title=f"Shared drain {number}", replies=9)
    with app.app_context():
        # Edits queue the same posts a second time while the first entries still wait.
        member = db.session.get(Member, poster.id)
        for post in db.session.scalars(select(Post).order_by(Post.id).limit(10)):
            edit_post(post, by=member, body=f"{post.body_source} (edited)")
        db.session.commit()
    assert backlog(app) == 40
    start = threading.Barrier(3)
    applied: list[int] = []
    errors: list[BaseException] = []

    def drain_alongside() -> None:
        try:
            with app.app_context(), Session(db.engine) as session:
                start.wait()
                applied.append(
                    drain(session, app.config["INDEX_DIR"], batches=100, lock_timeout=5, batch=3)
                )
        except BaseException as error:  # reported below, in the test's own thread
            errors.append(error)

    def reply_meanwhile() -> None:
        try:
            with app.app_context():
                start.wait()
                member = db.session.get(Member, poster.id)
                first = db.session.scalars(select(Post).order_by(Post.id)).first()
                for number in range(5):
                    reply(first.thread, author=member, body=f"Written during the drain {number}")
                    db.session.commit()
        except BaseException as error:
            errors.append(error)

    workers = [threading.Thread(target=drain_alongside) for _ in range(2)]
    workers.append(threading.Thread(target=reply_meanwhile))
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert not errors, errors
    # Whatever the two left behind (replies written after their last look) goes now.
    with app.app_context(), Session(db.engine) as session:
        drain(session, app.config["INDEX_DIR"], batches=100)
    assert backlog(app) == 0
    assert_index_holds_each_visible_post_once(app)
    with open_index(app.config["INDEX_DIR"]).searcher() as searcher:
        edited = [f for f in searcher.all_stored_fields() if "(edited)" in f["body"]]
    assert len(edited) == 10


def test_edits_drained_one_a_commit_through_merges_leave_one_document_per_post(
    worker_mode, poster, thread_factory
):
    # One drain, one change a round: its lookup readers are kept from round to round while
    # the segments they read are merged away under them.
    app = worker_mode
    thread = thread_factory(poster, title="Edited many times", replies=3)
    with app.app_context():
        member = db.session.get(Member, poster.id)
        for number in range(24):
            post = db.session.get(Post, thread.opening_post_id + number % 4)
            edit_post(post, by=member, body=f"Edit number {number}")
            db.session.commit()
    assert backlog(app) == 28
    generation = open_index(app.config["INDEX_DIR"]).latest_generation()
    with app.app_context(), Session(db.engine) as session:
        assert drain(session, app.config["INDEX_DIR"], batches=100, batch=1) == 28
    assert open_index(app.config["INDEX_DIR"]).latest_generation() == generation + 28
    assert backlog(app) == 0
    assert_index_holds_each_visible_post_once(app)
    with open_index(app.config["INDEX_DIR"]).searcher() as searcher:
        bodies = sorted(fields["body"] for fields in searcher.all_stored_fields())
    assert bodies == sorted(f"Edit number {n}" for n in (20, 21, 22, 23))


def test_the_watch_worker_applies_a_reply_soon_after_it_is_written(
    worker_mode, client, poster, thread_factory
):
    app = worker_mode
    thread = thread_factory(poster, title="Worker wakes up", body="First words.")
    assert titles(search(client, "worker")) == []
    env = dict(
        os.environ,
        PEERCIRCLE_DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
        PEERCIRCLE_INDEX_DIR=app.config["INDEX_DIR"],
        PEERCIRCLE_INSTANCE_DIR=app.config["INSTANCE_PATH"],
        PEERCIRCLE_SECRET_KEY="test-secret",
        PEERCIRCLE_SEARCH_INLINE_INDEXING="0",
    )
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "search", "drain", "--watch"]
    worker = subprocess.Popen(  # noqa: S603 (our own interpreter and command)
        [*command, "--interval", "0.05"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        # The queued opening post is applied at start-up.
        deadline = time.monotonic() + 30
        while backlog(app) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert backlog(app) == 0
        with app.app_context():
            member = db.session.get(Member, poster.id)
            opening = db.session.get(Post, thread.opening_post_id)
            reply(opening.thread, author=member, body="Gentle swimming helped my joints.")
            db.session.commit()
        written = time.monotonic()
        while not titles(search(client, "swimming")) and time.monotonic() < written + 10:
            time.sleep(0.02)
        waited = time.monotonic() - written
        assert titles(search(client, "swimming")) == ["Worker wakes up"]
        # It looks every 0.05 s; a second allows for a busy machine.
        assert waited < 1.0, waited
    finally:
        worker.send_signal(signal.SIGINT)
        output, _ = worker.communicate(timeout=30)
    assert "changes applied in" in output, output
    assert "Traceback" not in output, output


def small_segments_index(directory: Path, sizes: list[int]) -> None:
    """An index whose segments hold these many documents each (committed without merging)."""
    directory.mkdir()
    ix = whoosh_index.create_in(str(directory), SCHEMA)
    post_id = 0
    for size in sizes:
        writer = ix.writer()
        for _ in range(size):
            post_id += 1
            writer.add_document(post_id=str(post_id), title="Pacing", body=f"Post {post_id}")
        writer.commit(mergetype=NO_MERGE)


def segment_sizes(directory: Path) -> list[int]:
    return sorted(s.doc_count_all() for s in whoosh_index.open_dir(str(directory))._segments())


def one_more_post_committed_with(directory: Path, mergetype) -> None:
    writer = whoosh_index.open_dir(str(directory)).writer()
    writer.add_document(post_id="new", title="Pacing", body="A new reply")
    writer.commit(mergetype=mergetype)


def test_a_drain_commit_never_merges_more_than_a_tenth_of_the_index(tmp_path, monkeypatch):
    # Whoosh's MERGE_SMALL merges every segment here, the large one included: once enough
    # small ones gather it rewrites the whole index in one commit.
    sizes = [21] * 7 + [60]
    small_segments_index(tmp_path / "small", sizes)
    shutil.copytree(tmp_path / "small", tmp_path / "bounded")
    one_more_post_committed_with(tmp_path / "small", MERGE_SMALL)
    assert segment_sizes(tmp_path / "small") == [sum(sizes) + 1]
    # Bounded (a floor of 50 documents stands in for a tenth of a large index), the merge
    # takes the smallest segments up to the bound and leaves the large one alone.
    monkeypatch.setattr(indexer, "MERGE_FLOOR", 50)
    one_more_post_committed_with(tmp_path / "bounded", merge_bounded)
    assert segment_sizes(tmp_path / "bounded") == [21, 21, 21, 21, 21, 43, 60]
    with whoosh_index.open_dir(str(tmp_path / "bounded")).searcher() as searcher:
        assert searcher.doc_count() == sum(sizes) + 1
