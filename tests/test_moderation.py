"""Moderation through HTTP: held posts, the queue and its decisions, flags, crisis posts, sanctions, the log."""

from __future__ import annotations

import re

import pytest
from conftest import login

from forum.extensions import db
from forum.models import Board, Member, Post, Thread
from moderation.models import BoardModerator, LogEntry, QueueItem

CRISIS_TEXT = "I can't do this anymore. I want to end my life."


@pytest.fixture
def premoderation(app):
    app.config["MODERATION_NEW_MEMBER_POSTS"] = 3


def as_member(client, username):
    client.submit("/logout")
    assert login(client, username).status_code == 302


def reply_id(response) -> int:
    return int(response.location.rsplit("#p", 1)[1])


def open_items(app) -> list[QueueItem]:
    with app.app_context():
        items = db.session.scalars(db.select(QueueItem).where(QueueItem.status == "open")).all()
        db.session.expunge_all()
        return items


def log_actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(db.select(LogEntry.action).order_by(LogEntry.id)))


def test_new_members_first_posts_are_held_and_seen_only_by_them(
    client, app, premoderation, member_factory, thread_factory
):
    thread = thread_factory(member_factory("owner", role="moderator"))
    member_factory("newcomer")
    as_member(client, "newcomer")
    response = client.submit(
        f"/t/{thread.id}/reply",
        {"body": "Hello, this is my first post here."},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "A moderator will review it" in page
    assert "your first few posts are read by a moderator" in page
    assert "Waiting for review" in page
    member_factory("reader")
    as_member(client, "reader")
    assert "my first post here" not in client.get(thread.url).get_data(as_text=True)
    assert [item.reason for item in open_items(app)] == ["held"]
    as_member(client, "newcomer")
    assert "is waiting for a moderator&#39;s review" in client.get("/notices").get_data(as_text=True)


def test_approving_publishes_and_tells_the_author(
    client, app, premoderation, moderator, member_factory, thread_factory
):
    thread = thread_factory(moderator)
    member_factory("newcomer")
    as_member(client, "newcomer")
    client.submit(f"/t/{thread.id}/reply", {"body": "First words from me."})
    as_member(client, "facilitator")
    queue = client.get("/mod/queue").get_data(as_text=True)
    assert "First words from me." in queue
    assert "Author: member since" in queue
    [item] = open_items(app)
    response = client.submit(f"/mod/items/{item.id}/approve")
    assert response.status_code == 302
    member_factory("reader")
    as_member(client, "reader")
    assert "First words from me." in client.get(thread.url).get_data(as_text=True)
    as_member(client, "newcomer")
    assert "was reviewed and is now visible" in client.get("/notices").get_data(as_text=True)
    assert log_actions(app) == ["approve"]


def test_removing_hides_the_post_and_names_the_guideline(
    client, app, moderator, member_factory, thread_factory
):
    thread = thread_factory(moderator)
    member_factory("writer")
    as_member(client, "writer")
    posted = client.submit(f"/t/{thread.id}/reply", {"body": "Everyone is an idiot here"})
    post_id = reply_id(posted)
    [item] = open_items(app)
    assert item.reason == "flagged"
    as_member(client, "facilitator")
    response = client.submit(
        f"/mod/items/{item.id}/remove",
        {"guideline": "Be kind.", "message": "Please keep it gentle."},
    )
    assert response.status_code == 302
    member_factory("reader")
    as_member(client, "reader")
    page = client.get(thread.url).get_data(as_text=True)
    assert "Everyone is an" not in page
    assert "Removed by a moderator." in page
    as_member(client, "writer")
    notices = client.get("/notices").get_data(as_text=True)
    assert "breaks the guideline “Be kind.”" in notices
    assert "Please keep it gentle." in notices
    assert "Removed by a moderator: other members cannot see this post." in client.get(
        thread.url
    ).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Post, post_id).status == "removed"


def test_enough_flags_hide_a_post_until_a_moderator_looks(
    client, app, moderator, member_factory, thread_factory
):
    author = member_factory("poster")
    thread = thread_factory(author, body="Cinnamon fixed my sugars, trust me")
    for name in ("flagger1", "flagger2", "flagger3"):
        member_factory(name)
        as_member(client, name)
        response = client.submit(
            f"/flag/{thread.opening_post_id}", {"guideline": "No miracle cures.", "note": ""}
        )
        assert response.status_code == 302, response.get_data(as_text=True)
    as_member(client, "flagger1")
    assert "Cinnamon fixed my sugars" not in client.get(thread.url).get_data(as_text=True)
    as_member(client, "facilitator")
    queue = client.get("/mod/queue").get_data(as_text=True)
    assert queue.count("No miracle cures.") >= 3
    assert "Flags (3)" in queue


