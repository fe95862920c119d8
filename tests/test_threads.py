"""Reading and writing discussions through HTTP, as members do."""

from __future__ import annotations

import re

import pytest
from conftest import login, posts_in

from forum.extensions import db
from forum.hooks import CheckResult, Decision, register_publish_check
from forum.models import Board, Post, Thread


def _post_ids_in_order(html: str) -> list[int]:
    return [int(found) for found in re.findall(r'<article class="post[^"]*" id="p(\d+)"', html)]


def test_member_starts_a_thread_and_sees_it_on_the_board(client, login_as):
    login_as("river")
    response = client.submit(
        "/b/diabetes/new", {"title": "Insulin pump travel tips", "body": "Any **tips** for flying?"}
    )
    assert response.status_code == 302
    assert re.fullmatch(r"/t/\d+/insulin-pump-travel-tips", response.location)
    page = client.get(response.location).get_data(as_text=True)
    assert "Insulin pump travel tips" in page
    assert "<strong>tips</strong>" in page
    assert "Your thread is posted." in page
    board_page = client.get("/b/diabetes").get_data(as_text=True)
    assert "Insulin pump travel tips" in board_page


def test_starting_a_thread_needs_an_account(client):
    response = client.get("/b/diabetes/new")
    assert response.status_code == 302
    assert response.location.startswith("/login?next=")


def test_failed_thread_form_keeps_the_members_text(client, login_as):
    login_as("river")
    body = "I have been up since 3am with burning feet & I wrote all this <down>."
    response = client.submit("/b/diabetes/new", {"title": "Hi", "body": body})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Titles are 5 to 150 characters." in page
    assert "I have been up since 3am with burning feet &amp; I wrote all this &lt;down&gt;." in page


def test_too_long_body_is_refused_with_a_clear_message_and_kept(client, login_as):
    login_as("river")
    body = "word " * 4001
    response = client.submit("/b/diabetes/new", {"title": "A long story", "body": body})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Posts can be at most 20,000 characters." in page
    assert "word word word" in page


def test_oversized_request_gets_413(client, login_as):
    login_as("river")
    response = client.submit("/b/diabetes/new", {"title": "Huge", "body": "x" * 400_000})
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)


def test_replies_are_shown_as_a_conversation_tree(client, login_as, thread_factory):
    author = login_as("river")
    thread = thread_factory(author, replies=0)
    first = client.submit(f"/t/{thread.id}/reply", {"body": "First answer"})
    second = client.submit(f"/t/{thread.id}/reply", {"body": "Second answer"})
    first_id = int(first.location.rsplit("#p", 1)[1])
    second_id = int(second.location.rsplit("#p", 1)[1])
    nested = client.submit(
        f"/t/{thread.id}/reply", {"body": "Answer to the first", "parent_id": str(first_id)}
    )
    nested_id = int(nested.location.rsplit("#p", 1)[1])
    page = client.get(thread.url).get_data(as_text=True)
    # The nested reply sits under the post it answers, before the next top-level reply.
    assert _post_ids_in_order(page) == [thread.opening_post_id, first_id, nested_id, second_id]
    assert f'class="post depth-2" id="p{nested_id}"' in page
    assert "2 replies" not in page and "3 replies" in page


def test_deep_replies_sit_flat_and_say_whom_they_answer(
    app, client, login_as, thread_factory, member_factory
):
    author = login_as("river")
    thread = thread_factory(author)
    parent_id = thread.opening_post_id
    for level in range(1, 8):
        response = client.submit(
            f"/t/{thread.id}/reply", {"body": f"Level {level}", "parent_id": str(parent_id)}
        )
        parent_id = int(response.location.rsplit("#p", 1)[1])
    page = client.get(thread.url).get_data(as_text=True)
    max_indent = app.config["MAX_REPLY_DEPTH"]
    assert "depth-6" not in page and "depth-7" not in page
    assert page.count(f'class="post depth-{max_indent}"') == 3
    assert page.count("in reply to") == 2


