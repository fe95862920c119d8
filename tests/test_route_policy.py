"""Every URL rule of the app, with the roles allowed to use it, walked through HTTP.

POLICY has one line per (rule, method) pair of `app.url_map` (HEAD and OPTIONS aside), keyed by
the rule as Werkzeug spells it ("/t/<id:thread_id>/reply"), not by endpoint name: endpoints get
renamed when views move, URLs do not. A route added without a line here fails
test_every_route_has_a_policy, and so does a line whose route is gone.

The roles, each walking their own copy of the same world (built per test, so one role's actions
never change what another role meets):

- anonymous: nobody logged in.
- member: "mia", an ordinary member. She started the thread on Diabetes the routes act on, wrote
  the posts that are hers to edit or delete, and the notice is hers. Where a route is hers alone
  (her post, her thread's answer, her notice), the line says so.
- board_moderator: "bea", moderator of Diabetes, the board every object is on (and of Heart
  Health, where she may move a thread to).
- other_moderator: "otto", moderator of Cancer only.
- admin: "ada".

The queue items are for replies held while their thread was on Cancer, which an administrator then
moved to Diabetes: a held post is its current board's to decide, as its thread page and its
restore are.

How a cell is judged:

- refused: 403, 404, or a redirect to the login page that carries ?next= (what login_required
  answers an anonymous visitor).
- allowed: not refused, and exactly the answer the probe names for the route: 200 for a page;
  301/302 for a redirect (never to the login page with ?next=); or 400 where the probe sends
  deliberately incomplete data, because complete data would change what the rest of the walk
  relies on (the anonymous client would log in or join; a member's password would change). A 400
  from a form's validation comes after the login and permission checks, so it is "allowed past
  authorization". A 400 from the CSRF check never counts: it fails the cell, since then the probe
  proved nothing.
- never: 500 or an exception, for anyone.

Sign-out-everywhere's own answer is a redirect to /login without ?next=; that is its success.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import PASSWORD, BrowserClient, _settings, board, login
from flask import Flask
from sqlalchemy import func

from forum import create_app
from forum.accounts import register_member
from forum.extensions import db
from forum.models import Member, Notice, Post, PostStatus
from forum.posting import reply, start_thread
from forum.private_messages import start_check_in
from moderation.decisions import move_thread_to, remove
from moderation.models import BoardModerator, QueueItem, Rule
from moderation.rules import Kind

ANONYMOUS = "anonymous"
MEMBER = "member"
BOARD_MOD = "board_moderator"
OTHER_MOD = "other_moderator"
ADMIN = "admin"
ROLES = (ANONYMOUS, MEMBER, BOARD_MOD, OTHER_MOD, ADMIN)

EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {ANONYMOUS}
MODERATORS = frozenset({BOARD_MOD, OTHER_MOD, ADMIN})
BOARD_STAFF = frozenset({BOARD_MOD, ADMIN})  # the object's board's moderators, and administrators
ADMINS = frozenset({ADMIN})
MIA_ONLY = frozenset({MEMBER})  # what is hers: her posts, her thread's answer, her notice

USERNAMES = {MEMBER: "mia", BOARD_MOD: "bea", OTHER_MOD: "otto", ADMIN: "ada"}

# fmt: off
POLICY: dict[tuple[str, str], frozenset[str]] = {
    # rule                                                    method     roles allowed
    ("/",                                                     "GET"):  EVERYONE,
    ("/static/<path:filename>",                               "GET"):  EVERYONE,     # the site's stylesheet
    ("/login",                                                "GET"):  EVERYONE,     # signed in: sent home
    ("/login",                                                "POST"): EVERYONE,
    ("/logout",                                               "POST"): EVERYONE,
    ("/register",                                             "GET"):  EVERYONE,     # signed in: sent home
    ("/register",                                             "POST"): EVERYONE,
    ("/settings",                                             "GET"):  SIGNED_IN,
    ("/settings/password",                                    "POST"): SIGNED_IN,    # their own account
    ("/settings/email",                                       "POST"): SIGNED_IN,
    ("/settings/privacy",                                     "POST"): SIGNED_IN,
    ("/settings/sign-out-everywhere",                         "POST"): SIGNED_IN,
    ("/search",                                               "GET"):  EVERYONE,
    ("/u/<username>",                                         "GET"):  EVERYONE,     # a public profile
    ("/b/<slug>",                                             "GET"):  EVERYONE,
    ("/b/<slug>/tips",                                        "GET"):  EVERYONE,
    ("/b/<slug>/join",                                        "POST"): SIGNED_IN,
    ("/b/<slug>/leave",                                       "POST"): SIGNED_IN,
    ("/b/<slug>/new",                                         "GET"):  SIGNED_IN,
    ("/b/<slug>/new",                                         "POST"): SIGNED_IN,
    ("/t/<id:thread_id>",                                     "GET"):  EVERYONE,     # a public thread
    ("/t/<id:thread_id>/<slug>",                              "GET"):  EVERYONE,
    ("/t/<id:thread_id>/reply",                               "GET"):  SIGNED_IN,    # an open thread
    ("/t/<id:thread_id>/reply",                               "POST"): SIGNED_IN,
    ("/p/<id:post_id>",                                       "GET"):  EVERYONE,     # a visible reply
    ("/p/<id:post_id>/edit",                                  "GET"):  MIA_ONLY,     # her reply: authors only
    ("/p/<id:post_id>/edit",                                  "POST"): MIA_ONLY,
    ("/p/<id:post_id>/delete",                                "GET"):  MIA_ONLY,
    ("/p/<id:post_id>/delete",                                "POST"): MIA_ONLY,
    ("/p/<id:post_id>/helpful",                               "POST"): SIGNED_IN,    # someone else's reply
    ("/p/<id:post_id>/answer",                                "POST"): MIA_ONLY,     # a reply in her thread
    ("/flag/<id:post_id>",                                    "GET"):  SIGNED_IN,    # someone else's reply
    ("/flag/<id:post_id>",                                    "POST"): SIGNED_IN,
    ("/notices",                                              "GET"):  SIGNED_IN,    # their own notices
    ("/notices/read",                                         "POST"): SIGNED_IN,
    ("/notices/<id:notice_id>/read",                          "POST"): MIA_ONLY,     # her notice
    ("/messages/<id:conversation_id>",                        "GET"):  MIA_ONLY | BOARD_STAFF,  # a check-in written to her
    ("/messages/<id:conversation_id>/reply",                  "POST"): MIA_ONLY | BOARD_STAFF,
    ("/mod",                                                  "GET"):  MODERATORS,
    ("/mod/queue",                                            "GET"):  MODERATORS,   # each sees their boards' items
    ("/mod/review",                                           "GET"):  MODERATORS,   # each sees their boards' decisions
    ("/mod/items/<id:item_id>/approve",                       "POST"): BOARD_STAFF,  # a held reply, its thread moved to Diabetes
    ("/mod/items/<id:item_id>/check-in",                      "GET"):  BOARD_STAFF,
    ("/mod/items/<id:item_id>/check-in",                      "POST"): BOARD_STAFF,
    ("/mod/items/<id:item_id>/remove",                        "POST"): BOARD_STAFF,
    ("/mod/items/<id:item_id>/edit",                          "GET"):  BOARD_STAFF,
    ("/mod/items/<id:item_id>/edit",                          "POST"): BOARD_STAFF,
    ("/mod/posts/<id:post_id>/restore",                       "POST"): BOARD_STAFF,  # a removed reply on Diabetes
    ("/mod/threads/<id:thread_id>/lock",                      "POST"): BOARD_STAFF,
    ("/mod/threads/<id:thread_id>/pin",                       "POST"): BOARD_STAFF,
    ("/mod/threads/<id:thread_id>/move",                      "POST"): BOARD_STAFF,  # to a board they moderate
    ("/mod/members/<id:member_id>",                           "GET"):  BOARD_STAFF,  # mia, who posts on Diabetes
    ("/mod/members/<id:member_id>/silence",                   "POST"): BOARD_STAFF,
    ("/mod/members/<id:member_id>/suspend",                   "POST"): BOARD_STAFF,
    ("/mod/members/<id:member_id>/hold",                      "POST"): BOARD_STAFF,
    ("/mod/members/<id:member_id>/reinstate",                 "POST"): BOARD_STAFF,
    ("/mod/log",                                              "GET"):  MODERATORS,   # each sees their boards' entries
    ("/mod/rules",                                            "GET"):  MODERATORS,   # site rules: any moderator reads
    ("/mod/rules/words",                                      "POST"): BOARD_STAFF,  # a word for Diabetes
    ("/mod/rules/kinds",                                      "POST"): BOARD_STAFF,  # a built-in kind for Diabetes
    ("/mod/rules/<id:rule_id>/toggle",                        "POST"): BOARD_STAFF,  # a Diabetes rule
    ("/mod/rules/<id:rule_id>/delete",                        "POST"): BOARD_STAFF,
    ("/mod/boards",                                           "GET"):  MODERATORS,   # the boards they moderate
    ("/mod/boards",                                           "POST"): ADMINS,       # a new board
    ("/mod/boards/<slug>",                                    "GET"):  BOARD_STAFF,
    ("/mod/boards/<slug>/guidelines",                         "POST"): BOARD_STAFF,
    ("/mod/boards/<slug>/moderators",                         "POST"): ADMINS,
    ("/mod/boards/<slug>/moderators/<id:member_id>/remove",   "POST"): ADMINS,
    ("/mod/static/<path:filename>",                           "GET"):  EVERYONE,     # moderation's stylesheet
}
# fmt: on


@dataclass(frozen=True)
class ByLogin:
    """An answer that depends on whether anyone is logged in."""

    anonymous: int
    signed_in: int


@dataclass(frozen=True)
class Probe:
    """How to exercise a route: the URL (World fields in braces), the form, what allowed looks like.

    `to` pins where an allowed redirect goes, where that is what tells success from refusal.
    `signs_out` marks routes that end the session: the walk logs back in after them.
    """

    url: str
    ok: int | ByLogin
    data: dict[str, str] = field(default_factory=dict)
    to: str | None = None
    signs_out: bool = False

    def expected(self, role: str) -> int:
        if isinstance(self.ok, ByLogin):
            return self.ok.anonymous if role == ANONYMOUS else self.ok.signed_in
        return self.ok


WHY = {"days": "2", "reason": "Sharing phone numbers on the board"}

# fmt: off
PROBES: dict[tuple[str, str], Probe] = {
    ("/", "GET"):                                Probe("/", 200),
    ("/static/<path:filename>", "GET"):          Probe("/static/style.css", 200),
    ("/login", "GET"):                           Probe("/login", ByLogin(200, 302), to="/"),
    # A wrong password: right ones would log the anonymous client in.
    ("/login", "POST"):                          Probe("/login", ByLogin(400, 302), {"username": "hal", "password": "not the password"}),
    ("/logout", "POST"):                         Probe("/logout", 302, to="/", signs_out=True),
    ("/register", "GET"):                        Probe("/register", ByLogin(200, 302), to="/"),
    # No email or password: a complete form would log the anonymous client in.
    ("/register", "POST"):                       Probe("/register", ByLogin(400, 302), {"username": "newcomer"}),
    ("/settings", "GET"):                        Probe("/settings", 200),
    # A wrong current password: a right one would change the password the walk logs in with.
    ("/settings/password", "POST"):              Probe("/settings/password", 400, {"current_password": "not it", "new_password": "a new long passphrase", "confirm": "a new long passphrase"}),
    ("/settings/email", "POST"):                 Probe("/settings/email", 302, {"email": "new.address@example.org", "password_check": PASSWORD}),
    ("/settings/privacy", "POST"):               Probe("/settings/privacy", 302, {"show_boards": "y"}),
    ("/settings/sign-out-everywhere", "POST"):   Probe("/settings/sign-out-everywhere", 302, to="/login", signs_out=True),
    ("/search", "GET"):                          Probe("/search?q=snack", 200),
    ("/u/<username>", "GET"):                    Probe("/u/{username}", 200),
    ("/b/<slug>", "GET"):                        Probe("/b/{board}", 200),
    ("/b/<slug>/tips", "GET"):                   Probe("/b/{board}/tips", 200),
    ("/b/<slug>/join", "POST"):                  Probe("/b/{board}/join", 302),
    ("/b/<slug>/leave", "POST"):                 Probe("/b/{board}/leave", 302),
    ("/b/<slug>/new", "GET"):                    Probe("/b/{board}/new", 200),
    ("/b/<slug>/new", "POST"):                   Probe("/b/{board}/new", 302, {"title": "Walking after dinner", "body": "Does a short walk help anyone else?"}),
    ("/t/<id:thread_id>", "GET"):                Probe("/t/{thread}", 301, to="/t/{thread}/{thread_slug}"),
    ("/t/<id:thread_id>/<slug>", "GET"):         Probe("/t/{thread}/{thread_slug}", 200),
    ("/t/<id:thread_id>/reply", "GET"):          Probe("/t/{thread}/reply", 200),
    ("/t/<id:thread_id>/reply", "POST"):         Probe("/t/{thread}/reply", 302, {"body": "Same for me, thank you for asking"}),
    ("/p/<id:post_id>", "GET"):                  Probe("/p/{reply}", 302),
    ("/p/<id:post_id>/edit", "GET"):             Probe("/p/{own_reply}/edit", 200),
    ("/p/<id:post_id>/edit", "POST"):            Probe("/p/{own_reply}/edit", 302, {"body": "Edited: a small snack at bedtime"}),
    ("/p/<id:post_id>/delete", "GET"):           Probe("/p/{confirm_delete}/delete", 200),
    ("/p/<id:post_id>/delete", "POST"):          Probe("/p/{to_delete}/delete", 302),
    ("/p/<id:post_id>/helpful", "POST"):         Probe("/p/{reply}/helpful", 302, {"mark": "1"}),
    ("/p/<id:post_id>/answer", "POST"):          Probe("/p/{reply}/answer", 302, {"mark": "1"}),
    ("/flag/<id:post_id>", "GET"):               Probe("/flag/{reply}", 200),
    ("/flag/<id:post_id>", "POST"):              Probe("/flag/{reply}", 302, {"guideline": "Something else", "note": "Reads like an advert"}),
    ("/notices", "GET"):                         Probe("/notices", 200),
    ("/notices/read", "POST"):                   Probe("/notices/read", 302, to="/notices"),
    ("/notices/<id:notice_id>/read", "POST"):    Probe("/notices/{notice}/read", 302, to="/notices"),
    ("/messages/<id:conversation_id>", "GET"):   Probe("/messages/{conversation}", 200),
    ("/messages/<id:conversation_id>/reply", "POST"): Probe("/messages/{conversation}/reply", 302, {"body": "Thank you for asking"}),
    ("/mod", "GET"):                             Probe("/mod", 302, to="/mod/queue"),
    ("/mod/queue", "GET"):                       Probe("/mod/queue", 200),
    ("/mod/review", "GET"):                      Probe("/mod/review", 200),
    ("/mod/items/<id:item_id>/approve", "POST"): Probe("/mod/items/{item_to_approve}/approve", 302),
    ("/mod/items/<id:item_id>/check-in", "GET"): Probe("/mod/items/{item_to_view}/check-in", 200),
    ("/mod/items/<id:item_id>/check-in", "POST"): Probe("/mod/items/{item_to_view}/check-in", 302, {"subject": "Checking in", "body": "How are you doing?"}),
    ("/mod/items/<id:item_id>/remove", "POST"):  Probe("/mod/items/{item_to_remove}/remove", 302, {"guideline": "Something else", "message": "Please keep numbers private"}),
    ("/mod/items/<id:item_id>/edit", "GET"):     Probe("/mod/items/{item_to_view}/edit", 200),
    ("/mod/items/<id:item_id>/edit", "POST"):    Probe("/mod/items/{item_to_edit}/edit", 302, {"body": "Message me here instead", "note": "Took out the number"}),
    ("/mod/posts/<id:post_id>/restore", "POST"): Probe("/mod/posts/{removed_post}/restore", 302),
    ("/mod/threads/<id:thread_id>/lock", "POST"): Probe("/mod/threads/{thread_to_lock}/lock", 302, {"locked": "1", "reason": "Cooling off"}),
    ("/mod/threads/<id:thread_id>/pin", "POST"): Probe("/mod/threads/{thread_to_pin}/pin", 302, {"pinned": "1"}),
    ("/mod/threads/<id:thread_id>/move", "POST"): Probe("/mod/threads/{thread_to_move}/move", 302, {"board": "heart-health", "reason": "About blood pressure"}),
    ("/mod/members/<id:member_id>", "GET"):      Probe("/mod/members/{mia}", 200),
    ("/mod/members/<id:member_id>/silence", "POST"): Probe("/mod/members/{mia}/silence", 302, WHY),
    ("/mod/members/<id:member_id>/suspend", "POST"): Probe("/mod/members/{mia}/suspend", 302, WHY),
    ("/mod/members/<id:member_id>/hold", "POST"): Probe("/mod/members/{mia}/hold", 302, {"held": "1", "reason": "Checking posts first"}),
    ("/mod/members/<id:member_id>/reinstate", "POST"): Probe("/mod/members/{mia}/reinstate", 302, {"reason": "We talked it through"}),
    ("/mod/log", "GET"):                         Probe("/mod/log", 200),
    ("/mod/rules", "GET"):                       Probe("/mod/rules", 200),
    ("/mod/rules/words", "POST"):                Probe("/mod/rules/words", 302, {"board": "{board}", "pattern": "miracle cure", "action": "hold", "guideline": "No false cures."}),
    ("/mod/rules/kinds", "POST"):                Probe("/mod/rules/kinds", 302, {"board": "{board}", "kind": "medical"}),
    ("/mod/rules/<id:rule_id>/toggle", "POST"):  Probe("/mod/rules/{rule_to_toggle}/toggle", 302, {"enabled": "0"}),
    ("/mod/rules/<id:rule_id>/delete", "POST"):  Probe("/mod/rules/{rule_to_delete}/delete", 302),
    ("/mod/boards", "GET"):                      Probe("/mod/boards", 200),
    ("/mod/boards", "POST"):                     Probe("/mod/boards", 302, {"name": "Long Covid", "description": "Living with it"}),
    ("/mod/boards/<slug>", "GET"):               Probe("/mod/boards/{board}", 200),
    ("/mod/boards/<slug>/guidelines", "POST"):   Probe("/mod/boards/{board}/guidelines", 302, {"guidelines": "- **Be kind.**\n- **No selling.**"}),
    ("/mod/boards/<slug>/moderators", "POST"):   Probe("/mod/boards/{board}/moderators", 302, {"username": "newbie"}),
    ("/mod/boards/<slug>/moderators/<id:member_id>/remove", "POST"): Probe("/mod/boards/{board}/moderators/{departing_moderator}/remove", 302),
    ("/mod/static/<path:filename>", "GET"):      Probe("/mod/static/moderation.css", 200),
}
# fmt: on


# --- the route map ----------------------------------------------------------------------------


def routes_of(app: Flask) -> set[tuple[str, str]]:
    return {
        (rule.rule, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


def policy_gaps(app: Flask) -> str:
    """What differs between the app's routes and POLICY, in words; empty when nothing does."""
    routes = routes_of(app)
    missing, stale = sorted(routes - POLICY.keys()), sorted(POLICY.keys() - routes)
    lines = []
    if missing:
        lines.append("Routes without a policy (add a line to POLICY and a probe to PROBES):")
        lines += [f"    ({rule!r}, {method!r})" for rule, method in missing]
    if stale:
        lines.append("POLICY lines for routes the app no longer has:")
        lines += [f"    ({rule!r}, {method!r})" for rule, method in stale]
    return "\n".join(lines)