def test_a_member_flags_a_post_once_and_never_their_own(
    client, app, member_factory, thread_factory
):
    author = member_factory("poster")
    thread = thread_factory(author)
    member_factory("flagger")
    as_member(client, "flagger")
    first = client.submit(f"/flag/{thread.opening_post_id}", {"guideline": "Be kind."})
    assert first.status_code == 302
    again = client.submit(f"/flag/{thread.opening_post_id}", {"guideline": "Be kind."})
    assert again.status_code == 400
    assert "You have already flagged this post." in again.get_data(as_text=True)
    as_member(client, "poster")
    own = client.submit(f"/flag/{thread.opening_post_id}", {"guideline": "Be kind."})
    assert own.status_code == 400
    assert "You cannot flag your own post." in own.get_data(as_text=True)
    other = client.submit(
        f"/flag/{thread.opening_post_id}", {"guideline": "Something else", "note": ""}
    )
    assert other.status_code == 400


def test_crisis_post_shows_resources_at_once_and_goes_first_in_the_queue(
    client, app, moderator, member_factory, thread_factory
):
    thread = thread_factory(moderator)
    member_factory("early")
    as_member(client, "early")
    client.submit(f"/t/{thread.id}/reply", {"body": "You are all idiots"})
    member_factory("struggling")
    as_member(client, "struggling")
    response = client.submit(f"/t/{thread.id}/reply", {"body": CRISIS_TEXT}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "You are not alone" in page
    assert "116 123" in page and "988" in page
    assert 'role="alert"' in page
    as_member(client, "facilitator")
    queue = client.get("/mod/queue").get_data(as_text=True)
    assert queue.index("end my life") < queue.index("You are all")
    assert "Urgent" in queue


def test_crisis_resources_are_configurable(client, app, member_factory, thread_factory):
    app.config["CRISIS_RESOURCES"] = ("Call the PeerCircle Health Trust line on 0800 000 0000.",)
    thread = thread_factory(member_factory("owner"))
    member_factory("struggling")
    as_member(client, "struggling")
    page = client.submit(
        f"/t/{thread.id}/reply", {"body": CRISIS_TEXT}, follow_redirects=True
    ).get_data(as_text=True)
    assert "PeerCircle Health Trust line" in page


def test_two_moderators_deciding_at_once_apply_one_decision(
    client, app, moderator, member_factory, thread_factory
):
    thread = thread_factory(moderator)
    member_factory("writer")
    as_member(client, "writer")
    post_id = reply_id(client.submit(f"/t/{thread.id}/reply", {"body": "What an idiot idea"}))
    [item] = open_items(app)
    second = app.test_client()
    member_factory("admin_one", role="admin")
    login(second, "admin_one")
    as_member(client, "facilitator")
    assert client.submit(f"/mod/items/{item.id}/approve").status_code == 302
    late = second.submit(
        f"/mod/items/{item.id}/remove", {"guideline": "Be kind."}, follow_redirects=True
    )
    assert "already handled (approved by facilitator)" in late.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Post, post_id).status == "visible"
    assert log_actions(app) == ["approve"]


