"""Crisis language is answered, always: never refused, resources where the author looks, a moderator told."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from conftest import login

from forum.clock import utcnow
from forum.extensions import db
from forum.models import Member, Notice, Post
from moderation.decisions import silence
from moderation.models import QueueItem

CRISIS_TEXT = "Some days I want to die. I can't go on like this."


def as_member(client, username):
    client.submit("/logout")
    assert login(client, username).status_code == 302


def items(app) -> list[tuple[int, str, int, str]]:
    with app.app_context():
        rows = db.session.execute(
            db.select(QueueItem.post_id, QueueItem.reason, QueueItem.priority, QueueItem.status)
        ).all()
        return [tuple(row) for row in rows]


def post_status(app, post_id: int) -> str:
    with app.app_context():
        return db.session.get(Post, post_id).status


def posted_id(app, body: str) -> int:
    with app.app_context():
        return db.session.scalars(db.select(Post.id).where(Post.body_source == body)).one()


@pytest.fixture
def thread(member_factory, thread_factory):
    return thread_factory(member_factory("owner"), title="Living with it day to day")


def assert_answered(client, app, response, body: str = CRISIS_TEXT) -> int:
    """The post is kept, the author lands on the resources, a moderator has it first in line."""
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.location.endswith("#messages")
    page = client.get(response.location).get_data(as_text=True)
    assert 'id="messages"' in page
    assert "You are not alone" in page and "116 123" in page
    # The resources come before the conversation, so they are on the first screen.
    assert page.index("You are not alone") < page.index('class="post')
    post_id = posted_id(app, body)
    assert any(item[0] == post_id and item[2] == 0 for item in items(app)), items(app)
    return post_id


def test_a_rate_limited_member_in_crisis_is_answered_not_refused(
    client, app, thread, member_factory
):
    app.config["MODERATION_POSTS_PER_10_MINUTES"] = 1
    member_factory("quick")
    as_member(client, "quick")
    assert client.submit(f"/t/{thread.id}/reply", {"body": "First reply."}).status_code == 302
    refused = client.submit(f"/t/{thread.id}/reply", {"body": "Second, ordinary reply."})
    assert refused.status_code == 429
    response = client.submit(f"/t/{thread.id}/reply", {"body": CRISIS_TEXT})
    post_id = assert_answered(client, app, response)
    # Kept for a moderator to read, not published past the limit.
    assert post_status(app, post_id) == "pending"


def test_a_silenced_member_in_crisis_is_answered_not_refused(client, app, thread, member_factory):
    quiet = member_factory("quiet")
    admin = member_factory("admin", role="admin")
    with app.app_context():
        silence(
            db.session.get(Member, quiet.id),
            by=db.session.get(Member, admin.id),
            until=utcnow() + timedelta(days=3),
            reason="Cooling off.",
        )
        db.session.commit()
    as_member(client, "quiet")
    assert client.submit(f"/t/{thread.id}/reply", {"body": "Let me speak"}).status_code == 403
    response = client.submit(f"/t/{thread.id}/reply", {"body": CRISIS_TEXT})
    post_id = assert_answered(client, app, response)
    assert post_status(app, post_id) == "pending"


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_staff_in_crisis_are_screened_too(client, app, thread, member_factory, role):
    member_factory("staffer", role=role)
    as_member(client, "staffer")
    response = client.submit(f"/t/{thread.id}/reply", {"body": CRISIS_TEXT})
    post_id = assert_answered(client, app, response)
    assert post_status(app, post_id) == "visible"


def test_crisis_with_a_blocked_word_is_held_not_refused(client, app, thread, member_factory):
    member_factory("angry")
    as_member(client, "angry")
    body = "kys is what they told me and maybe they are right, I want to die."
    response = client.submit(f"/t/{thread.id}/reply", {"body": body})
    post_id = assert_answered(client, app, response, body)
    assert post_status(app, post_id) == "pending"


def test_the_resources_stay_on_the_members_notices(client, app, thread, member_factory):
    member_factory("struggling")
    as_member(client, "struggling")
    client.submit(f"/t/{thread.id}/reply", {"body": CRISIS_TEXT})
    client.get("/")  # the landing page has been left behind
    page = client.get("/notices").get_data(as_text=True)
    assert "You are not alone" in page and "116 123" in page


def test_a_held_post_its_author_deletes_leaves_the_queue_quietly(
    client, app, thread, member_factory
):
    app.config["MODERATION_NEW_MEMBER_POSTS"] = 3
    member_factory("newcomer")
    as_member(client, "newcomer")
    client.submit(f"/t/{thread.id}/reply", {"body": "Hello everyone, new here."})
    post_id = posted_id(app, "Hello everyone, new here.")
    assert [item[3] for item in items(app)] == ["open"]
    assert client.submit(f"/p/{post_id}/delete").status_code == 302
    assert [item[3] for item in items(app)] == ["withdrawn"]
    with app.app_context():
        texts = db.session.scalars(db.select(Notice.text)).all()
    assert not any("removed" in text for text in texts)


def test_a_crisis_post_its_author_deletes_stays_urgent(client, app, thread, member_factory):
    member_factory("struggling")
    as_member(client, "struggling")
    client.submit(f"/t/{thread.id}/reply", {"body": CRISIS_TEXT})
    post_id = posted_id(app, CRISIS_TEXT)
    client.submit(f"/p/{post_id}/delete")
    assert [(item[2], item[3]) for item in items(app)] == [(0, "open")]


TOKEN = re.compile(r'name="submit_token" type="hidden" value="([^"]+)"')


def form_token(page: str) -> str:
    match = TOKEN.search(page)
    assert match, "the composer carries no one-time token"
    return match.group(1)


def test_a_retried_reply_makes_one_post(client, app, thread, member_factory):
    member_factory("patient")
    as_member(client, "patient")
    token = form_token(client.get(f"/t/{thread.id}/reply").get_data(as_text=True))
    sent = {"body": "Pacing helps me most.", "submit_token": token}
    first = client.submit(f"/t/{thread.id}/reply", sent)
    again = client.submit(f"/t/{thread.id}/reply", sent)
    assert first.status_code == again.status_code == 302
    assert again.location == first.location
    with app.app_context():
        count = db.session.scalar(
            db.select(db.func.count()).where(Post.body_source == "Pacing helps me most.")
        )
    assert count == 1
    # A fresh form is a new post.
    fresh = form_token(client.get(f"/t/{thread.id}/reply").get_data(as_text=True))
    assert fresh != token


def test_a_retried_new_thread_makes_one_thread(client, app, member_factory):
    member_factory("patient")
    as_member(client, "patient")
    token = form_token(client.get("/b/diabetes/new").get_data(as_text=True))
    sent = {"title": "Night sweats and lows", "body": "Anyone else?", "submit_token": token}
    first = client.submit("/b/diabetes/new", sent)
    again = client.submit("/b/diabetes/new", sent)
    assert again.location == first.location
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Post)) == 1


def test_a_preview_keeps_the_token_so_the_post_after_it_is_one(client, app, member_factory):
    member_factory("patient")
    as_member(client, "patient")
    token = form_token(client.get("/b/diabetes/new").get_data(as_text=True))
    sent = {"title": "Previewed first", "body": "Checking how it looks.", "submit_token": token}
    preview = client.submit("/b/diabetes/new", {**sent, "preview": "1"})
    assert form_token(preview.get_data(as_text=True)) == token


# --- graded: indirect signs alert; a past crisis or worry for someone else is queued calmly -------

INDIRECT = (
    "Sorted the passwords and the insurance papers into one folder for my husband today, "
    "so nobody has to go hunting for anything after I'm gone. Feels very calm."
)
PAST = (
    "Eight years ago I took an overdose after my diagnosis. I'm in a much better place now, "
    "and what helped me most was telling my GP the truth."
)
SOMEONE_ELSE = "My son self-harms and I don't know how to talk to him about it without making it worse."


def test_preparation_without_any_crisis_words_is_answered_as_urgent(
    client, app, member_factory, thread
):
    member_factory("quiet")
    as_member(client, "quiet")
    response = client.submit(f"/t/{thread.id}/reply", {"body": INDIRECT})
    assert_answered(client, app, response, INDIRECT)


@pytest.mark.parametrize("body", [PAST, SOMEONE_ELSE], ids=["told-as-past", "someone-else"])
def test_a_past_crisis_or_worry_for_someone_else_is_queued_at_normal_priority(
    client, app, member_factory, thread, body
):
    member_factory("sharer")
    as_member(client, "sharer")
    page = client.submit(
        f"/t/{thread.id}/reply", {"body": body}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Your reply is posted." in page
    assert "You are not alone" not in page
    post_id = posted_id(app, body)
    assert post_status(app, post_id) == "visible"
    assert [(item[1], item[2]) for item in items(app) if item[0] == post_id] == [("flagged", 1)]