def test_every_route_has_a_policy(app):
    gaps = policy_gaps(app)
    assert not gaps, gaps
    assert PROBES.keys() == POLICY.keys(), "every POLICY line needs a probe, and only those"


def test_a_route_added_without_a_policy_is_reported(tmp_path: Path):
    """The check itself: a scratch app with one route more, and one without search."""
    scratch = create_app(_settings(tmp_path, f"sqlite:///{tmp_path / 'scratch.db'}"))
    scratch.add_url_rule(
        "/b/<slug>/export", "scratch_export", lambda slug: slug, methods=["GET", "POST"]
    )
    gaps = policy_gaps(scratch)
    assert "Routes without a policy" in gaps and "no longer has" not in gaps
    assert "('/b/<slug>/export', 'GET')" in gaps and "('/b/<slug>/export', 'POST')" in gaps

    without_search = create_app(
        {**_settings(tmp_path, f"sqlite:///{tmp_path / 'scratch.db'}"), "SEARCH_ENABLED": False}
    )
    gaps = policy_gaps(without_search)
    assert gaps.splitlines() == [
        "POLICY lines for routes the app no longer has:",
        "    ('/search', 'GET')",
    ]


# --- the world each role walks ------------------------------------------------------------------


@dataclass
class World:
    """Ids and names for the probes' URLs. Everything is on Diabetes unless it says otherwise."""

    board: str = "diabetes"
    username: str = "mia"
    mia: int = 0
    thread: int = 0  # mia's public thread
    thread_slug: str = ""
    reply: int = 0  # hal's visible reply in it
    own_reply: int = 0  # mia's replies: one to edit, one to confirm deleting, one to delete
    confirm_delete: int = 0
    to_delete: int = 0
    # Held replies (a phone number) in hal's thread, held while it was on Cancer and since moved
    # to Diabetes by an administrator: one queue item per decision.
    item_to_approve: int = 0
    item_to_remove: int = 0
    item_to_view: int = 0
    item_to_edit: int = 0
    removed_post: int = 0  # mia's, removed through the queue, which sent her the notice
    notice: int = 0
    conversation: int = 0  # bea's check-in with mia, about her removed post
    thread_to_lock: int = 0
    thread_to_pin: int = 0
    thread_to_move: int = 0
    rule_to_toggle: int = 0  # watched words of Diabetes
    rule_to_delete: int = 0
    departing_moderator: int = 0  # cal, a second moderator of Diabetes


