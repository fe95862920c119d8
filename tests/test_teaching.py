"""Moderators teach the detector: decisions become labelled examples, evaluate and retrain use them."""

from __future__ import annotations

import pytest
from conftest import board, login

from forum.extensions import db
from moderation.models import BoardModerator, LabelledExample, QueueItem
from moderation.teaching import kind_of_guideline


@pytest.mark.parametrize(
    ("guideline", "kind"),
    [
        ("Be kind.", "abuse"),
        ("Protect privacy.", "personal_data"),
        ("Share experience, not prescriptions.", "medical"),
        ("No miracle cures.", "medical"),
        ("If you are in crisis, get help now.", "crisis"),
        ("If you are in crisis,", "crisis"),
        ("Something else", None),
        ("", None),
    ],
)
def test_a_guideline_names_the_kind_it_teaches(guideline, kind):
    assert kind_of_guideline(guideline) == kind


@pytest.fixture
def held(app, client, member_factory, thread_factory):
    """Two held replies by a new member, and the Diabetes moderator logged in."""
    thread = thread_factory(member_factory("owner"))
    app.config["MODERATION_NEW_MEMBER_POSTS"] = 3
    member_factory("newcomer")
    login(client, "newcomer")
    client.submit(f"/t/{thread.id}/reply", {"body": "You are all pathetic whingers."})
    client.submit(f"/t/{thread.id}/reply", {"body": "Thanks, walking helps me too."})
    client.submit("/logout")
    mod = member_factory("bea", role="moderator")
    with app.app_context():
        db.session.add(BoardModerator(board_id=board("diabetes").id, member_id=mod.id))
        db.session.commit()
        items = db.session.scalars(db.select(QueueItem.id).order_by(QueueItem.id)).all()
    login(client, "bea")
    return items


def examples(app) -> list[tuple[str, str, str]]:
    with app.app_context():
        rows = db.session.execute(
            db.select(LabelledExample.text, LabelledExample.kind, LabelledExample.source)
        ).all()
        return [tuple(row) for row in rows]


def test_decisions_are_kept_as_labelled_examples(app, client, held):
    rude, kind = held
    assert client.submit(f"/mod/items/{rude}/remove", {"guideline": "Be kind."}).status_code == 302
    assert client.submit(f"/mod/items/{kind}/approve").status_code == 302
    assert examples(app) == [
        ("You are all pathetic whingers.", "abuse", "remove"),
        ("Thanks, walking helps me too.", "ordinary", "approve"),
    ]


def test_evaluate_and_retrain_use_the_decisions(app, client, runner, held):
    client.submit(f"/mod/items/{held[0]}/remove", {"guideline": "Be kind."})
    evaluated = runner.invoke(args=["moderation", "evaluate"])
    assert evaluated.exit_code == 0, evaluated.output
    assert "moderators' decisions: 1 posts" in evaluated.output
    retrained = runner.invoke(args=["moderation", "retrain"])
    assert retrained.exit_code == 0, retrained.output
    assert "1 from moderators' decisions" in retrained.output