def test_reply_form_for_a_post_quotes_it(client, login_as, thread_factory):
    author = login_as("river")
    thread = thread_factory(author, body="Cold water helps my feet.\nSo does a fan.")
    response = client.get(f"/t/{thread.id}/reply?to={thread.opening_post_id}&quote=1")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "&gt; **river** wrote:" in page
    assert "&gt; Cold water helps my feet." in page
    assert f'value="{thread.opening_post_id}"' in page


def test_reply_to_a_post_of_another_thread_is_404(client, login_as, thread_factory):
    author = login_as("river")
    one = thread_factory(author, title="First thread here")
    other = thread_factory(author, title="Second thread here")
    response = client.submit(
        f"/t/{one.id}/reply", {"body": "hi", "parent_id": str(other.opening_post_id)}
    )
    assert response.status_code == 404


def test_locked_thread_takes_no_replies(app, client, login_as, thread_factory):
    author = login_as("river")
    thread = thread_factory(author)
    with app.app_context():
        db.session.get(Thread, thread.id).locked = True
        db.session.commit()
    page = client.get(thread.url).get_data(as_text=True)
    assert "This thread is locked" in page
    response = client.submit(f"/t/{thread.id}/reply", {"body": "Can I still say something?"})
    assert response.status_code == 403
    with app.app_context():
        assert len(posts_in(db.session.get(Thread, thread.id))) == 1


def test_author_edits_their_post_and_others_cannot(
    app, client, login_as, member_factory, thread_factory
):
    owner = member_factory("owner")
    thread = thread_factory(owner, title="Walking with arthritis", body="Original words")
    login_as("stranger")
    assert client.get(f"/p/{thread.opening_post_id}/edit").status_code == 403
    refused = client.submit(
        f"/p/{thread.opening_post_id}/edit", {"body": "Vandalised", "title": "Vandalised title"}
    )
    assert refused.status_code == 403
    client.submit("/logout")
    login(client, "owner")
    edited = client.submit(
        f"/p/{thread.opening_post_id}/edit",
        {"body": "Better *words*", "title": "Walking with sore knees"},
    )
    assert edited.status_code == 302
    page = client.get(edited.location).get_data(as_text=True)
    assert "<em>words</em>" in page and "edited" in page
    with app.app_context():
        stored = db.session.get(Thread, thread.id)
        assert stored.title == "Walking with sore knees"
        assert stored.slug == "walking-with-sore-knees"


def test_deleting_a_post_keeps_its_replies_in_place(
    app, client, login_as, member_factory, thread_factory
):
    owner = member_factory("owner")
    thread = thread_factory(owner)
    login_as("helper")
    answer = client.submit(f"/t/{thread.id}/reply", {"body": "Private detail I regret sharing"})
    answer_id = int(answer.location.rsplit("#p", 1)[1])
    client.submit("/logout")
    login(client, "owner")
    under = client.submit(
        f"/t/{thread.id}/reply", {"body": "Thanks, that helps", "parent_id": str(answer_id)}
    )
    under_id = int(under.location.rsplit("#p", 1)[1])
    # Someone else's post cannot be deleted.
    assert client.submit(f"/p/{answer_id}/delete").status_code == 403
    client.submit("/logout")
    login(client, "helper")
    assert "Delete my post" in client.get(f"/p/{answer_id}/delete").get_data(as_text=True)
    assert client.submit(f"/p/{answer_id}/delete").status_code == 302
    page = client.get(thread.url).get_data(as_text=True)
    assert "Private detail I regret sharing" not in page
    assert "Deleted by author." in page
    assert _post_ids_in_order(page) == [thread.opening_post_id, answer_id, under_id]
    with app.app_context():
        assert db.session.get(Post, answer_id).body_source == ""


