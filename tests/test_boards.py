"""The boards list, a board's threads in order, joining boards."""

from __future__ import annotations

import re
from datetime import timedelta

from forum import seeding
from forum.clock import utcnow
from forum.extensions import db
from forum.models import Thread
from moderation.rules import GUIDELINE_NO_SPAM

DEFAULT_BOARDS = [
    "Diabetes",
    "Arthritis &amp; Joint Pain",
    "Heart Health",
    "Cancer",
    "Mental Health",
    "Chronic Pain &amp; Fatigue",
    "Carers &amp; Family",
]


def _thread_titles(html: str) -> list[str]:
    return re.findall(r'<li class="thread-row[^"]*">\s*<h3><a href="[^"]+">([^<]+)</a>', html)


def test_home_lists_the_default_condition_boards_with_counts(
    client, member_factory, thread_factory
):
    thread_factory(
        member_factory("river"), board_slug="heart-health", title="Cardiac rehab nerves", replies=2
    )
    page = client.get("/").get_data(as_text=True)
    positions = [page.index(name) for name in DEFAULT_BOARDS]
    assert positions == sorted(positions)
    heart = page[page.index("Heart Health") : page.index("Cancer")]
    assert "1 thread" in heart and "3 posts" in heart
    assert "Cardiac rehab nerves" in heart


def _board_slugs(html: str) -> list[str]:
    return re.findall(r'<h2><a href="/b/([a-z0-9-]+)">', html)


def test_joined_boards_are_listed_first(client, login_as):
    login_as("river")
    response = client.submit("/b/carers-family/join")
    assert response.status_code == 302
    assert "You joined Carers &amp; Family" in client.get(response.location).get_data(as_text=True)
    page = client.get("/").get_data(as_text=True)
    assert _board_slugs(page)[:2] == ["carers-family", "diabetes"]
    assert "Leave Carers &amp; Family" in page
    client.submit("/b/carers-family/leave")
    page = client.get("/").get_data(as_text=True)
    assert _board_slugs(page)[0] == "diabetes"
    assert _board_slugs(page)[-1] == "carers-family"


def test_joining_needs_an_account(client):
    client.get("/login")
    response = client.submit("/b/diabetes/join")
    assert response.status_code == 302
    assert response.location.startswith("/login")


def test_board_page_shows_guidelines_and_threads(client, member_factory, thread_factory):
    thread_factory(
        member_factory("river"),
        board_slug="mental-health",
        title="Talking to family about depression",
    )
    page = client.get("/b/mental-health").get_data(as_text=True)
    assert "Board guidelines" in page
    assert "Share experience, not prescriptions." in page
    assert "Talking to family about depression" in page
    assert client.get("/b/no-such-board").status_code == 404


def test_every_default_board_writes_out_the_guideline_the_spam_checks_cite(client):
    # Held links and promotion name GUIDELINE_NO_SPAM to the author; it must be one they can read.
    for spec in seeding.DEFAULT_BOARDS:
        page = client.get(f"/b/{spec.slug}").get_data(as_text=True)
        assert f"<strong>{GUIDELINE_NO_SPAM}</strong>" in page, spec.slug


def test_board_threads_are_ordered_by_activity_with_pinned_first(
    app, client, member_factory, thread_factory
):
    author = member_factory("river")
    old = thread_factory(author, title="Old but pinned thread")
    quiet = thread_factory(author, title="Quiet thread")
    busy = thread_factory(author, title="Busy thread")
    with app.app_context():
        now = utcnow()
        for thread_id, age in [(old.id, 30), (quiet.id, 10), (busy.id, 1)]:
            db.session.get(Thread, thread_id).last_activity_at = now - timedelta(days=age)
        db.session.get(Thread, old.id).pinned = True
        db.session.commit()
    page = client.get("/b/diabetes").get_data(as_text=True)
    assert _thread_titles(page) == ["Old but pinned thread", "Busy thread", "Quiet thread"]
    assert "Pinned" in page


def test_board_pages_walk_every_thread_once_with_keyset_links(
    app, client, member_factory, thread_factory
):
    author = member_factory("river")
    for number in range(60):
        thread_factory(author, title=f"Thread number {number:02d}")
    per_page = app.config["THREADS_PER_PAGE"]
    seen: list[str] = []
    url = "/b/diabetes"
    pages = []
    while url:
        page = client.get(url).get_data(as_text=True)
        titles = _thread_titles(page)
        assert len(titles) <= per_page
        seen.extend(titles)
        pages.append(page)
        older = re.search(r'<a rel="next" href="([^"]+)"', page)
        url = older.group(1).replace("&amp;", "&") if older else None
    assert len(pages) == 3
    assert seen == [f"Thread number {n:02d}" for n in range(59, -1, -1)]
    assert "OFFSET" not in str(pages)
    # From the last page, "Newer threads" leads back to the page before it.
    newer = re.search(r'<a rel="prev" href="([^"]+)"', pages[-1]).group(1).replace("&amp;", "&")
    assert _thread_titles(client.get(newer).get_data(as_text=True)) == seen[per_page : 2 * per_page]


def test_garbled_page_cursor_shows_the_first_page(client, member_factory, thread_factory):
    thread_factory(member_factory("river"), title="Only thread here")
    for cursor in ["nonsense", "2026.x", "99999999999999999999.1", "<script>"]:
        response = client.get(f"/b/diabetes?before={cursor}")
        assert response.status_code == 200
        assert "Only thread here" in response.get_data(as_text=True)


def test_board_page_query_count_is_bounded(client, member_factory, thread_factory, count_queries):
    author = member_factory("river")
    for number in range(30):
        thread_factory(author, title=f"Thread number {number:02d}")
    with count_queries() as counter:
        assert client.get("/b/diabetes").status_code == 200
    # Board, pinned threads, one page of threads.
    assert counter.count == 3


def test_titles_and_usernames_are_escaped_everywhere(client, login_as):
    login_as("plain_name")
    title = '<script>alert("t")</script> tips'
    response = client.submit("/b/diabetes/new", {"title": title, "body": "body"})
    thread_page = client.get(response.location).get_data(as_text=True)
    for page in [
        thread_page,
        client.get("/b/diabetes").get_data(as_text=True),
        client.get("/").get_data(as_text=True),
    ]:
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert" in page


def test_anonymous_readers_get_no_session_cookie(client, member_factory, thread_factory):
    thread = thread_factory(member_factory("river"), replies=2)
    for url in ["/", "/b/diabetes", thread.url, "/u/river"]:
        response = client.get(url)
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers, url
