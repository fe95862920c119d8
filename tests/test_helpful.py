"""Helpful advice through HTTP: "this helped me" marks, a thread's answer, a board's Top tips."""

from __future__ import annotations

import re

import pytest
from conftest import login

from forum.extensions import db
from forum.helpful import mark_answer, mark_helpful
from forum.hooks import Change, post_changed
from forum.models import HelpfulMark, Member, Post, PostStatus, Thread
from forum.posting import delete_post, reply, set_post_status


@pytest.fixture
def reply_as(app):
    """reply_as(member, thread, body) -> the id of a reply written through the posting verb."""

    def write(member, thread, body: str = "Cold flannels help me.") -> int:
        with app.app_context():
            post, _ = reply(
                db.session.get(Thread, thread.id),
                author=db.session.get(Member, member.id),
                body=body,
            )
            db.session.commit()
            return post.id

    return write


def switch_to(client, username: str) -> None:
    client.submit("/logout")
    assert login(client, username).status_code == 302


def helpful_count(app, post_id: int) -> int:
    with app.app_context():
        return db.session.get(Post, post_id).helpful_count


def marks_on(app, post_id: int) -> int:
    with app.app_context():
        return db.session.scalar(
            db.select(db.func.count())
            .select_from(HelpfulMark)
            .where(HelpfulMark.post_id == post_id)
        )


def answer_of(app, thread_id: int) -> int | None:
    with app.app_context():
        return db.session.get(Thread, thread_id).answer_post_id


def tip_ids(html: str) -> list[int]:
    return [
        int(found) for found in re.findall(r'<article class="tip" aria-labelledby="tip(\d+)', html)
    ]


def test_member_marks_a_post_helpful_and_takes_it_back(
    app, client, member_factory, thread_factory, reply_as, login_as
):
    asker = member_factory("asker")
    thread = thread_factory(asker)
    tip = reply_as(member_factory("helper"), thread)
    login_as("reader")
    page = client.get(thread.url).get_data(as_text=True)
    assert 'This helped me<span class="visually-hidden"> (post by helper)</span>' in page
    assert "found this helpful" not in page

    response = client.submit(f"/p/{tip}/helpful")
    assert response.status_code == 302
    assert response.location.endswith(f"#p{tip}")
    page = client.get(response.location).get_data(as_text=True)
    assert "You marked helper&#39;s post as helpful." in page
    assert "1 person found this helpful" in page
    assert 'Undo: this helped me<span class="visually-hidden"> (post by helper)</span>' in page
    assert helpful_count(app, tip) == 1

    switch_to(client, "asker")
    client.submit(f"/p/{tip}/helpful")
    assert "2 people found this helpful" in client.get(thread.url).get_data(as_text=True)

    switch_to(client, "reader")
    undone = client.submit(f"/p/{tip}/helpful")
    assert undone.status_code == 302
    page = client.get(thread.url).get_data(as_text=True)
    assert "You took back your helpful mark." in page
    assert "1 person found this helpful" in page
    assert "This helped me<span" in page and "Undo: this helped me" not in page
    assert helpful_count(app, tip) == marks_on(app, tip) == 1


def test_a_member_counts_once_however_often_they_send_the_form(
    app, client, member_factory, thread_factory, reply_as, login_as
):
    thread = thread_factory(member_factory("asker"))
    tip = reply_as(member_factory("helper"), thread)
    login_as("reader")
    # The form names the state it asks for, so a resent or double-clicked form changes nothing.
    for _ in range(3):
        assert client.submit(f"/p/{tip}/helpful", {"mark": "1"}).status_code == 302
    assert helpful_count(app, tip) == marks_on(app, tip) == 1
    page = client.get(thread.url).get_data(as_text=True)
    assert "You had already marked this post as helpful." in page
    assert "1 person found this helpful" in page
    # Taking back a mark twice takes it back once.
    client.submit(f"/p/{tip}/helpful", {"mark": "0"})
    client.submit(f"/p/{tip}/helpful", {"mark": "0"})
    assert helpful_count(app, tip) == marks_on(app, tip) == 0
    assert client.submit(f"/p/{tip}/helpful", {"mark": "yes"}).status_code == 400


