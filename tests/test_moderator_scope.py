"""Who may read and act on what, by board: a table of readers × routes, checked through HTTP.

Board A is Diabetes, board B is Cancer. The moderator of board A also looks after Heart Health
(the board they move threads to); the moderator of board B looks after Cancer only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import _fresh_database, _settings, board, login
from sqlalchemy import event

from forum import create_app
from forum.extensions import db
from forum.hooks import CheckResult, Decision, register_publish_check
from forum.models import Member, Notice, Post, PostStatus, Thread
from forum.posting import edit_post, reply, set_post_status, start_thread
from moderation.decisions import lock_thread, remove, suspend
from moderation.models import BoardModerator, QueueItem

ACTORS = ("anonymous", "member", "mod_a", "mod_b", "admin")
LOGIN = "login"  # a redirect to the login page

# Held for personal data: a phone number. Each body is unique so a page can be searched for it.
HELD_THREAD_BODY = "Text me about the new pump on 07700 900111"
HELD_REPLY_BODY = "Ring me any evening on 07700 900222"
REMOVED_REPLY_BODY = "Everyone here is an idiot, honestly"
HIDDEN_THREAD_REPLY_BODY = "Walking after meals helped my numbers"


@dataclass
class World:
    writer: int = 0  # a member who posted on board A only
    b_writer: int = 0  # a member who posted on board B only
    held_thread: int = 0  # on A: its opening post is held
    held_opening: int = 0
    hidden_thread: int = 0  # on A: public once, its opening post's edit is now held
    hidden_thread_reply: int = 0  # a visible reply in that hidden thread
    open_thread: int = 0  # on A: public, with a held reply and a removed reply
    open_thread_url: str = ""
    visible_reply: int = 0
    held_reply: int = 0
    removed_reply: int = 0
    locked_thread: int = 0  # on A
    # Targets changed by an action, one per actor so the cells do not depend on their order.
    restorable: dict[str, int] = field(default_factory=dict)
    movable: dict[str, int] = field(default_factory=dict)


def _assign(member_id: int, *slugs: str) -> None:
    for slug in slugs:
        db.session.add(BoardModerator(board_id=board(slug).id, member_id=member_id))


def _opening(thread: Thread) -> Post:
    return db.session.scalars(
        db.select(Post).where(Post.thread_id == thread.id, Post.parent_id.is_(None))
    ).one()


def _removed_reply(thread: Thread, author: Member, admin: Member, body: str) -> int:
    """A reply removed through the queue, as a moderator's decision."""
    post, _ = reply(thread, author=author, body=body)
    item = db.session.scalars(db.select(QueueItem).where(QueueItem.post_id == post.id)).one()
    remove(item, by=admin, guideline="Be kind.")
    assert post.status == PostStatus.REMOVED
    return post.id


