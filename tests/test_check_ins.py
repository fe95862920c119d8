"""A moderator reaches out privately from a queue item; only the member and the board's moderators read it."""

from __future__ import annotations

import re

import pytest
from conftest import board, login

from forum.extensions import db
from forum.models import PrivateMessage
from moderation.models import BoardModerator, LogEntry, QueueItem

CRISIS = "I don't see the point anymore. Everyone would be better off without me."
PRIVATE_WORDS = "Would you like to talk tonight?"


@pytest.fixture
def world(app, member_factory, thread_factory):
    with app.app_context():
        for name, slug in (("bea", "diabetes"), ("otto", "cancer")):
            ref = member_factory(name, role="moderator")
            db.session.add(BoardModerator(board_id=board(slug).id, member_id=ref.id))
        db.session.commit()
    member_factory("sam")
    member_factory("nosy")
    member_factory("ada", role="admin")
    return thread_factory(member_factory("owner"), title="Evenings are hardest")


def as_member(client, name):
    client.submit("/logout")
    assert login(client, name).status_code == 302


def test_a_moderator_checks_in_and_the_member_answers(app, client, world):
    as_member(client, "sam")
    client.submit(f"/t/{world.id}/reply", {"body": CRISIS})
    with app.app_context():
        item_id = db.session.scalar(db.select(QueueItem.id).where(QueueItem.priority == 0))
    as_member(client, "bea")
    queue = client.get("/mod/queue").get_data(as_text=True)
    assert f"/mod/items/{item_id}/check-in" in queue and "Write privately to sam" in queue
    form = client.get(f"/mod/items/{item_id}/check-in").get_data(as_text=True)
    assert "I read your post and wanted to check in" in form
    sent = client.submit(
        f"/mod/items/{item_id}/check-in",
        {"subject": "Checking in", "body": f"Hi sam. {PRIVATE_WORDS}"},
    )
    assert sent.status_code == 302
    conversation = sent.location.split("#")[0]
    assert re.fullmatch(r"/messages/\d+", conversation)

    as_member(client, "sam")
    notices = client.get("/notices").get_data(as_text=True)
    assert "wrote to you privately" in notices and f'href="{conversation}"' in notices
    page = client.get(conversation).get_data(as_text=True)
    assert PRIVATE_WORDS in page and "Moderator" in page
    answered = client.submit(f"{conversation}/reply", {"body": "Thank you, I'd like that."})
    assert answered.status_code == 302

    as_member(client, "bea")
    assert "like that." in client.get(conversation).get_data(as_text=True)
    client.submit(f"{conversation}/reply", {"body": "I'm here. Let's talk at 8."})
    with app.app_context():
        actions = db.session.scalars(db.select(LogEntry.action).order_by(LogEntry.id)).all()
        logged = " ".join(db.session.scalars(db.select(LogEntry.reason)))
        assert db.session.scalar(db.select(db.func.count()).select_from(PrivateMessage)) == 3
    assert actions[-2:] == ["check-in", "check-in reply"]
    assert PRIVATE_WORDS not in logged  # the log says who wrote to whom, never the words


@pytest.mark.parametrize(("reader", "status"), [("otto", 404), ("nosy", 404), ("ada", 200)])
def test_only_the_member_and_the_boards_moderators_read_it(app, client, world, reader, status):
    as_member(client, "sam")
    client.submit(f"/t/{world.id}/reply", {"body": CRISIS})
    with app.app_context():
        item_id = db.session.scalar(db.select(QueueItem.id))
    as_member(client, "bea")
    sent = client.submit(f"/mod/items/{item_id}/check-in", {"subject": "Hi", "body": "Hello"})
    conversation = sent.location.split("#")[0]
    as_member(client, reader)
    assert client.get(conversation).status_code == status
    reply = client.submit(f"{conversation}/reply", {"body": "Let me in"})
    assert reply.status_code == (302 if status == 200 else status)
    client.submit("/logout")
    assert client.get(conversation).status_code == 302  # to the login page


def test_another_boards_moderator_cannot_start_a_check_in(app, client, world):
    as_member(client, "sam")
    client.submit(f"/t/{world.id}/reply", {"body": CRISIS})
    with app.app_context():
        item_id = db.session.scalar(db.select(QueueItem.id))
    as_member(client, "otto")
    assert client.get(f"/mod/items/{item_id}/check-in").status_code == 403
    sent = client.submit(f"/mod/items/{item_id}/check-in", {"subject": "Hi", "body": "Hello"})
    assert sent.status_code == 403
