"""What moderators learn about members beyond their boards, and what they decide about themselves."""

from __future__ import annotations

from datetime import timedelta

from conftest import MemberRef, board, login

from forum.clock import utcnow
from forum.extensions import db
from forum.models import Member, Post
from forum.posting import set_post_status
from moderation.decisions import silence
from moderation.models import BoardModerator

REASON = "Kept posting about stopping chemo early"


def moderators(app, member_factory):
    with app.app_context():
        for name, slug in (("mod_diabetes", "diabetes"), ("mod_cancer", "cancer")):
            ref = member_factory(name, role="moderator")
            db.session.add(BoardModerator(board_id=board(slug).id, member_id=ref.id))
        db.session.commit()


def test_a_sanction_by_one_board_moderator_is_not_shown_to_another(
    app, client, member_factory, thread_factory
):
    moderators(app, member_factory)
    patient = member_factory("patient")
    thread_factory(patient, board_slug="cancer", title="Chemo week three")
    with app.app_context():
        by = db.session.scalar(db.select(Member).where(Member.username == "mod_cancer"))
        silence(
            db.session.get(Member, patient.id), by=by, until=utcnow() + timedelta(days=1), reason=REASON
        )
        db.session.commit()
    seen = {}
    for name in ("mod_cancer", "mod_diabetes"):
        login(client, name)
        seen[name] = REASON in client.get("/mod/log").get_data(as_text=True)
        client.submit("/logout")
    member_factory("boss", role="admin")
    login(client, "boss")
    seen["boss"] = REASON in client.get("/mod/log").get_data(as_text=True)
    assert seen == {"mod_cancer": True, "mod_diabetes": False, "boss": True}


def test_a_moderator_cannot_restore_their_own_removed_post(
    app, client, member_factory, thread_factory
):
    moderators(app, member_factory)
    with app.app_context():
        mod = db.session.scalar(db.select(Member.id).where(Member.username == "mod_diabetes"))
    thread = thread_factory(MemberRef(mod, "mod_diabetes"), title="My own thread")
    with app.app_context():
        post = db.session.get(Post, thread.opening_post_id)
        set_post_status(post, "removed")
        db.session.commit()
    login(client, "mod_diabetes")
    refused = client.submit(f"/mod/posts/{thread.opening_post_id}/restore")
    assert refused.status_code == 403
    with app.app_context():
        assert db.session.get(Post, thread.opening_post_id).status == "removed"