@pytest.fixture
def world(app, member_factory) -> World:
    refs = {
        "writer": member_factory("writer"),
        "b_writer": member_factory("b_writer"),
        "helper": member_factory("helper"),
        "member": member_factory("reader"),
        "mod_a": member_factory("mod_a", role="moderator"),
        "mod_b": member_factory("mod_b", role="moderator"),
        "admin": member_factory("site_admin", role="admin"),
    }
    w = World(writer=refs["writer"].id, b_writer=refs["b_writer"].id)
    with app.app_context():
        _assign(refs["mod_a"].id, "diabetes", "heart-health")
        _assign(refs["mod_b"].id, "cancer")
        writer, helper, admin = (
            db.session.get(Member, refs[name].id) for name in ("writer", "helper", "admin")
        )
        diabetes = board("diabetes")

        held, _ = start_thread(
            diabetes, author=writer, title="A question about pumps", body=HELD_THREAD_BODY
        )
        w.held_thread, w.held_opening = held.id, _opening(held).id

        hidden, _ = start_thread(
            diabetes, author=writer, title="Walking after meals", body="Does walking help?"
        )
        w.hidden_thread_reply = reply(hidden, author=helper, body=HIDDEN_THREAD_REPLY_BODY)[0].id
        edit_post(_opening(hidden), by=writer, body="Does walking help? Call 07700 900333")
        w.hidden_thread = hidden.id

        opened, _ = start_thread(
            diabetes, author=writer, title="Night-time lows", body="What helps you at night?"
        )
        w.open_thread, w.open_thread_url = opened.id, f"/t/{opened.id}/{opened.slug}"
        w.visible_reply = reply(opened, author=helper, body="A snack before bed")[0].id
        w.held_reply = reply(opened, author=writer, body=HELD_REPLY_BODY)[0].id
        w.removed_reply = _removed_reply(opened, writer, admin, REMOVED_REPLY_BODY)
        for actor in ACTORS:
            w.restorable[actor] = _removed_reply(opened, writer, admin, f"idiot number {actor}")

        locked, _ = start_thread(diabetes, author=writer, title="Locked one", body="Closed now")
        lock_thread(locked, by=admin, locked=True)
        w.locked_thread = locked.id

        for actor in ACTORS:
            moving, _ = start_thread(
                diabetes, author=writer, title=f"Moving {actor}", body="Which board?"
            )
            w.movable[actor] = moving.id

        b_writer = db.session.get(Member, w.b_writer)
        start_thread(board("cancer"), author=b_writer, title="Scan results", body="Waiting.")
        db.session.commit()
        assert not db.session.get(Thread, w.held_thread).is_public
        assert not db.session.get(Thread, w.hidden_thread).is_public
        assert db.session.get(Post, w.held_reply).status == PostStatus.PENDING
    return w


def _outcome(response):
    if response.status_code == 302 and response.location.startswith("/login"):
        return LOGIN
    return response.status_code


def _shows(text: str):
    """A cell that answers whether the page contains the text (pages that fail count as no)."""

    def observe(response):
        return response.status_code == 200 and text in response.get_data(as_text=True)

    return observe