def test_state_changing_requests_need_a_csrf_token(client, login_as, thread_factory):
    author = login_as("river")
    thread = thread_factory(author)
    attempts = [
        ("/b/diabetes/new", {"title": "Forged thread", "body": "forged"}),
        (f"/t/{thread.id}/reply", {"body": "forged"}),
        (f"/p/{thread.opening_post_id}/edit", {"body": "forged"}),
        (f"/p/{thread.opening_post_id}/delete", {}),
        ("/b/diabetes/join", {}),
        ("/logout", {}),
    ]
    for url, data in attempts:
        response = client.post(url, data=data)
        assert response.status_code == 400, url
        assert "The form could not be sent" in response.get_data(as_text=True)
    page = client.get(thread.url).get_data(as_text=True)
    assert "forged" not in page


def test_thread_url_redirects_to_its_slug_and_unknown_is_404(
    client, member_factory, thread_factory
):
    thread = thread_factory(member_factory("river"), title="Pacing with ME/CFS")
    response = client.get(f"/t/{thread.id}")
    assert response.status_code == 301
    assert response.location == thread.url
    missing = client.get("/t/99999")
    assert missing.status_code == 404
    assert "Page not found" in missing.get_data(
        as_text=True
    ) or "does not exist" in missing.get_data(as_text=True)
    assert client.get("/t/1/x?after=not-a-path").status_code in (301, 400)


def test_long_thread_is_paginated_in_reading_order(app, client, member_factory, thread_factory):
    thread = thread_factory(member_factory("river"), replies=44)
    seen: list[int] = []
    url = thread.url
    pages = 0
    while url:
        page = client.get(url).get_data(as_text=True)
        ids = _post_ids_in_order(page)
        assert len(ids) <= app.config["POSTS_PER_PAGE"]
        seen.extend(ids)
        pages += 1
        later = re.search(r'<a rel="next" href="([^"]+)"', page)
        url = later.group(1).replace("&amp;", "&") if later else None
    assert pages == 3
    assert len(seen) == 45 and len(set(seen)) == 45
    assert seen == sorted(seen)
    # The last page links back to the earlier ones.
    assert 'rel="prev"' in page


def test_post_link_lands_on_the_page_that_shows_it(client, member_factory, thread_factory):
    thread = thread_factory(member_factory("river"), replies=30)
    last = thread.opening_post_id + 30
    response = client.get(f"/p/{last}")
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert f'id="p{last}"' in page


@pytest.mark.parametrize("replies", [10, 200])
@pytest.mark.parametrize(("reader", "queries"), [(None, 2), ("river", 4)])
def test_thread_page_query_count_does_not_grow_with_replies(
    client, member_factory, thread_factory, count_queries, replies, reader, queries
):
    thread = thread_factory(member_factory("river"), replies=replies)
    if reader:
        login(client, reader)
    with count_queries() as counter:
        response = client.get(thread.url)
    assert response.status_code == 200
    # (The member and their unread notices,) the thread with its board and chosen answer, one
    # page of posts carrying the reader's own helpful marks: the same for 10 or 200 replies.
    assert counter.count == queries