def _member(username: str, role: str = "member") -> Member:
    return register_member(
        username=username, email=f"{username}@example.org", password=PASSWORD, role=role
    )


def _item_of(post: Post) -> QueueItem:
    return db.session.scalars(db.select(QueueItem).where(QueueItem.post_id == post.id)).one()


def build_world(app: Flask) -> World:
    w = World()
    with app.app_context():
        mia, hal, ada = _member("mia"), _member("hal"), _member("ada", "admin")
        _member("newbie")
        bea, cal, otto = (_member(name, "moderator") for name in ("bea", "cal", "otto"))
        for moderator, slugs in ((bea, ("diabetes", "heart-health")), (cal, ("diabetes",))):
            for slug in slugs:
                db.session.add(BoardModerator(board_id=board(slug).id, member_id=moderator.id))
        db.session.add(BoardModerator(board_id=board("cancer").id, member_id=otto.id))
        diabetes = board("diabetes")
        w.mia, w.departing_moderator = mia.id, cal.id

        thread, _ = start_thread(
            diabetes, author=mia, title="Night-time lows", body="What helps you at night?"
        )
        w.thread, w.thread_slug = thread.id, thread.slug
        w.reply = reply(thread, author=hal, body="A snack before bed helps me")[0].id
        w.own_reply, w.confirm_delete, w.to_delete = (
            reply(thread, author=mia, body=f"Thanks, I will try that ({n})")[0].id for n in range(3)
        )
        removed, _ = reply(thread, author=mia, body="Text me any evening on 07700 900120")
        remove(_item_of(removed), by=ada, guideline="Something else")
        w.removed_post = removed.id

        # Held while the thread was on Cancer; an administrator then moved it to Diabetes, so
        # its posts, held ones too, are now Diabetes's to moderate.
        moved, _ = start_thread(
            board("cancer"), author=hal, title="Scan results", body="Waiting for news."
        )
        held = [
            reply(moved, author=hal, body=f"Ring me after 6 on 07700 90013{n}")[0] for n in range(4)
        ]
        assert {post.status for post in held} == {PostStatus.PENDING}
        move_thread_to(moved, diabetes, by=ada, reason="About blood sugar")
        w.item_to_approve, w.item_to_remove, w.item_to_view, w.item_to_edit = (
            _item_of(post).id for post in held
        )
        w.notice = db.session.scalar(  # the removal's, the newest of the notices she got
            db.select(func.max(Notice.id)).where(Notice.member_id == mia.id)
        )
        w.conversation = start_check_in(
            mia, diabetes, by=bea, subject="Checking in", body="How are you?", post=removed
        ).id

        w.thread_to_lock, w.thread_to_pin, w.thread_to_move = (
            start_thread(diabetes, author=mia, title=f"Thread to {verb}", body="Anyone?")[0].id
            for verb in ("lock", "pin", "move")
        )
        rules = [
            Rule(
                board_id=diabetes.id,
                kind=Kind.WATCHED_WORD.value,
                pattern=pattern,
                action="hold",
                guideline="No false cures.",
            )
            for pattern in ("wonder pill", "secret remedy")
        ]
        db.session.add_all(rules)
        db.session.commit()
        w.rule_to_toggle, w.rule_to_delete = (rule.id for rule in rules)
    return w