def _table(w: World):
    """Rows of (label, method, url, form data, observe, expected for each of ACTORS).

    An expected status, LOGIN for a redirect to the login page, or for a "shows" row whether the
    page contains the text. A url may be a function of the actor, for actions that change their
    target: each actor then gets their own.
    """
    why = {"days": "2", "reason": "Posting phone numbers again"}
    status = _outcome
    # fmt: off
    reads = [
        # label                        method url                                 data observe                       anonymous member mod_a mod_b admin
        ("held thread",                "get", f"/t/{w.held_thread}",              {}, status,                          (404,   404,   301,  404,  301)),
        ("hidden thread",              "get", f"/t/{w.hidden_thread}",            {}, status,                          (404,   404,   301,  404,  301)),
        ("held opening post",          "get", f"/p/{w.held_opening}",             {}, status,                          (404,   404,   302,  404,  302)),
        ("held reply",                 "get", f"/p/{w.held_reply}",               {}, status,                          (404,   404,   302,  404,  302)),
        ("removed reply",              "get", f"/p/{w.removed_reply}",            {}, status,                          (404,   404,   302,  404,  302)),
        ("reply in hidden thread",     "get", f"/p/{w.hidden_thread_reply}",      {}, status,                          (404,   404,   302,  404,  302)),
        ("page shows held reply",      "get", w.open_thread_url,                  {}, _shows(HELD_REPLY_BODY),         (False, False, True, False, True)),
        ("page shows removed reply",   "get", w.open_thread_url,                  {}, _shows(REMOVED_REPLY_BODY),      (False, False, True, False, True)),
        ("page shows mod tools",       "get", w.open_thread_url,                  {}, _shows("Moderator tools"),       (False, False, True, False, True)),
        ("page shows Restore",         "get", w.open_thread_url,                  {}, _shows(">Restore</button>"),     (False, False, True, False, True)),
        ("flag held opening post",     "get", f"/flag/{w.held_opening}",          {}, status,                          (LOGIN, 404,   200,  404,  200)),
        ("flag reply in hidden thread", "get", f"/flag/{w.hidden_thread_reply}",  {}, status,                          (LOGIN, 404,   200,  404,  200)),
        ("flag visible reply",         "get", f"/flag/{w.visible_reply}",         {}, status,                          (LOGIN, 200,   200,  200,  200)),
        ("queue",                      "get", "/mod/queue",                       {}, status,                          (LOGIN, 403,   200,  200,  200)),
        ("queue shows held post",      "get", "/mod/queue",                       {}, _shows(HELD_THREAD_BODY),        (False, False, True, False, True)),
        ("member page (posted on A)",  "get", f"/mod/members/{w.writer}",         {}, status,                          (LOGIN, 403,   200,  403,  200)),
        ("member page (posted on B)",  "get", f"/mod/members/{w.b_writer}",       {}, status,                          (LOGIN, 403,   403,  200,  200)),
        ("locked thread reply form",   "get", f"/t/{w.locked_thread}/reply",      {}, status,                          (LOGIN, 403,   200,  403,  200)),
    ]
    actions = [
        ("silence",                    "post", f"/mod/members/{w.writer}/silence",   why,                                   status, (LOGIN, 403, 302, 403, 302)),
        ("silence, no reason",         "post", f"/mod/members/{w.writer}/silence",   {"days": "2", "reason": " "},          status, (LOGIN, 403, 400, 403, 400)),
        ("silence, reason not words",  "post", f"/mod/members/{w.writer}/silence",   {"days": "2", "reason": "\u200b..."},  status, (LOGIN, 403, 400, 403, 400)),
        ("suspend",                    "post", f"/mod/members/{w.writer}/suspend",   why,                                   status, (LOGIN, 403, 302, 403, 302)),
        ("hold",                       "post", f"/mod/members/{w.writer}/hold",      {"held": "1", "reason": "Check first"}, status, (LOGIN, 403, 302, 403, 302)),
        ("reinstate",                  "post", f"/mod/members/{w.writer}/reinstate", {"reason": "Apologised"},              status, (LOGIN, 403, 302, 403, 302)),
        ("silence member of B",        "post", f"/mod/members/{w.b_writer}/silence", why,                                   status, (LOGIN, 403, 403, 302, 302)),
        ("reply to locked thread",     "post", f"/t/{w.locked_thread}/reply",        {"body": "Reopening soon"},            status, (LOGIN, 403, 302, 403, 302)),
        ("lock",                       "post", f"/mod/threads/{w.open_thread}/lock", {"locked": "1"},                       status, (LOGIN, 403, 302, 403, 302)),
        ("pin",                        "post", f"/mod/threads/{w.open_thread}/pin",  {"pinned": "1"},                       status, (LOGIN, 403, 302, 403, 302)),
        ("restore",                    "post", lambda actor: f"/mod/posts/{w.restorable[actor]}/restore", {},               status, (LOGIN, 403, 302, 403, 302)),
        ("move",                       "post", lambda actor: f"/mod/threads/{w.movable[actor]}/move", {"board": "heart-health"}, status, (LOGIN, 403, 302, 403, 302)),
    ]
    # fmt: on
    return reads, actions


def test_each_reader_sees_and_acts_on_the_boards_in_their_scope(app, world):
    usernames = {"member": "reader", "mod_a": "mod_a", "mod_b": "mod_b", "admin": "site_admin"}
    reads, actions = _table(world)
    wrong = []
    for column, actor in enumerate(ACTORS):
        client = app.test_client()
        if actor != "anonymous":
            assert login(client, usernames[actor]).status_code == 302
        # Reads first: the actions below change what some pages show.
        for label, method, url, data, observe, expected in [*reads, *actions]:
            target = url(actor) if callable(url) else url
            response = client.get(target) if method == "get" else client.submit(target, data)
            got = observe(response)
            if got != expected[column]:
                wrong.append(f"{label} as {actor}: expected {expected[column]!r}, got {got!r}")
    assert wrong == [], "\n".join(wrong)