def test_the_mark_verb_itself_refuses_to_count_twice(app, member_factory, thread_factory, reply_as):
    thread = thread_factory(member_factory("asker"))
    tip = reply_as(member_factory("helper"), thread)
    reader = member_factory("reader")
    with app.app_context():
        post = db.session.get(Post, tip)
        member = db.session.get(Member, reader.id)
        assert mark_helpful(post, by=member) is True
        assert mark_helpful(post, by=member) is False
        db.session.commit()
        assert post.helpful_count == 1


def test_own_post_cannot_be_marked_helpful(
    app, client, member_factory, thread_factory, reply_as, login_as
):
    thread = thread_factory(member_factory("asker"))
    helper = login_as("helper")
    tip = reply_as(helper, thread)
    page = client.get(thread.url).get_data(as_text=True)
    assert "(post by asker)" in page and "(post by helper)" not in page
    response = client.submit(f"/p/{tip}/helpful")
    assert response.status_code == 403
    assert "You can&#39;t mark your own post as helpful." in response.get_data(as_text=True)
    assert helpful_count(app, tip) == 0


def test_anonymous_visitors_are_sent_to_log_in(
    app, client, member_factory, thread_factory, reply_as
):
    thread = thread_factory(member_factory("asker"))
    tip = reply_as(member_factory("helper"), thread)
    page = client.get(thread.url).get_data(as_text=True)
    assert "This helped me" not in page and "Mark as answer" not in page
    for url in (f"/p/{tip}/helpful", f"/p/{tip}/answer"):
        response = client.submit(url)
        assert response.status_code == 302
        assert response.location.startswith("/login?next=")
    assert helpful_count(app, tip) == 0
    assert answer_of(app, thread.id) is None


def test_posts_nobody_else_can_read_are_404_or_refused(
    app, client, member_factory, thread_factory, reply_as, login_as
):
    thread = thread_factory(member_factory("asker"))
    held = reply_as(member_factory("helper"), thread, "Held for review")
    deleted = reply_as(member_factory("other"), thread, "Taken back")
    with app.app_context():
        set_post_status(db.session.get(Post, held), PostStatus.PENDING)
        delete_post(db.session.get(Post, deleted), by=None)
        db.session.commit()
    login_as("reader")
    assert client.submit("/p/999999/helpful").status_code == 404
    assert client.submit(f"/p/{held}/helpful").status_code == 404
    refused = client.submit(f"/p/{deleted}/helpful")
    assert refused.status_code == 403
    assert "Only posts everyone can read" in refused.get_data(as_text=True)
    assert helpful_count(app, deleted) == 0


def test_only_the_thread_author_chooses_the_answer(
    app, client, member_factory, thread_factory, reply_as, login_as
):
    asker = member_factory("asker")
    thread = thread_factory(asker)
    tip = reply_as(member_factory("helper"), thread)
    login_as("reader")
    assert "Mark as answer" not in client.get(thread.url).get_data(as_text=True)
    refused = client.submit(f"/p/{tip}/answer")
    assert refused.status_code == 403
    assert "Only the member who started this thread can choose its answer." in refused.get_data(
        as_text=True
    )
    # The reply's own author is not the thread's author either.
    switch_to(client, "helper")
    assert client.submit(f"/p/{tip}/answer").status_code == 403
    assert answer_of(app, thread.id) is None

    switch_to(client, "asker")
    page = client.get(thread.url).get_data(as_text=True)
    assert 'Mark as answer<span class="visually-hidden"> (reply by helper)</span>' in page
    response = client.submit(f"/p/{tip}/answer")
    assert response.status_code == 302
    assert response.location.endswith(f"#p{tip}")
    assert answer_of(app, thread.id) == tip
    page = client.get(thread.url).get_data(as_text=True)
    assert "now the thread&#39;s answer" in page
    assert '<span class="badge badge-answer">Answer</span>' in page
    assert f'<strong>Answer:</strong> by helper — <a href="#p{tip}">jump to it' in page
    assert "Unmark answer" in page
    # Others see the badge and the line, not the buttons; nor may they clear it.
    switch_to(client, "reader")
    page = client.get(thread.url).get_data(as_text=True)
    assert "<strong>Answer:</strong> by helper" in page and "Unmark answer" not in page
    assert client.submit(f"/p/{tip}/answer", {"mark": "0"}).status_code == 403
    assert answer_of(app, thread.id) == tip