def test_medical_advice_is_held_with_the_reason_shown(client, app, member_factory, thread_factory):
    thread = thread_factory(member_factory("owner"))
    member_factory("adviser")
    as_member(client, "adviser")
    page = client.submit(
        f"/t/{thread.id}/reply",
        {"body": "You should stop taking your metformin, it's poison."},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "A moderator will review it" in page
    assert "Waiting for review" in page
    [item] = open_items(app)
    assert item.reason == "held"


def test_personal_stories_about_medicine_are_published(client, app, member_factory, thread_factory):
    thread = thread_factory(member_factory("owner"))
    member_factory("sharer")
    as_member(client, "sharer")
    page = client.submit(
        f"/t/{thread.id}/reply",
        {"body": "I stopped taking ibuprofen because it upset my stomach."},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Your reply is posted." in page
    assert open_items(app) == []


def test_blocked_words_are_refused_with_the_text_kept(client, app, member_factory, thread_factory):
    thread = thread_factory(member_factory("owner"))
    member_factory("angry")
    as_member(client, "angry")
    response = client.submit(f"/t/{thread.id}/reply", {"body": "Just kys already"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Just kys already</textarea>" in page
    assert "words this community has asked" in page


def test_masked_words_show_as_stars(client, app, member_factory, thread_factory):
    thread = thread_factory(member_factory("owner"))
    member_factory("careless")
    as_member(client, "careless")
    response = client.submit(f"/t/{thread.id}/reply", {"body": "That was so retarded of me"})
    page = client.get(response.location).get_data(as_text=True)
    assert "retarded" not in page
    assert "That was so *** of me" in page


def test_a_phone_number_in_an_edit_sends_the_post_back_to_review(
    client, app, member_factory, thread_factory
):
    thread = thread_factory(member_factory("owner"))
    member_factory("sharer")
    as_member(client, "sharer")
    post_id = reply_id(client.submit(f"/t/{thread.id}/reply", {"body": "Happy to chat more."}))
    client.submit(f"/p/{post_id}/edit", {"body": "Happy to chat more, ring me on 07700 900123"})
    [item] = open_items(app)
    assert item.reason == "edit"
    with app.app_context():
        assert db.session.get(Post, post_id).status == "pending"


def test_links_from_new_members_are_held(
    client, app, premoderation, member_factory, thread_factory
):
    thread = thread_factory(member_factory("owner", role="moderator"))
    member_factory("newcomer")
    as_member(client, "newcomer")
    page = client.submit(
        f"/t/{thread.id}/reply",
        {"body": "See https://cheap-pills.example.com/now"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "links are checked by a moderator" in page


def test_trust_is_earned_by_approvals_and_lost_by_a_removal(
    client, app, premoderation, moderator, member_factory, thread_factory
):
    thread = thread_factory(moderator)
    member_factory("learner")
    mod_client = app.test_client()
    login(mod_client, "facilitator")
    as_member(client, "learner")
    for number in range(3):
        client.submit(f"/t/{thread.id}/reply", {"body": f"Held post {number}"})
        [item] = open_items(app)
        assert mod_client.submit(f"/mod/items/{item.id}/approve").status_code == 302
    page = client.submit(
        f"/t/{thread.id}/reply", {"body": "Now I am trusted"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Your reply is posted." in page
    client.submit(f"/t/{thread.id}/reply", {"body": "What an idiot move"})
    [item] = open_items(app)
    mod_client.submit(f"/mod/items/{item.id}/remove", {"guideline": "Be kind."})
    page = client.submit(
        f"/t/{thread.id}/reply", {"body": "Sorry about that"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "A moderator will review it" in page


def test_silenced_member_cannot_post_and_sees_why(
    client, app, moderator, member_factory, thread_factory
):
    thread = thread_factory(moderator)
    target = member_factory("loud")
    # A board moderator acts on members who posted on their board.
    thread_factory(target, title="My strong opinions")
    as_member(client, "facilitator")
    response = client.submit(
        f"/mod/members/{target.id}/silence",
        {"days": "3", "reason": "Cooling off after an argument."},
    )
    assert response.status_code == 302
    as_member(client, "loud")
    refused = client.submit(f"/t/{thread.id}/reply", {"body": "Let me speak"})
    assert refused.status_code == 403
    page = refused.get_data(as_text=True)
    assert "You cannot post until" in page and "Cooling off after an argument." in page
    assert "Let me speak</textarea>" in page


def test_suspended_member_is_logged_out_and_told_why(
    client, app, moderator, member_factory, thread_factory
):
    target = member_factory("troll")
    # A board moderator acts on members who posted on their board.
    thread_factory(target, title="Trolling the diabetes board")
    victim_device = app.test_client()
    login(victim_device, "troll")
    as_member(client, "facilitator")
    client.submit(
        f"/mod/members/{target.id}/suspend", {"days": "30", "reason": "Harassing members."}
    )
    assert victim_device.get("/settings").status_code == 302
    response = login(victim_device, "troll")
    assert response.status_code == 403
    assert "Harassing members." in response.get_data(as_text=True)
    client.submit(f"/mod/members/{target.id}/reinstate", {"reason": "Apologised."})
    assert login(victim_device, "troll").status_code == 302
    assert log_actions(app) == ["suspend", "reinstate"]


def test_posting_too_fast_gets_429_with_the_text_kept(client, app, member_factory, thread_factory):
    app.config["MODERATION_POSTS_PER_10_MINUTES"] = 2
    thread = thread_factory(member_factory("owner"))
    member_factory("eager")
    as_member(client, "eager")
    for number in range(2):
        assert (
            client.submit(f"/t/{thread.id}/reply", {"body": f"Reply {number}"}).status_code == 302
        )
    response = client.submit(f"/t/{thread.id}/reply", {"body": "One more thought"})
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "You are posting faster than we allow" in page
    assert "One more thought</textarea>" in page


def test_thread_actions_and_sanctions_are_all_in_the_log(
    client, app, moderator, member_factory, thread_factory
):
    thread = thread_factory(moderator)
    target = member_factory("someone")
    # A board moderator acts on members who posted on their board.
    thread_factory(target, title="Something I wanted to say")
    as_member(client, "facilitator")
    client.submit(f"/mod/threads/{thread.id}/lock", {"locked": "1", "reason": "Going in circles"})
    client.submit(f"/mod/threads/{thread.id}/pin", {"pinned": "1"})
    client.submit(f"/mod/members/{target.id}/hold", {"held": "1", "reason": "Several removals"})
    client.submit(f"/mod/members/{target.id}/silence", {"days": "1", "reason": "Cool off"})
    admin = member_factory("site_admin", role="admin")
    as_member(client, "site_admin")
    client.submit(
        f"/mod/threads/{thread.id}/move", {"board": "heart-health", "reason": "Belongs there"}
    )
    client.submit(f"/mod/members/{target.id}/suspend", {"reason": "Spam"})
    assert log_actions(app) == ["lock", "pin", "always-held", "silence", "move", "suspend"]
    log_page = client.get("/mod/log").get_data(as_text=True)
    for expected in [
        "Going in circles",
        "Belongs there",
        "Diabetes",
        "Heart Health",
        "facilitator",
        "site_admin",
    ]:
        assert expected in log_page
    with app.app_context():
        moved = db.session.get(Thread, thread.id)
        assert moved.board.slug == "heart-health" and moved.locked and moved.pinned
        assert db.session.get(Member, admin.id).role == "admin"


def test_edit_and_approve_keeps_before_and_after_in_the_log(
    client, app, moderator, member_factory, thread_factory
):
    thread = thread_factory(moderator)
    member_factory("sharer")
    as_member(client, "sharer")
    post_id = reply_id(
        client.submit(f"/t/{thread.id}/reply", {"body": "Call me on 07700 900123 anytime"})
    )
    [item] = open_items(app)
    as_member(client, "facilitator")
    assert client.get(f"/mod/items/{item.id}/edit").status_code == 200
    response = client.submit(
        f"/mod/items/{item.id}/edit",
        {"body": "Happy to talk here in the thread", "note": "removed phone number"},
    )
    assert response.status_code == 302
    with app.app_context():
        post = db.session.get(Post, post_id)
        assert post.status == "visible" and "07700" not in post.body_html
        edit = db.session.scalars(db.select(LogEntry).where(LogEntry.action == "edit")).one()
        assert "07700 900123" in edit.before and edit.after == "Happy to talk here in the thread"


def test_log_entries_cannot_be_changed(app, client, moderator, thread_factory):
    thread = thread_factory(moderator)
    as_member(client, "facilitator")
    client.submit(f"/mod/threads/{thread.id}/lock", {"locked": "1"})
    from moderation.models import AuditLogIsAppendOnly

    with app.app_context():
        entry = db.session.scalars(db.select(LogEntry)).one()
        entry.reason = "rewritten history"
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.commit()
        db.session.rollback()
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.delete(db.session.scalars(db.select(LogEntry)).one())
            db.session.commit()


def test_flags_on_a_moderators_post_go_to_administrators(
    client, app, moderator, member_factory, thread_factory
):
    thread = thread_factory(moderator, body="A moderator's opinion")
    member_factory("critic")
    as_member(client, "critic")
    client.submit(f"/flag/{thread.opening_post_id}", {"guideline": "Be kind."})
    as_member(client, "facilitator")
    assert "A moderator's opinion" not in client.get("/mod/queue").get_data(as_text=True)
    [item] = open_items(app)
    assert client.submit(f"/mod/items/{item.id}/approve").status_code == 403
    member_factory("site_admin", role="admin")
    as_member(client, "site_admin")
    assert "A moderator's opinion" in client.get("/mod/queue").get_data(as_text=True)


def test_queue_shows_its_figures(client, app, moderator, member_factory, thread_factory):
    thread = thread_factory(moderator)
    member_factory("writer")
    as_member(client, "writer")
    client.submit(f"/t/{thread.id}/reply", {"body": "idiot one"})
    client.submit(f"/t/{thread.id}/reply", {"body": CRISIS_TEXT})
    as_member(client, "facilitator")
    page = client.get("/mod/queue").get_data(as_text=True)
    assert re.search(r"<dt>Open items</dt><dd>2</dd>", page)
    assert re.search(r"<dt>Urgent</dt><dd>1</dd>", page)
    assert "no decisions yet" in page
    [first, _] = open_items(app)
    client.submit(f"/mod/items/{first.id}/approve")
    page = client.get("/mod/queue").get_data(as_text=True)
    assert re.search(r"Median time to decision, 7 days</dt><dd>\d+ minutes</dd>", page)


def _routes(thread_id: int, item_id: int, post_id: int, member_id: int):
    return [
        ("get", "/mod/queue", {}),
        ("get", "/mod/log", {}),
        ("get", f"/mod/items/{item_id}/edit", {}),
        ("post", f"/mod/items/{item_id}/approve", {}),
        ("post", f"/mod/items/{item_id}/remove", {"guideline": "Be kind."}),
        ("post", f"/mod/items/{item_id}/edit", {"body": "x"}),
        ("post", f"/mod/threads/{thread_id}/lock", {"locked": "1"}),
        ("post", f"/mod/threads/{thread_id}/pin", {"pinned": "1"}),
        ("post", f"/mod/threads/{thread_id}/move", {"board": "cancer"}),
        ("post", f"/mod/posts/{post_id}/restore", {}),
        ("get", f"/mod/members/{member_id}", {}),
        ("post", f"/mod/members/{member_id}/silence", {"days": "1", "reason": "r"}),
        ("post", f"/mod/members/{member_id}/suspend", {"days": "1", "reason": "r"}),
        ("post", f"/mod/members/{member_id}/hold", {"reason": "r"}),
        ("post", f"/mod/members/{member_id}/reinstate", {"reason": "r"}),
    ]


@pytest.mark.parametrize("role", ["anonymous", "member", "other-board-moderator"])
def test_moderation_routes_refuse_those_without_the_right(
    client, app, member_factory, thread_factory, role
):
    author = member_factory("writer")
    thread = thread_factory(author, body="You are an idiot")
    [item] = open_items(app)
    with app.app_context():
        post = db.session.get(Post, thread.opening_post_id)
        post.status = "removed"
        db.session.commit()
    if role == "member":
        member_factory("plain")
        login(client, "plain")
    elif role == "other-board-moderator":
        other = member_factory("cancer_mod", role="moderator")
        with app.app_context():
            cancer = db.session.scalars(db.select(Board).where(Board.slug == "cancer")).one()
            db.session.add(BoardModerator(board_id=cancer.id, member_id=other.id))
            db.session.commit()
        login(client, "cancer_mod")
    for method, url, data in _routes(thread.id, item.id, thread.opening_post_id, author.id):
        # Any moderator may open the queue and log (scoped to their boards); members are theirs
        # to act on only once they posted on one of their boards (the writer posted on Diabetes).
        everyone_moderating = url in ("/mod/queue", "/mod/log")
        if role == "other-board-moderator" and everyone_moderating:
            continue
        response = client.get(url) if method == "get" else client.submit(url, data)
        if role == "anonymous":
            assert response.status_code == 302 and response.location.startswith("/login"), url
        else:
            assert response.status_code == 403, url
    assert log_actions(app) == []
    with app.app_context():
        assert db.session.get(Thread, thread.id).locked is False
        assert db.session.get(Member, author.id).status == "active"


def test_flagging_too_often_gets_429(client, app, member_factory, thread_factory):
    app.config["MODERATION_FLAGS_PER_HOUR"] = 2
    author = member_factory("poster")
    threads = [thread_factory(author, title=f"Thread number {n}") for n in range(3)]
    member_factory("busy_flagger")
    as_member(client, "busy_flagger")
    for thread in threads[:2]:
        assert client.submit(f"/flag/{thread.opening_post_id}", {"guideline": "Be kind."}).status_code == 302
    refused = client.submit(f"/flag/{threads[2].opening_post_id}", {"guideline": "Be kind."})
    assert refused.status_code == 429
    assert "You have flagged many posts in a short time" in refused.get_data(as_text=True)