def test_moderation_history_shows_a_board_moderator_only_their_boards(app, client, member_factory):
    """Who posts on which condition board is health information: history stays on its board."""
    subject = member_factory("both_boards")
    member_factory("mod_a", role="moderator")
    member_factory("site_admin", role="admin")
    with app.app_context():
        mod_a = db.session.scalars(db.select(Member).where(Member.username == "mod_a")).one()
        _assign(mod_a.id, "diabetes")
        admin = db.session.scalars(db.select(Member).where(Member.username == "site_admin")).one()
        author = db.session.get(Member, subject.id)
        for slug in ("diabetes", "cancer"):
            thread, _ = start_thread(board(slug), author=author, title=f"On {slug}", body="Hi")
            post, _ = reply(thread, author=author, body="What an idiot idea")
            item = db.session.scalars(
                db.select(QueueItem).where(QueueItem.post_id == post.id)
            ).one()
            remove(item, by=admin, guideline="Be kind.", message=f"removed-on-{slug}")
        suspend(author, by=admin, until=None, reason="site-wide-by-admin")
        db.session.commit()
    login(client, "mod_a")
    assert (
        client.submit(
            f"/mod/members/{subject.id}/silence", {"days": "1", "reason": "silenced-by-mod-a"}
        ).status_code
        == 302
    )
    page = client.get(f"/mod/members/{subject.id}").get_data(as_text=True)
    assert "removed-on-diabetes" in page
    assert "silenced-by-mod-a" in page  # their own action on this member
    assert "removed-on-cancer" not in page
    assert "site-wide-by-admin" not in page
    client.submit("/logout")
    login(client, "site_admin")
    page = client.get(f"/mod/members/{subject.id}").get_data(as_text=True)
    for reason in (
        "removed-on-diabetes",
        "removed-on-cancer",
        "site-wide-by-admin",
        "silenced-by-mod-a",
    ):
        assert reason in page


def test_a_board_moderators_thread_page_looks_up_their_boards_once(app, world, count_queries):
    """Member, thread, posts, unread notices and the moderator's boards: one lookup, shared by
    the core and moderation. Board A's moderator also gets the mod tools, whose "Move to board"
    menu lists their boards: one more query, only for them."""
    counts, pages = {}, {}
    for name in ("mod_a", "mod_b"):
        client = app.test_client()
        login(client, name)
        with count_queries() as counter:
            response = client.get(world.open_thread_url)
        assert response.status_code == 200
        counts[name], pages[name] = counter.count, response.get_data(as_text=True)
    assert HELD_REPLY_BODY in pages["mod_a"]
    assert HELD_REPLY_BODY not in pages["mod_b"]
    assert counts == {"mod_a": 6, "mod_b": 5}


# --- notices --------------------------------------------------------------------------------------


def _notice_ids(app, member_id: int) -> dict[int, bool]:
    """Each notice of the member: whether it is read."""
    with app.app_context():
        return {
            n.id: n.read_at is not None
            for n in db.session.scalars(db.select(Notice).where(Notice.member_id == member_id))
        }


@pytest.fixture
def noticed(app, member_factory):
    """A member with two unread notices, and another member with one."""
    them = member_factory("noticed")
    other = member_factory("other")
    with app.app_context():
        for text in ("First notice", "Second notice"):
            db.session.add(Notice(member_id=them.id, text=text))
        db.session.add(Notice(member_id=other.id, text="Someone else's notice"))
        db.session.commit()
    return them, other