# --- the walk -----------------------------------------------------------------------------------


class Visitor:
    """One role's client, logged in (or not) once, with the CSRF token of its session."""

    def __init__(self, client: BrowserClient, username: str | None) -> None:
        self.client, self.username, self.token = client, username, ""
        self.sign_in()

    def sign_in(self) -> None:
        if self.username:
            assert login(self.client, self.username).status_code == 302, self.username
        self.token = self.client.csrf_token()

    def send(self, method: str, url: str, data: dict[str, str]):
        if method == "GET":
            return self.client.get(url)
        return self.client.post(url, data={"csrf_token": self.token, **data})


def _is_login_refusal(response) -> bool:
    if response.status_code not in (301, 302, 303, 307, 308):
        return False
    where = urlsplit(response.location)
    return where.path == "/login" and "next" in parse_qs(where.query)


def _is_csrf_refusal(response) -> bool:
    return response.status_code == 400 and "The form could not be sent" in response.get_data(
        as_text=True
    )


def _shown(response) -> str:
    if 300 <= response.status_code < 400:
        return f"{response.status_code} to {response.location}"
    return str(response.status_code)


def judge(role: str, allowed: bool, probe: Probe, world: World, response) -> str | None:
    """What is wrong with this answer for this role, or None."""
    status = response.status_code
    if status >= 500:
        return f"answered {status}"
    if _is_csrf_refusal(response):
        return "the CSRF check refused the form, so the cell proves nothing"
    refused = status in (401, 403, 404) or _is_login_refusal(response)
    if not allowed:
        return None if refused else f"policy refuses, but it answered {_shown(response)}"
    if refused:
        return f"policy allows, but it answered {_shown(response)}"
    if status != probe.expected(role):
        return f"allowed should answer {probe.expected(role)}, it answered {_shown(response)}"
    if probe.to is not None and 300 <= status < 400:
        target = probe.to.format(**asdict(world))
        if urlsplit(response.location).path != target:
            return f"allowed should redirect to {target}, it answered {_shown(response)}"
    return None


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_policy_says(app, role):
    world = build_world(app)
    fields = asdict(world)
    visitor = Visitor(app.test_client(), USERNAMES.get(role))
    wrong = []
    for (rule, method), roles in POLICY.items():
        probe = PROBES[(rule, method)]
        url = probe.url.format(**fields)
        data = {name: value.format(**fields) for name, value in probe.data.items()}
        cell = f"{method} {rule} ({url}) as {role}"
        try:
            response = visitor.send(method, url, data)
        except Exception as error:  # what a browser would see as a 500
            wrong.append(f"{cell}: raised {type(error).__name__}: {error}")
            visitor.sign_in()
            continue
        problem = judge(role, role in roles, probe, world, response)
        response.close()
        if problem:
            wrong.append(f"{cell}: {problem}")
        if probe.signs_out:
            visitor.sign_in()
    assert wrong == [], "\n".join(wrong)
