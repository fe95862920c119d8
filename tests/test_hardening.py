"""Junk never causes a 500; private pages are never stored; a relative instance folder works;
failed-login addresses are forgotten once no limit counts them.

The fuzz table sends junk to every route in `app.url_map` (bad paths, query strings, bodies,
content types and methods) as a stranger, a member and an administrator, and junk headers and
cookies to a few routes of each kind.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import PASSWORD, login
from flask import Flask
from werkzeug.routing import Rule

from forum import RowIdConverter
from forum.clock import utcnow
from forum.config import Config
from forum.extensions import db
from forum.models.throttle import ThrottleEvent
from forum.text import MAX_ROW_ID

ROOT = Path(__file__).resolve().parent.parent
MAX_BODY = 256 * 1024

# Every query parameter and form field some view reads: junk must reach the code that parses it.
QUERY_NAMES = [
    *("page", "start", "after", "before", "board", "author", "q", "quote", "reason"),
    *("since", "until", "sort", "status", "tips", "next", "to"),
]
# Fields that name a row, a number or a choice; the rest are text, filled in plausibly.
CHOICE_NAMES = [
    *("parent_id", "days", "board", "guideline", "action", "kind", "enabled", "held", "mark"),
    *("next", "to", "quote"),
]
PLAUSIBLE = {
    "username": "nobody_here",
    "email": "nobody@example.org",
    "password": PASSWORD,
    "current_password": PASSWORD,
    "password_check": PASSWORD,
    # Never matching, so the run never changes a password or joins as someone new.
    "confirm": "not the same password",
    "new_password": "another long password",
    "remember": "y",
    "title": "A plausible thread title",
    "body": "A plausible message, long enough to be posted.",
    "message": "A plausible note to the author.",
    "note": "note",
    "reason": "reason",
    "name": "Fuzz board",
    "slug": "fuzz-board",
    "description": "description",
    "guidelines": "guidelines",
    "pattern": "fuzzword",
}
FORM_NAMES = [*PLAUSIBLE, *CHOICE_NAMES]

# Values that break naive parsing: control characters, numbers of the wrong shape, floods.
JUNK_VALUES = [
    "\x00",
    "-1",
    "99999999999999999999999999",
    "1e309",
    "\u202e\ufeff\U0001f600",
    "x" * 10_000,
]
# Raw, already-encoded query strings: invalid UTF-8, NUL, stray %, floods, repeats.
RAW_QUERIES = [
    "%FF%FE=%FF&page=%FF&start=%C3%28&after=%00&q=%ED%A0%80&%&board=%zz&&==&=&a&=b",
    "page=1&page=2&page=x&start=1&start=&q=a&q=b&next=/&next=//evil.example",
    "q=" + "a" * 10_000,
    "q=" + "(" * 3_000 + "&author=" + "\"'*?~^:" * 500,
    "q=%00&author=%00&sort=%00&status=%00&next=%2F%2Fevil.example&to=%0d%0a&quote=-1&tips=%FF",
    # Well-formed page cursors and dates, out of every range.
    "before=20240101000000000000.9999999999999999999&since=9999-12-31&until=9999-12-31",
    "after=20240101000000000000.9999999999999999999",
    "after=99999999999999999999_20240101000000000000_1&before=99999999999999999999",
    "after=1_20240101000000000000_99999999999999999999&start=" + "9" * 30,
    # Names that mean something to url_for, for a view that builds a link from the query.
    "slug=x&thread_id=2&post_id=2&_method=POST&_external=1&_scheme=javascript&_anchor=%00",
]
JSON_BODIES = [
    "[" * 5_000 + "]" * 5_000,
    "[1, 2]",
    '{"username": ["x"], "password": {"a": 1}, "body": 7, "title": null}',
]
OTHER_BODIES = [
    ("multipart/form-data; boundary=zzz", b"--zzz\r\nContent-Disposition: form-data\r\n\r\nx"),
    ("multipart/form-data", b"--zzz\r\nnothing\r\n--zzz--\r\n"),
    ("multipart/form-data; boundary=" + "b" * 200, b"--" + b"b" * 200 + b"\r\n"),
    (
        "multipart/form-data; boundary=zzz",
        b'--zzz\r\nContent-Disposition: form-data; name="body"; filename="\xff.txt"\r\n'
        b"Content-Type: text/plain\r\n\r\n\xff\xfe\x00\r\n--zzz--\r\n",
    ),
    ("application/x-www-form-urlencoded", b"title=%FF%FE&body=%C3%28&parent_id=%00&%=%"),
    ("text/plain", b"title=hello&body=world"),
]
WRONG_METHODS = ("PUT", "DELETE", "PATCH")
# Filled into `<slug>`, `<username>` and `<path:...>`: real values first, then junk.
JUNK_SEGMENTS = ["%FF", "%00", "x" * 300, "a%2F..%2F..%2Fb", "%C3%28%F0%9F%98%80%E2%80%AE"]
REAL_SEGMENTS = {"slug": "diabetes", "username": "victim", "filename": "style.css"}
JUNK_IDS = (MAX_ROW_ID, MAX_ROW_ID + 1, 10**30)

HOSTS = [
    "a" * 64,
    "a" * 64 + ".example.org",
    ("a" * 60 + ".") * 5,
    "a..b",
    ".",
    "-bad-.example",
    "exa mple.org",
    "example.org:99999999999",
    "example.org:port",
    "[::1",
    "[::1]:80",
    "[not-ipv6]",
    "\xff\xfe.example",
    "example.org\x00",
    "example.org/evil",
    "user@example.org",
    "localhost, evil.example",
    "",
]
COOKIES = [
    "session=garbage",
    "session=.eJxLTEpOSU1JTQEAFKsDSQ.junk.junk",
    "session=" + "a" * 4_000,
    'session="unterminated',
    "session=%FF%FE",
    "remember_token=garbage",
    "remember_token=1|" + "0" * 128,
    "remember_token=99999999999999999999:abc|def",
    "remember_token=%00",
    "\x00=\x00",
    ";;;;=;=",
    "; ".join(f"c{n}=v" for n in range(300)),
]
REFERERS = ["", "javascript:alert(1)", "http://[::1", "\xff\xfe", "//evil.example", "x" * 8_000]
OTHER_HEADERS = [
    {"Accept-Language": "\xff;q=nan, *;q=-1"},
    {"Accept": "*/*;q=abc, text/html;level=\x00"},
    {"If-Modified-Since": "yesterday"},
    {"If-None-Match": '"' * 500},
    {"Range": "bytes=999999999-"},
    {"Range": "bytes=abc"},
    {"X-Forwarded-For": "\x00, ::g, 999.1.1.1"},
    {"X-CSRFToken": "\xff" * 100},
    {"Transfer-Encoding": "chunked, gzip"},
    {"Content-Encoding": "gzip"},
]


def _paths(rule: Rule) -> Iterator[tuple[str, bool]]:
    """(path, real): the route with real arguments, then with out-of-range and junk ones."""
    arguments = sorted(rule.arguments)

    def build(values: dict[str, str]) -> str:
        path = rule.rule
        for name in arguments:
            path = re.sub(rf"<(?:[^:<>]+:)?{name}>", values[name], path)
        return path

    def is_id(name: str) -> bool:
        return isinstance(rule._converters[name], RowIdConverter)

    real = {name: "1" if is_id(name) else REAL_SEGMENTS.get(name, "x") for name in arguments}
    yield build(real), True
    for name in arguments:
        for junk in [str(value) for value in JUNK_IDS] if is_id(name) else JUNK_SEGMENTS:
            yield build({**real, name: junk}), False


# Logging out ends the run's session, so those routes come last.
ENDING = {"accounts.logout", "accounts.sign_out_everywhere"}


def _rules(app: Flask) -> list[Rule]:
    return sorted(app.url_map.iter_rules(), key=lambda rule: (rule.endpoint in ENDING, rule.rule))


class Fuzz:
    """Sends requests, noting every response of 500 or more and every exception."""

    def __init__(self, client) -> None:
        self.client = client
        self.failures: list[str] = []
        self.sent = 0
        self.endpoint: str | None = None  # the route being fuzzed
        self.token = client.csrf_token()

    def send(self, method: str, path: str, *, expect: int | None = None, **kwargs) -> None:
        self.sent += 1
        what = f"{method} {path[:120]} {_describe(kwargs)}"
        try:
            response = self.client.open(path, method=method, **kwargs)
        except Exception as error:  # noqa: BLE001 (report every crash, not just the first)
            self.failures.append(f"{what} -> {type(error).__name__}: {str(error)[:200]}")
            return
        response.close()  # static files hold an open file until then
        if response.status_code >= 500 or (expect is not None and response.status_code != expect):
            self.failures.append(f"{what} -> {response.status_code}")

    def form(self, values: dict) -> dict:
        return {"csrf_token": self.token, **values}


def _describe(kwargs: dict) -> str:
    text = repr({key: value for key, value in kwargs.items() if value is not None})
    return text if len(text) < 160 else text[:150] + f"...({len(text)} chars)"


def _fuzz_every_route(app: Flask, fuzz: Fuzz, before_logout) -> None:
    checked = False
    for number, rule in enumerate(_rules(app)):
        if rule.endpoint in ENDING and not checked:
            before_logout()
            checked = True
        fuzz.endpoint = rule.endpoint
        methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
        for path, real in _paths(rule):
            for method in methods:
                fuzz.send(method, path, data=fuzz.form({}) if method == "POST" else None)
            if not real:
                continue
            fuzz.send(WRONG_METHODS[number % len(WRONG_METHODS)], path)
            if "POST" not in methods:
                fuzz.send("POST", path, data=fuzz.form({}))
            if "GET" in methods:
                for query in RAW_QUERIES:
                    fuzz.send("GET", path, query_string=query)
                for junk in JUNK_VALUES[::2]:
                    fuzz.send("GET", path, query_string={name: junk for name in QUERY_NAMES})
            if "POST" in methods:
                _fuzz_bodies(fuzz, path)


def _fuzz_bodies(fuzz: Fuzz, path: str) -> None:
    token = {"X-CSRFToken": fuzz.token}
    for junk in JUNK_VALUES:
        fuzz.send("POST", path, data=fuzz.form({name: junk for name in FORM_NAMES}))
    for junk in JUNK_VALUES[::2]:
        # Text that passes, so the junk reaches what reads a row, number or choice.
        fuzz.send(
            "POST", path, data=fuzz.form({**PLAUSIBLE, **{name: junk for name in CHOICE_NAMES}})
        )
    repeated = [("csrf_token", fuzz.token)] + [(name, v) for name in FORM_NAMES for v in "ab"]
    fuzz.send(
        "POST",
        path,
        data="&".join(f"{name}={value}" for name, value in repeated),
        content_type="application/x-www-form-urlencoded",
    )
    for body in JSON_BODIES:
        fuzz.send("POST", path, data=body, content_type="application/json", headers=token)
    for content_type, body in OTHER_BODIES:
        fuzz.send("POST", path, data=body, content_type=content_type, headers=token)
    # Just over the limit, as a form and as JSON: too large is said first.
    fuzz.send("POST", path, data={"csrf_token": fuzz.token, "body": "x" * MAX_BODY}, expect=413)
    fuzz.send("POST", path, data=b"[" * (MAX_BODY + 1), content_type="application/json", expect=413)


HEADER_PATHS = ["/", "/t/1/x", "/login", "/settings", "/mod", "/static/style.css", "/no/such"]


def _fuzz_headers(app: Flask, fuzz: Fuzz) -> None:
    """Headers are read before any view runs, so a few routes of each kind are enough."""
    fuzz.send("POST", "/login", headers={"Host": "a" * 64}, data=fuzz.form({}))
    for path in HEADER_PATHS:
        for host in HOSTS:
            fuzz.send("GET", path, headers={"Host": host})
        for referer in REFERERS:
            fuzz.send("GET", path, headers={"Referer": referer})
        for headers in OTHER_HEADERS:
            fuzz.send("GET", path, headers=headers)
    # A cookie replaces the session, so these go out from a client without a cookie jar.
    stranger = Fuzz(app.test_client(use_cookies=False))
    for path in HEADER_PATHS:
        for cookie in COOKIES:
            stranger.send("GET", path, headers={"Cookie": cookie})
    for cookie in COOKIES:
        stranger.send("POST", "/login", headers={"Cookie": cookie}, data={"username": "x"})
    fuzz.failures += stranger.failures
    fuzz.sent += stranger.sent


def _report(fuzz: Fuzz) -> str:
    return f"{len(fuzz.failures)} of {fuzz.sent} requests:\n" + "\n".join(fuzz.failures)


@pytest.fixture
def fuzz_world(app, member_factory, thread_factory):
    """A member with a thread and replies, so id 1 names a real thread, post and member."""
    victim = member_factory("victim", boards=("diabetes",))
    thread_factory(victim, replies=3)


@pytest.mark.parametrize("identity", ["anonymous", "member", "admin"])
def test_no_junk_request_to_any_route_gets_a_server_error(
    app, client, fuzz_world, login_as, identity
):
    if identity != "anonymous":
        login_as("fuzzer", role="member" if identity == "member" else "admin", boards=("diabetes",))
    fuzz = Fuzz(client)

    def still_who_we_were() -> None:
        # Everything before the logout routes ran as `identity`: the table tested what it says.
        expected = 302 if identity == "anonymous" else 200
        assert client.get("/settings").status_code == expected

    _fuzz_every_route(app, fuzz, still_who_we_were)
    assert fuzz.sent > 1000
    assert not fuzz.failures, _report(fuzz)


def test_no_junk_header_or_cookie_gets_a_server_error(app, client, fuzz_world, login_as):
    login_as("fuzzer", role="admin")
    fuzz = Fuzz(client)
    _fuzz_headers(app, fuzz)
    assert client.get("/settings").status_code == 200
    assert not fuzz.failures, _report(fuzz)


# --- Junk the fuzz found first, one by one -------------------------------------------------------


def test_a_host_header_no_url_can_be_built_for_gets_a_plain_400(client):
    for host in ["a" * 64, "a" * 64 + ".example.org", "a..b", "exa mple.org", "[::1", "x:99999"]:
        response = client.get("/", headers={"Host": host})
        assert response.status_code == 400, host
        page = response.get_data(as_text=True)
        assert "Something in that request was not right" in page
        assert "href=" not in page
        assert response.headers["Cache-Control"] == "no-store"
    for host in ["localhost", "example.org:8080", "a" * 63 + ".example.org", "[::1]:5000", "x_y"]:
        assert client.get("/", headers={"Host": host}).status_code == 200, host


def test_an_untrusted_host_gets_an_error_page_that_builds_no_links(app, client):
    # Flask refuses it while binding the URL map: the error page has no URLs to build.
    app.config["TRUSTED_HOSTS"] = ["peercircle.example"]
    response = client.get("/b/diabetes", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "href=" not in response.get_data(as_text=True)
    assert client.get("/b/diabetes", headers={"Host": "peercircle.example"}).status_code == 200


def test_json_and_other_bodies_no_form_sends_are_refused_with_415(client, login_as):
    token = {"X-CSRFToken": client.csrf_token()}
    deep = "[" * 5_000 + "]" * 5_000
    for body in [deep, '{"username": ["x"], "password": {"a": 1}}']:
        response = client.post("/login", data=body, content_type="application/json", headers=token)
        assert response.status_code == 415
        assert "Please send this from the form on the page." in response.get_data(as_text=True)
    login_as("poster", boards=("diabetes",))
    token = {"X-CSRFToken": client.csrf_token()}
    for content_type, body in [
        ("application/json", '{"title": 7, "body": 7}'),
        ("text/plain", "x"),
    ]:
        response = client.post(
            "/b/diabetes/new", data=body, content_type=content_type, headers=token
        )
        assert response.status_code == 415, content_type
    # Too large is still said first, whatever the type; and the form itself still works.
    for content_type in ["application/x-www-form-urlencoded", "application/json"]:
        response = client.post(
            "/login", data=b"x" * (MAX_BODY + 1), content_type=content_type, headers=token
        )
        assert response.status_code == 413, content_type
    sent = client.submit("/b/diabetes/new", {"title": "A title that works", "body": "Body text."})
    assert sent.status_code == 302


# 500s the fuzz table found, each once a crash deep in a page's own code.
@pytest.mark.parametrize(
    ("identity", "url"),
    [
        ("anonymous", "/b/diabetes?before=20240101000000000000.9999999999999999999"),
        ("admin", "/mod/queue?after=99999999999999999999_20240101000000000000_1"),
        ("admin", "/mod/queue?after=1_20240101000000000000_99999999999999999999"),
        ("anonymous", "/t/1?slug=x"),
        ("anonymous", "/t/1?thread_id=2"),
        ("anonymous", "/t/1?_method=POST"),
        ("anonymous", "/t/1?_external=1"),
    ],
)
def test_former_server_errors_are_answered(client, fuzz_world, login_as, identity, url):
    if identity != "anonymous":
        login_as("fuzzer", role=identity)
    response = client.get(url)
    assert response.status_code < 500
    # A redirect stays on this site, whatever the query asked url_for for.
    assert not response.location or response.location.startswith("/")


# --- A relative instance folder ------------------------------------------------------------------


def test_a_relative_instance_folder_is_found_from_the_directory_a_command_starts_in(tmp_path):
    instance = tmp_path / "data" / "instance"
    environment = {
        name: value for name, value in os.environ.items() if not name.startswith("PEERCIRCLE_")
    }
    # The embedded default: the database file lives in the instance folder, wherever the
    # suite's own database is.
    environment.update(PEERCIRCLE_INSTANCE_DIR="data/instance", PYTHONPATH=str(ROOT))
    for command in (["db", "upgrade"], ["peercircle", "seed-boards"]):
        result = subprocess.run(  # noqa: S603 (our own interpreter and command)
            [sys.executable, "-m", "flask", "--app", "wsgi", *command],
            cwd=tmp_path,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr
    # It made the database and kept its key in that folder, found from where it started.
    assert "default board(s) created" in result.stdout
    assert (instance / "peercircle.db").exists()
    assert (instance / "secret_key").exists()


def test_relative_folders_in_the_environment_become_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PEERCIRCLE_INSTANCE_DIR", "instance")
    monkeypatch.setenv("PEERCIRCLE_INDEX_DIR", "search-index")
    monkeypatch.delenv("PEERCIRCLE_DATABASE_URL", raising=False)
    settings = Config(secret_key="test-secret")
    assert Path(settings.INSTANCE_PATH) == tmp_path / "instance"
    assert Path(settings.INDEX_DIR) == tmp_path / "search-index"
    database = settings.SQLALCHEMY_DATABASE_URI.removeprefix("sqlite:///")
    assert Path(database) == tmp_path / "instance" / "peercircle.db"


# --- What caches may keep ------------------------------------------------------------------------


def _stored(response) -> bool:
    return "no-store" not in response.headers.get("Cache-Control", "")


def test_everything_sent_to_a_logged_in_member_is_never_stored(client, fuzz_world, login_as):
    login_as("reader", boards=("diabetes",))
    public = ["/", "/b/diabetes", "/t/1", "/t/1/x", "/u/victim", "/search?q=pain"]
    for url in [*public, "/b/diabetes/tips", "/settings", "/notices", "/no/such/page", "/mod"]:
        assert not _stored(client.get(url)), url
    assert not _stored(client.submit("/b/diabetes/leave"))
    # Static files are the same for everyone.
    with client.get("/static/style.css") as response:
        assert response.status_code == 200
        assert _stored(response)


def test_a_stranger_private_pages_are_never_stored_and_public_ones_stay_cacheable(
    client, fuzz_world
):
    for url in ["/login", "/register", "/settings", "/notices", "/mod", "/mod/queue"]:
        assert not _stored(client.get(url)), url
    failed = client.submit("/login", {"username": "victim", "password": "wrong password!"})
    assert failed.status_code == 400
    assert not _stored(failed)
    public = ["/", "/b/diabetes", "/t/1/tips-for-night-time-pain", "/u/victim"]
    for url in [*public, "/b/diabetes/tips", "/search?q=pain", "/no/such/page"]:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert _stored(response), url


# --- Failed-login addresses are forgotten --------------------------------------------------------


def _event(action: str, key: str, age: timedelta) -> ThrottleEvent:
    return ThrottleEvent(action=action, key=key, created_at=utcnow() - age)


def _keys(app) -> set[tuple[str, str]]:
    with app.app_context():
        return {(e.action, e.key) for e in db.session.scalars(db.select(ThrottleEvent))}


def test_a_failed_login_forgets_every_address_past_the_window_and_limits_still_hold(
    app, client, member_factory
):
    member_factory("known")
    mine = "known|127.0.0.1"
    with app.app_context():
        db.session.add_all(
            [
                _event("login-name-address", "someone|198.51.100.7", timedelta(minutes=16)),
                _event("login-address", "198.51.100.7", timedelta(hours=3)),
                _event("login-address", "203.0.113.9", timedelta(minutes=10)),
                *[_event("login-name-address", mine, timedelta(minutes=20)) for _ in range(20)],
                *[_event("login-name-address", mine, timedelta(minutes=14)) for _ in range(8)],
            ]
        )
        db.session.commit()
    assert login(client, "known", "not the password").status_code == 400
    assert _keys(app) == {
        ("login-address", "203.0.113.9"),  # still inside its window: it still counts
        ("login-name-address", mine),
        ("login-address", "127.0.0.1"),
    }
    # Nine failures within the window (the old twenty no longer count): one more, then 429.
    assert login(client, "known", "still not the password").status_code == 400
    assert login(client, "known", PASSWORD).status_code == 429
    with app.app_context():
        counted = db.select(db.func.count()).where(ThrottleEvent.key == mine)
        assert db.session.scalar(counted) == 10


def test_purge_command_forgets_expired_events_of_every_action(app, runner):
    with app.app_context():
        db.session.add_all(
            [
                _event("login-address", "198.51.100.7", timedelta(minutes=16)),
                _event("join-address", "198.51.100.7", timedelta(minutes=61)),
                _event("join-address", "203.0.113.9", timedelta(minutes=59)),
                # A limit this process never built: kept for the longest window any limit has.
                _event("retired-action", "old", timedelta(days=2)),
                _event("retired-action", "recent", timedelta(hours=2)),
            ]
        )
        db.session.commit()
    result = runner.invoke(args=["peercircle", "purge"])
    assert result.exit_code == 0, result.output
    assert "3 expired rate-limit event(s) deleted." in result.output
    assert _keys(app) == {("join-address", "203.0.113.9"), ("retired-action", "recent")}


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/b/%00", 404),
        ("/u/%00", 404),
        ("/b/diabetes/tips%00", 404),
        ("/t/1/x%00y", 404),
        ("/search?q=%00", 200),
        ("/b/diabetes?after=%00", 200),
    ],
)
def test_a_nul_character_in_an_address_never_reaches_the_database(client, url, status):
    # PostgreSQL refuses NUL in any text value: such a lookup was a 500 there.
    assert client.get(url).status_code == status


def test_nul_characters_are_taken_out_of_query_and_form_values(client, login_as):
    # PostgreSQL refuses NUL in any text value: a NUL in a slug or filter was a 500 there.
    page = client.get("/search", query_string={"q": "pacing\x00tips"}).get_data(as_text=True)
    assert "\x00" not in page and 'value="pacingtips"' in page
    login_as("boss", role="admin")
    response = client.submit("/mod/rules/words", {"board": "\x00", "pattern": "x\x00y"})
    assert response.status_code < 500