def test_reading_notices_changes_nothing(app, client, count_queries, noticed):
    them, _ = noticed
    login(client, "noticed")
    writes = []

    def watch(conn, cursor, statement, *args):
        if statement.lstrip().split()[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            writes.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", watch)
    try:
        for _ in range(2):
            page = client.get("/notices").get_data(as_text=True)
            assert page.count('<span class="badge">New</span>') == 2
            assert '2<span class="visually-hidden"> unread' in page
    finally:
        event.remove(engine, "before_cursor_execute", watch)
    assert writes == []
    assert set(_notice_ids(app, them.id).values()) == {False}


def test_mark_all_notices_read_is_a_post_with_a_token(app, client, noticed):
    them, other = noticed
    login(client, "noticed")
    page = client.get("/notices").get_data(as_text=True)
    assert 'action="/notices/read"' in page and "Mark all as read" in page
    assert client.post("/notices/read").status_code == 400  # no CSRF token
    assert set(_notice_ids(app, them.id).values()) == {False}
    response = client.submit("/notices/read")
    assert response.status_code == 302 and response.location == "/notices"
    assert set(_notice_ids(app, them.id).values()) == {True}
    assert set(_notice_ids(app, other.id).values()) == {False}
    page = client.get("/notices").get_data(as_text=True)
    assert '<span class="badge">New</span>' not in page and "Mark all as read" not in page


def test_one_notice_can_be_marked_read_by_its_member_only(app, client, noticed):
    them, other = noticed
    [first, second] = sorted(_notice_ids(app, them.id))
    [theirs] = _notice_ids(app, other.id)
    login(client, "noticed")
    assert f'action="/notices/{first}/read"' in client.get("/notices").get_data(as_text=True)
    assert client.submit(f"/notices/{first}/read").status_code == 302
    assert _notice_ids(app, them.id) == {first: True, second: False}
    assert client.submit(f"/notices/{theirs}/read").status_code == 404
    assert _notice_ids(app, other.id) == {theirs: False}
    assert client.get(f"/notices/{first}/read").status_code == 405


# --- the core with moderation off -----------------------------------------------------------------


@pytest.fixture
def core_app(tmp_path: Path, migrated_database: str):
    """The forum with no plug-ins, and a check that holds posts saying HOLD-ME."""
    from conftest import BrowserClient

    app = create_app(
        {**_settings(tmp_path, _fresh_database(migrated_database, tmp_path)), "PLUGINS": []}
    )
    app.test_client_class = BrowserClient

    def hold_marked(draft):
        if "HOLD-ME" in draft.body:
            return CheckResult(Decision.HOLD, ("Held for a test.",))
        return None

    register_publish_check(app, hold_marked)
    yield app
    with app.app_context():
        db.engine.dispose()


def test_without_moderation_only_administrators_have_moderator_powers(core_app):
    from forum.accounts import register_member

    with core_app.app_context():
        names = {"writer": "member", "reader": "member", "mod": "moderator", "boss": "admin"}
        members = {
            name: register_member(
                username=name,
                email=f"{name}@example.org",
                password="correct horse battery",
                role=role,
            )
            for name, role in names.items()
        }
        writer = members["writer"]
        held, _ = start_thread(
            board("diabetes"), author=writer, title="Held thread", body="HOLD-ME"
        )
        opened, _ = start_thread(board("diabetes"), author=writer, title="Open thread", body="Hi")
        gone, _ = reply(opened, author=writer, body="Removed words here")
        set_post_status(gone, PostStatus.REMOVED)
        opened.locked = True
        db.session.commit()
        held_url, open_url = f"/t/{held.id}", f"/t/{opened.id}/{opened.slug}"
        reply_url = f"/t/{opened.id}/reply"
    expected = {"reader": (404, False, 403), "mod": (404, False, 403), "boss": (301, True, 302)}
    for name, (held_status, sees_removed, reply_status) in expected.items():
        client = core_app.test_client()
        assert (
            client.submit(
                "/login", {"username": name, "password": "correct horse battery"}
            ).status_code
            == 302
        )
        assert client.get(held_url).status_code == held_status, name
        page = client.get(open_url)
        assert page.status_code == 200
        assert ("Removed words here" in page.get_data(as_text=True)) is sees_removed, name
        assert "Moderator tools" not in page.get_data(as_text=True)
        assert client.submit(reply_url, {"body": "A reply"}).status_code == reply_status, name