def test_a_new_answer_replaces_the_old_and_the_current_one_toggles_off(
    app, client, member_factory, thread_factory, reply_as, login_as
):
    asker = member_factory("asker")
    thread = thread_factory(asker)
    first = reply_as(member_factory("first"), thread, "Try a fan.")
    second = reply_as(member_factory("second"), thread, "Try a cold pack.")
    login(client, "asker")
    client.submit(f"/p/{first}/answer")
    client.submit(f"/p/{second}/answer")
    assert answer_of(app, thread.id) == second
    page = client.get(thread.url).get_data(as_text=True)
    assert page.count('<span class="badge badge-answer">Answer</span>') == 1
    assert "<strong>Answer:</strong> by second" in page
    # Unmarking a reply that is not the answer leaves the answer alone.
    client.submit(f"/p/{first}/answer", {"mark": "0"})
    assert answer_of(app, thread.id) == second
    # Pressing it on the current answer clears it.
    cleared = client.submit(f"/p/{second}/answer")
    assert cleared.status_code == 302
    assert answer_of(app, thread.id) is None
    page = client.get(thread.url).get_data(as_text=True)
    assert "no longer marked as the thread&#39;s answer" in page
    assert "<strong>Answer:</strong>" not in page


def test_the_opening_post_cannot_be_the_answer(app, client, member_factory, thread_factory):
    thread = thread_factory(member_factory("asker"))
    login(client, "asker")
    page = client.get(thread.url).get_data(as_text=True)
    assert "Mark as answer" not in page
    response = client.submit(f"/p/{thread.opening_post_id}/answer")
    assert response.status_code == 403
    assert "The opening post can&#39;t be the thread&#39;s answer" in response.get_data(
        as_text=True
    )
    assert answer_of(app, thread.id) is None


def test_answer_on_a_later_page_is_linked_through_its_post_address(
    app, client, member_factory, thread_factory, reply_as
):
    asker = member_factory("asker")
    thread = thread_factory(asker, replies=app.config["POSTS_PER_PAGE"] + 2)
    late = reply_as(member_factory("late"), thread, "What finally worked for me.")
    with app.app_context():
        mark_answer(
            db.session.get(Thread, thread.id),
            db.session.get(Post, late),
            by=db.session.get(Member, asker.id),
        )
        db.session.commit()
    page = client.get(thread.url).get_data(as_text=True)
    assert f'<strong>Answer:</strong> by late — <a href="/p/{late}">jump to it' in page
    landing = client.get(f"/p/{late}")
    assert f'id="p{late}"' in client.get(landing.location).get_data(as_text=True)


def test_removed_answer_is_not_advertised(app, client, member_factory, thread_factory, reply_as):
    asker = member_factory("asker")
    thread = thread_factory(asker)
    tip = reply_as(member_factory("helper"), thread)
    login(client, "asker")
    client.submit(f"/p/{tip}/answer")
    with app.app_context():
        set_post_status(db.session.get(Post, tip), PostStatus.REMOVED)
        db.session.commit()
    client.submit("/logout")
    page = client.get(thread.url).get_data(as_text=True)
    assert "<strong>Answer:</strong>" not in page and "badge-answer" not in page
    assert "helper" not in client.get("/b/diabetes/tips").get_data(as_text=True)


def test_every_change_announces_a_ranking_change_for_search(
    app, client, member_factory, thread_factory, reply_as
):
    asker = member_factory("asker")
    thread = thread_factory(asker)
    first = reply_as(member_factory("first"), thread)
    second = reply_as(member_factory("second"), thread)
    member_factory("reader")
    seen: list[tuple[int, Change]] = []

    def receiver(sender, *, post, change, verdict=None):
        seen.append((post.id, change))

    post_changed.connect(receiver, sender=app)
    try:
        login(client, "reader")
        client.submit(f"/p/{first}/helpful")
        client.submit(f"/p/{first}/helpful")
        switch_to(client, "asker")
        client.submit(f"/p/{first}/answer")
        client.submit(f"/p/{second}/answer")
        client.submit(f"/p/{second}/answer")
    finally:
        post_changed.disconnect(receiver, sender=app)
    ranking = Change.RANKING
    assert seen == [
        (first, ranking),  # marked helpful
        (first, ranking),  # mark taken back
        (first, ranking),  # chosen as the answer
        (first, ranking),  # ... and replaced: no longer the answer
        (second, ranking),
        (second, ranking),  # cleared
    ]