def test_held_post_is_visible_only_to_its_author(
    app, client, login_as, member_factory, thread_factory
):
    def hold_everything_about_dosage(draft):
        if "dose" in draft.body:
            return CheckResult(Decision.HOLD, reasons=("Posts about doses are checked first.",))
        return None

    register_publish_check(app, hold_everything_about_dosage)
    thread = thread_factory(member_factory("owner"))
    login_as("writer")
    response = client.submit(
        f"/t/{thread.id}/reply", {"body": "I changed my dose last week"}, follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert "A moderator will review it" in page
    assert "Posts about doses are checked first." in page
    assert "I changed my dose last week" in page and "Waiting for review" in page
    client.submit("/logout")
    login(client, "owner")
    assert "I changed my dose last week" not in client.get(thread.url).get_data(as_text=True)
    with app.app_context():
        stored = db.session.get(Thread, thread.id)
        assert stored.reply_count == 0
        assert db.session.get(Board, stored.board_id).post_count == 1


def test_refused_post_keeps_the_text_and_says_why(
    app, client, login_as, member_factory, thread_factory
):
    thread = thread_factory(member_factory("owner"))
    register_publish_check(
        app,
        lambda draft: CheckResult(Decision.REFUSE, reasons=("Please remove the phone number.",)),
    )
    login_as("writer")
    response = client.submit(f"/t/{thread.id}/reply", {"body": "Call me on 555 0100 anytime"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Please remove the phone number." in page
    assert "Call me on 555 0100 anytime" in page


def test_held_thread_is_not_listed_for_others(app, client, login_as, member_factory):
    register_publish_check(app, lambda draft: CheckResult(Decision.HOLD) if draft.title else None)
    login_as("newcomer")
    response = client.submit(
        "/b/cancer/new", {"title": "Scanxiety before results", "body": "How do you cope?"}
    )
    thread_url = response.location
    assert "waiting for a moderator" in client.get(thread_url).get_data(as_text=True)
    client.submit("/logout")
    assert "Scanxiety" not in client.get("/b/cancer").get_data(as_text=True)
    assert client.get(thread_url).status_code == 404


def test_preview_shows_the_rendered_post_and_saves_nothing(app, client, login_as, thread_factory):
    author = login_as("river")
    thread = thread_factory(author)
    response = client.submit(f"/t/{thread.id}/reply", {"body": "Try **ice packs**", "preview": "1"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Preview: this is how your post will look" in page
    assert "<strong>ice packs</strong>" in page
    assert "Try **ice packs**</textarea>" in page
    with app.app_context():
        assert len(posts_in(db.session.get(Thread, thread.id))) == 1


def test_expired_form_hands_the_text_back(client, login_as):
    login_as("river")
    response = client.post(
        "/b/diabetes/new", data={"title": "My long story", "body": "Everything I typed <here>"}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "The form could not be sent" in page
    assert 'value="My long story"' in page
    assert "Everything I typed &lt;here&gt;</textarea>" in page


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/t/99999999999999999999999", 404),
        ("/t/2147483648", 404),
        ("/t/0", 404),
        ("/p/99999999999999999999999", 404),
        ("/p/99999999999999999999999/edit", 404),
        ("/t/{thread}/reply?to=99999999999999999999999", 400),
        ("/t/{thread}/reply?to=-1", 400),
        ("/t/{thread}/reply?to=%EF%BC%91", 400),
        ("/t/{thread}/x?start=%EF%BC%91%EF%BC%91", 400),
        ("/t/{thread}/x?after=" + "1" * 2000, 400),
    ],
)
def test_hostile_ids_and_cursors_get_a_clear_status_never_a_500(
    client, login_as, thread_factory, url, status
):
    thread = thread_factory(login_as("river"))
    response = client.get(url.format(thread=thread.id), follow_redirects=True)
    assert response.status_code == status


def test_control_characters_never_reach_the_database(app, client, login_as):
    login_as("river")
    response = client.submit(
        "/b/diabetes/new",
        {"title": "Night\x00 pain\u202e tips\x07", "body": "Line one\r\nLine\x00 two\x1b"},
    )
    assert response.status_code == 302
    with app.app_context():
        thread = db.session.scalars(db.select(Thread)).one()
        post = posts_in(thread)[0]
        assert thread.title == "Night pain tips"
        assert post.body_source == "Line one\nLine two"


def test_a_title_of_only_control_characters_is_refused(client, login_as):
    login_as("river")
    response = client.submit("/b/diabetes/new", {"title": "\x00" * 10, "body": "hello"})
    assert response.status_code == 400
    assert "Please give your thread a title." in response.get_data(as_text=True)