def test_top_tips_lists_the_boards_most_helpful_posts_first(
    app, client, member_factory, thread_factory, reply_as
):
    asker = member_factory("asker")
    readers = [member_factory(f"reader{n}") for n in range(3)]
    thread = thread_factory(asker, title="Sleeping with neuropathy")
    other = thread_factory(asker, title="Pacing the day")
    two = reply_as(member_factory("two"), thread, "Socks in the fridge.")
    three = reply_as(member_factory("three"), thread, "Raise the duvet with a frame.")
    one = reply_as(member_factory("one"), other, "Pace before you crash.")
    answer = reply_as(member_factory("answerer"), other, "A pacing diary, nothing else.")
    unmarked = reply_as(member_factory("quiet"), thread, "Nobody marked this one.")
    elsewhere_thread = thread_factory(asker, board_slug="cancer", title="Scanxiety coping")
    elsewhere = reply_as(member_factory("faraway"), elsewhere_thread, "Breathing exercises.")
    with app.app_context():
        for post_id, marks in ((two, 2), (three, 3), (one, 1), (elsewhere, 3)):
            post = db.session.get(Post, post_id)
            for reader in readers[:marks]:
                mark_helpful(post, by=db.session.get(Member, reader.id))
        mark_answer(
            db.session.get(Thread, other.id),
            db.session.get(Post, answer),
            by=db.session.get(Member, asker.id),
        )
        db.session.commit()

    board_page = client.get("/b/diabetes").get_data(as_text=True)
    assert 'href="/b/diabetes/tips">Top tips</a>' in board_page
    response = client.get("/b/diabetes/tips")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    # Most marks first; the answer without marks still counts as a tip; other boards stay out.
    assert tip_ids(page) == [three, two, one, answer]
    assert unmarked not in tip_ids(page) and elsewhere not in tip_ids(page)
    assert "3 people found this helpful" in page and "1 person found this helpful" in page
    assert "Raise the duvet with a frame." in page
    assert f'href="/t/{thread.id}/sleeping-with-neuropathy">Sleeping with neuropathy</a>' in page
    assert page.count('<span class="badge badge-answer">Answer</span>') == 1
    assert f'href="/p/{three}"' in page
    assert tip_ids(client.get("/b/cancer/tips").get_data(as_text=True)) == [elsewhere]
    assert client.get("/b/nowhere/tips").status_code == 404


def test_top_tips_break_ties_newest_first_and_page_by_keyset(
    app, client, member_factory, thread_factory, reply_as
):
    app.config["TIPS_PER_PAGE"] = 2
    thread = thread_factory(member_factory("asker"))
    reader = member_factory("reader")
    tips = [reply_as(member_factory(f"helper{n}"), thread, f"Tip {n}") for n in range(5)]
    with app.app_context():
        for post_id in tips:
            mark_helpful(db.session.get(Post, post_id), by=db.session.get(Member, reader.id))
        db.session.commit()
    seen, url = [], "/b/diabetes/tips"
    while url:
        page = client.get(url).get_data(as_text=True)
        seen.extend(tip_ids(page))
        later = re.search(r'<a rel="next" href="([^"]+)"', page)
        url = later.group(1).replace("&amp;", "&") if later else None
    assert seen == list(reversed(tips))
    back = re.search(r'<a rel="prev" href="([^"]+)"', page).group(1).replace("&amp;", "&")
    assert tip_ids(client.get(back).get_data(as_text=True)) == list(reversed(tips))[2:4]
    # A mangled cursor is ignored, never an error.
    for cursor in ("x.y", "1." + "9" * 30, "-1.5", "１.１"):
        assert client.get(f"/b/diabetes/tips?after={cursor}").status_code == 200


def test_top_tips_pages_through_marked_posts_and_unmarked_answers_both_ways(
    app, client, member_factory, thread_factory, reply_as
):
    app.config["TIPS_PER_PAGE"] = 2
    asker = member_factory("asker")
    readers = [member_factory(f"reader{n}") for n in range(2)]
    answers, marked = [], {}
    for n in range(3):
        thread = thread_factory(asker, title=f"Question number {n}")
        answers.append(reply_as(member_factory(f"answerer{n}"), thread, f"Answer {n}"))
        marked[reply_as(member_factory(f"tipper{n}"), thread, f"Tip {n}")] = [1, 2, 1][n]
    with app.app_context():
        by = db.session.get(Member, asker.id)
        for post_id in answers:
            post = db.session.get(Post, post_id)
            mark_answer(post.thread, post, by=by)
        for post_id, marks in marked.items():
            for reader in readers[:marks]:
                mark_helpful(db.session.get(Post, post_id), by=db.session.get(Member, reader.id))
        db.session.commit()
    expected = sorted(marked, key=lambda i: (marked[i], i), reverse=True) + sorted(
        answers, reverse=True
    )

    def walk(url: str, rel: str) -> list[list[int]]:
        pages = []
        while url:
            page = client.get(url).get_data(as_text=True)
            pages.append(tip_ids(page))
            found = re.search(rf'<a rel="{rel}" href="([^"]+)"', page)
            url = found.group(1).replace("&amp;", "&") if found else None
        return pages

    forward = walk("/b/diabetes/tips", "next")
    assert [tip for page in forward for tip in page] == expected
    assert [len(page) for page in forward] == [2, 2, 2]
    # From the last page back to the first, through the "more helpful" links.
    last = re.search(
        r'<a rel="next" href="([^"]+)"',
        client.get(f"/b/diabetes/tips?after=1.{expected[1]}").get_data(as_text=True),
    )
    backward = walk(last.group(1).replace("&amp;", "&"), "prev")
    assert list(reversed(backward)) == forward


def test_forms_need_a_csrf_token(app, client, member_factory, thread_factory, reply_as, login_as):
    asker = login_as("asker")
    thread = thread_factory(asker)
    tip = reply_as(member_factory("helper"), thread)
    for url in (f"/p/{tip}/helpful", f"/p/{tip}/answer"):
        response = client.post(url, data={"mark": "1"})
        assert response.status_code == 400, url
        assert "The form could not be sent" in response.get_data(as_text=True)
        assert client.get(url).status_code == 405
    assert helpful_count(app, tip) == 0
    assert answer_of(app, thread.id) is None


@pytest.mark.parametrize("reader", [None, "reader"])
def test_top_tips_query_count_does_not_grow_with_tips(
    app, client, member_factory, thread_factory, count_queries, reader
):
    asker = member_factory("asker")
    marker = member_factory("marker")
    member_factory("reader")
    thread = thread_factory(asker, replies=30)
    with app.app_context():
        replies = db.session.scalars(
            db.select(Post)
            .where(Post.thread_id == thread.id, Post.parent_id.is_not(None))
            .order_by(Post.id)
        ).all()
        by = db.session.get(Member, marker.id)
        for post in replies[:5]:
            mark_helpful(post, by=by)
        db.session.commit()
    if reader:
        login(client, reader)
    with count_queries() as few:
        page = client.get("/b/diabetes/tips").get_data(as_text=True)
    assert len(tip_ids(page)) == 5
    with app.app_context():
        by = db.session.get(Member, marker.id)
        for post in db.session.scalars(
            db.select(Post).where(Post.thread_id == thread.id, Post.helpful_count == 0)
        ).all()[:25]:
            mark_helpful(post, by=by)
        db.session.commit()
    with count_queries() as many:
        page = client.get("/b/diabetes/tips").get_data(as_text=True)
    assert len(tip_ids(page)) == 25 and 'rel="next"' in page
    # (The member and their unread notices,) the board, one page of tips with their threads.
    assert few.count == many.count == (2 if reader is None else 4)


def test_thread_page_queries_stay_the_same_with_marks_and_an_answer(
    app, client, member_factory, thread_factory, count_queries
):
    asker = member_factory("asker")
    reader = member_factory("reader")
    thread = thread_factory(member_factory("writer"), replies=12)
    with app.app_context():
        posts = db.session.scalars(db.select(Post).where(Post.thread_id == thread.id)).all()
        thread_row = db.session.get(Thread, thread.id)
        thread_row.author_id = asker.id  # the asker chooses the answer below
        for post in posts:
            mark_helpful(post, by=db.session.get(Member, reader.id))
        mark_answer(thread_row, posts[3], by=db.session.get(Member, asker.id))
        db.session.commit()
    login(client, "reader")
    with count_queries() as counter:
        page = client.get(thread.url).get_data(as_text=True)
    assert page.count("Undo: this helped me") == 13
    assert "<strong>Answer:</strong> by writer" in page
    # The same four as an unmarked thread: marks come in the page's query, the answer with the thread.
    assert counter.count == 4
