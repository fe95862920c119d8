"""Concurrent writers against a real gunicorn, then a check of the database and the search index.

One implementation for two callers: `bench/soak.py` (minutes of load, optional worker kills and
retried submissions) and `tests/test_concurrent_writers.py` (a few seconds, in the suite).

What a run does, in a fresh instance directory of its own:

1. `flask --app wsgi db upgrade`, `peercircle seed-boards` and `search ensure`, as an operator would.
2. In-process: members (one per writer, who post freely) and a few threads for them to answer.
3. gunicorn (sync workers) on a free loopback port, serving the normal app.
4. Writer threads, standard library HTTP only: each logs in through /login, then repeatedly opens
   a thread's reply form and posts it back with every hidden input of the form and a body carrying
   a unique marker word. An acknowledged reply is a 302 answer to that POST.
5. gunicorn is stopped, `search drain` runs, and the database and the Whoosh index are compared:
   every acknowledged marker must be in the posts table once, and the index must hold exactly the
   visible posts.
"""

from __future__ import annotations

import http.client
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PASSWORD = "soak-password-123"
SECRET_KEY = "soak-secret-key"
MARKER_PREFIX = "soakmark"
MARKER = re.compile(MARKER_PREFIX + r"[0-9a-f]{32}")
POST_ANCHOR = re.compile(r"#p(\d+)$")
GUNICORN_PREFIX = re.compile(r"^\[[^\]]+\] \[\d+\] ")

# The moderation settings are app config only (moderation/settings.py sets defaults; no
# environment variable reaches them), so gunicorn builds the app through the factory with these
# overrides instead of `wsgi:app` (which is `create_app()` with none). Without them every writer
# would be held as a new member and refused after 8 replies in 10 minutes.
MODERATION_OFF = {
    "MODERATION_NEW_MEMBER_POSTS": 0,
    "MODERATION_POSTS_PER_10_MINUTES": 1_000_000,
    "MODERATION_THREADS_PER_HOUR": 1_000_000,
}
APP_SPEC = f"forum:create_app({MODERATION_OFF!r})"
# A cheap scrypt for the soak members: logging in must not be what the machine spends its time on.
CHEAP_HASH = "scrypt:1024:8:1"

START_TIMEOUT = 60.0
STOP_TIMEOUT = 30.0
CLI_TIMEOUT = 300.0
MAX_SECONDS = 3600.0
MAX_WRITERS = 200
MAX_POSTS_PER_WRITER = 100_000
PAUSE_AFTER_ERROR = 0.05


@dataclass(frozen=True)
class Settings:
    workers: int = 4
    writers: int = 20
    seconds: float = 60.0
    threads: int = 8  # threads the writers answer, spread over the default boards
    kill_every: float | None = None  # SIGKILL a random gunicorn worker this often
    retry_share: float = 0.0  # share of POSTs sent a second time with the same form data
    second_drain: bool = False
    report_status: bool = True  # run `search status` before and after the drain
    request_timeout: float = 30.0
    seed: int | None = None

    def check(self) -> None:
        if not 1 <= self.workers <= 32:
            raise ValueError("workers must be between 1 and 32")
        if not 1 <= self.writers <= MAX_WRITERS:
            raise ValueError(f"writers must be between 1 and {MAX_WRITERS}")
        if not 0 < self.seconds <= MAX_SECONDS:
            raise ValueError(f"seconds must be above 0 and at most {MAX_SECONDS:.0f}")
        if not 1 <= self.threads <= 100:
            raise ValueError("threads must be between 1 and 100")
        if self.kill_every is not None and self.kill_every < 0.5:
            raise ValueError("kill_every must be at least 0.5 seconds")
        if not 0.0 <= self.retry_share <= 1.0:
            raise ValueError("retry_share must be between 0 and 1")


# --- the instance: files, environment, operator commands --------------------------------------


@dataclass
class Instance:
    base: Path

    @property
    def database_url(self) -> str:
        return f"sqlite:///{self.base / 'peercircle.db'}"

    @property
    def index_dir(self) -> Path:
        return self.base / "index"

    @property
    def gunicorn_log(self) -> Path:
        return self.base / "gunicorn.log"

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            PEERCIRCLE_INSTANCE_DIR=str(self.base),
            PEERCIRCLE_DATABASE_URL=self.database_url,
            PEERCIRCLE_INDEX_DIR=str(self.index_dir),
            PEERCIRCLE_SECRET_KEY=SECRET_KEY,
            # The code of this checkout, whatever the editable install points at.
            PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
            PYTHONUNBUFFERED="1",
        )
        return env

    def app_config(self) -> dict[str, Any]:
        """The same settings for an app built in this process (explicit, the environment is ours)."""
        return {
            "INSTANCE_PATH": str(self.base),
            "SECRET_KEY": SECRET_KEY,
            "SQLALCHEMY_DATABASE_URI": self.database_url,
            "INDEX_DIR": str(self.index_dir),
            "PASSWORD_HASH_METHOD": CHEAP_HASH,
            **MODERATION_OFF,
        }

    def flask(self, *args: str, check: bool = True) -> str:
        """Run `flask --app wsgi ARGS` on this instance; its output, or RuntimeError if it fails.

        With check=False a failing command's output is returned with its exit status.
        """
        command = [str(_venv_bin("flask")), "--app", "wsgi", *args]
        done = subprocess.run(  # noqa: S603 (our own fixed command line)
            command,
            cwd=ROOT,
            env=self.environment(),
            capture_output=True,
            text=True,
            timeout=CLI_TIMEOUT,
            check=False,
        )
        output = (done.stdout + done.stderr).strip()
        if done.returncode != 0 and not check:
            return f"{output}\n(exit status {done.returncode})"
        if done.returncode != 0:
            raise RuntimeError(f"`flask --app wsgi {' '.join(args)}` failed:\n{output}")
        return output


def _venv_bin(name: str) -> Path:
    """A tool installed beside the Python running this code."""
    return Path(sys.executable).parent / name


def gunicorn_installed() -> bool:
    return _venv_bin("gunicorn").exists()


def prepare(instance: Instance, settings: Settings) -> tuple[list[str], list[int]]:
    """Schema, boards and index by the operator commands, then members and threads in-process."""
    instance.base.mkdir(parents=True, exist_ok=True)
    instance.flask("db", "upgrade")
    instance.flask("peercircle", "seed-boards")
    instance.flask("search", "ensure")

    from forum import create_app
    from forum.accounts import register_member
    from forum.extensions import db
    from forum.models import Board
    from forum.posting import start_thread

    app = create_app(instance.app_config())
    with app.app_context():
        members = [
            register_member(
                username=f"soak{number:03d}", email=f"soak{number:03d}@example.org", password=PASSWORD
            )
            for number in range(settings.writers)
        ]
        db.session.commit()
        boards = list(db.session.scalars(db.select(Board).order_by(Board.id)))
        thread_ids = []
        for number in range(settings.threads):
            thread, _ = start_thread(
                boards[number % len(boards)],
                author=members[number % len(members)],
                title=f"Soak thread {number + 1}",
                body=f"Opening post of soak thread {number + 1}.",
            )
            db.session.commit()
            thread_ids.append(thread.id)
        names = [member.username for member in members]
        db.session.remove()
        db.engine.dispose()
    return names, thread_ids


# --- gunicorn ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Gunicorn:
    """`gunicorn -w N -b 127.0.0.1:PORT` with sync workers, its output in the instance's log."""

    def __init__(self, instance: Instance, workers: int) -> None:
        self.instance = instance
        self.workers = workers
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.command = [
            str(_venv_bin("gunicorn")),
            "-w",
            str(workers),
            "-k",
            "sync",
            "-b",
            f"{HOST}:{self.port}",
            "--no-control-socket",
            "--graceful-timeout",
            "20",
            APP_SPEC,
        ]

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> None:
        with open(self.instance.gunicorn_log, "ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 (our own fixed command line)
                self.command,
                cwd=ROOT,
                env=self.instance.environment(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited at start; see {self.instance.gunicorn_log}")
            if len(self.worker_pids()) >= self.workers and _answers(self.base_url + "/login"):
                return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within {START_TIMEOUT:.0f} s")

    def worker_pids(self) -> list[int]:
        """The master's children: its workers (gunicorn forks nothing else without a control socket)."""
        if self.process is None:
            return []
        try:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def kill_a_worker(self, rng: random.Random) -> int | None:
        pids = self.worker_pids()
        if not pids:
            return None
        pid = rng.choice(pids)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            return None
        return pid

    def stop(self) -> None:
        """Graceful stop (workers finish their requests), then a hard one if it takes too long."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=STOP_TIMEOUT)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2.0) as response:  # noqa: S310 (loopback)
            return response.status == 200
    except (OSError, http.client.HTTPException):
        return False


# --- HTTP client -------------------------------------------------------------------------------


class _EveryAnswer(urllib.request.HTTPErrorProcessor):
    """Hand back every response as it came: a 302 is what the soak counts, not where it leads."""

    def http_response(self, request, response):
        return response

    https_response = http_response


class Browser:
    """One member's cookie jar; each request on a new connection, as with sync workers."""

    def __init__(self, base_url: str, timeout: float) -> None:
        self.base_url = base_url
        self.timeout = timeout
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), _EveryAnswer()
        )

    def request(self, path: str, form: dict[str, str] | None = None) -> tuple[int, str, str]:
        """(status, Location header, body); network failures raise OSError or HTTPException."""
        data = urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(self.base_url + path, data=data)  # noqa: S310 (loopback)
        with self.opener.open(request, timeout=self.timeout) as response:
            body = response.read().decode("utf-8", "replace")
            return response.status, response.headers.get("Location", ""), body


@dataclass
class Form:
    action: str | None
    hidden: dict[str, str] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._open: Form | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._open = Form(action=values.get("action"))
            self.forms.append(self._open)
        elif self._open is not None and tag in ("input", "textarea", "select", "button"):
            name = values.get("name")
            if not name:
                return
            self._open.names.add(name)
            if tag == "input" and values.get("type", "").lower() == "hidden":
                self._open.hidden[name] = values.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._open = None


def forms_in(page: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(page)
    parser.close()
    return parser.forms


def login_form(page: str) -> Form | None:
    return next((form for form in forms_in(page) if "username" in form.names), None)


def reply_form(page: str, thread_id: int) -> Form | None:
    action = f"/t/{thread_id}/reply"
    return next(
        (form for form in forms_in(page) if urlsplit(form.action or "").path == action), None
    )


# --- the load ----------------------------------------------------------------------------------


@dataclass
class Tally:
    """What the writers saw, shared by all of them."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: int = 0
    statuses: Counter = field(default_factory=Counter)  # "GET reply form 200", "POST reply 302"
    errors: Counter = field(default_factory=Counter)  # kind -> count, for everything not expected
    server_errors: int = 0
    sent: dict[str, int] = field(default_factory=dict)  # marker -> POSTs carrying it
    acknowledged: dict[str, int | None] = field(default_factory=dict)  # marker -> post id
    retries: Counter = field(default_factory=Counter)  # status of the second POST
    logins_failed: int = 0

    def answer(self, what: str, status: int, expected: int) -> None:
        with self.lock:
            self.requests += 1
            self.statuses[f"{what} {status}"] += 1
            if status >= 500:
                self.server_errors += 1
            if status != expected:
                self.errors[f"{what}: HTTP {status}"] += 1

    def failure(self, what: str, error: BaseException) -> None:
        with self.lock:
            self.requests += 1
            self.errors[f"{what}: {_error_kind(error)}"] += 1


def _error_kind(error: BaseException) -> str:
    if isinstance(error, urllib.error.URLError) and not isinstance(error.reason, str):
        error = error.reason
    return type(error).__name__


class Writer(threading.Thread):
    def __init__(
        self,
        *,
        username: str,
        base_url: str,
        thread_ids: list[int],
        deadline: float,
        settings: Settings,
        tally: Tally,
        seed: int,
    ) -> None:
        super().__init__(name=f"writer-{username}", daemon=True)
        self.username = username
        self.browser = Browser(base_url, settings.request_timeout)
        self.thread_ids = thread_ids
        self.deadline = deadline
        self.settings = settings
        self.tally = tally
        self.rng = random.Random(seed)

    def run(self) -> None:
        try:
            self._run()
        except Exception as error:  # a bug in the driver must show up in the figures
            self.tally.failure("writer crashed", error)

    def _run(self) -> None:
        while time.monotonic() < self.deadline and not self._log_in():
            time.sleep(PAUSE_AFTER_ERROR)
        for _ in range(MAX_POSTS_PER_WRITER):
            if time.monotonic() >= self.deadline:
                return
            if not self._post_one_reply():
                time.sleep(PAUSE_AFTER_ERROR)

    def _call(self, what: str, path: str, form: dict[str, str] | None = None):
        try:
            return self.browser.request(path, form)
        except (OSError, http.client.HTTPException) as error:
            self.tally.failure(what, error)
            return None

    def _log_in(self) -> bool:
        answer = self._call("GET login", "/login")
        if answer is None:
            return False
        self.tally.answer("GET login", answer[0], 200)
        form = login_form(answer[2])
        if form is None:
            self.tally.failure("GET login", LookupError("no login form"))
            return False
        fields = {**form.hidden, "username": self.username, "password": PASSWORD}
        answer = self._call("POST login", "/login", fields)
        if answer is None:
            return False
        self.tally.answer("POST login", answer[0], 302)
        if answer[0] != 302:
            with self.tally.lock:
                self.tally.logins_failed += 1
        return answer[0] == 302

    def _post_one_reply(self) -> bool:
        thread_id = self.rng.choice(self.thread_ids)
        path = f"/t/{thread_id}/reply"
        answer = self._call("GET reply form", path)
        if answer is None:
            return False
        self.tally.answer("GET reply form", answer[0], 200)
        if answer[0] == 302 and "/login" in answer[1]:
            self._log_in()
            return False
        form = reply_form(answer[2], thread_id) if answer[0] == 200 else None
        if form is None:
            if answer[0] == 200:
                self.tally.failure("GET reply form", LookupError("no reply form"))
            return False
        marker = f"{MARKER_PREFIX}{uuid.uuid4().hex}"
        fields = {**form.hidden, "body": f"Soak reply {marker}: does every reply reach search?"}
        acknowledged = self._send_reply("POST reply", path, fields, marker)
        if self.settings.retry_share and self.rng.random() < self.settings.retry_share:
            # The same form data again, as a browser does after a dropped connection.
            retried = self._send_reply("POST reply again", path, fields, marker)
            acknowledged = acknowledged or retried
        return acknowledged

    def _send_reply(self, what: str, path: str, fields: dict[str, str], marker: str) -> bool:
        with self.tally.lock:
            self.tally.sent[marker] = self.tally.sent.get(marker, 0) + 1
        answer = self._call(what, path, fields)
        if answer is None:
            if what != "POST reply":
                self.tally.retries["network error"] += 1
            return False
        status, location, _ = answer
        self.tally.answer(what, status, 302)
        if what != "POST reply":
            self.tally.retries[f"HTTP {status}"] += 1
        if status != 302:
            return False
        anchor = POST_ANCHOR.search(location)
        post_id = int(anchor.group(1)) if anchor else None
        with self.tally.lock:
            earlier = self.tally.acknowledged.get(marker)
            if what != "POST reply" and None not in (earlier, post_id):
                # A retry should land on the post the first POST made, not on a new one.
                self.tally.retries["same post" if earlier == post_id else "another post"] += 1
            if earlier is None:
                self.tally.acknowledged[marker] = post_id
        return True


# --- checking ----------------------------------------------------------------------------------


@dataclass
class Report:
    settings: Settings
    instance: str
    load_seconds: float = 0.0
    requests: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    server_errors: int = 0
    logins_failed: int = 0
    posts_sent: int = 0
    acknowledged: int = 0
    retries: dict[str, int] = field(default_factory=dict)
    kills: int = 0
    lost: list[str] = field(default_factory=list)  # acknowledged markers absent from the database
    duplicates: dict[str, int] = field(default_factory=dict)  # marker -> rows beyond the first
    unacknowledged_saved: int = 0  # not acknowledged (error, kill) but in the database
    acknowledged_not_visible: int = 0
    visible_posts: int = 0
    index_docs: int = 0
    missing_from_index: list[int] = field(default_factory=list)  # visible, no document
    stray_in_index: list[int] = field(default_factory=list)  # document, post not visible
    doubled_in_index: list[int] = field(default_factory=list)  # more than one document
    status_before_drain: str = ""
    drains: list[str] = field(default_factory=list)
    status_after_drain: str = ""
    outbox_backlog: int = 0
    log_tracebacks: dict[str, int] = field(default_factory=dict)  # last line -> count
    first_traceback: str = ""
    log_messages: dict[str, int] = field(default_factory=dict)  # other lines, digits as N
    worker_boots: int = 0
    gunicorn_command: list[str] = field(default_factory=list)

    @property
    def requests_per_second(self) -> float:
        return self.requests / self.load_seconds if self.load_seconds else 0.0

    @property
    def replies_per_second(self) -> float:
        return self.acknowledged / self.load_seconds if self.load_seconds else 0.0

    @property
    def drift(self) -> int:
        return (
            len(self.missing_from_index) + len(self.stray_in_index) + len(self.doubled_in_index)
        )

    def failures(self, *, duplicates_fail: bool = False) -> list[str]:
        found = []
        if self.lost:
            found.append(f"{len(self.lost)} acknowledged replies lost")
        if self.drift:
            found.append(f"index drift of {self.drift} posts")
        if self.server_errors:
            found.append(f"{self.server_errors} 5xx answers")
        if duplicates_fail and self.duplicates:
            found.append(f"{sum(self.duplicates.values())} duplicate replies")
        if not self.acknowledged:
            found.append("no reply was acknowledged")
        return found

    def summary(self) -> str:
        s = self.settings
        lines = [
            f"soak: {s.workers} gunicorn workers, {s.writers} writers, {s.seconds:g} s, "
            f"{s.threads} threads, kill every {s.kill_every or '-'} s, retry share {s.retry_share:g}",
            f"instance: {self.instance}",
            f"load: {self.requests} requests in {self.load_seconds:.1f} s = "
            f"{self.requests_per_second:.1f} req/s; {self.replies_per_second:.1f} acknowledged replies/s",
            f"replies: {self.posts_sent} POSTs, {self.acknowledged} acknowledged (302), "
            f"{len(self.lost)} lost (acknowledged, not in the database), "
            f"{sum(self.duplicates.values())} duplicates over {len(self.duplicates)} markers, "
            f"{self.unacknowledged_saved} saved without acknowledgement, "
            f"{self.acknowledged_not_visible} acknowledged but not visible",
            f"index: {self.visible_posts} visible posts, {self.index_docs} documents; drift "
            f"{self.drift}: {len(self.missing_from_index)} visible posts missing, "
            f"{len(self.stray_in_index)} documents for posts not visible, "
            f"{len(self.doubled_in_index)} posts indexed twice; outbox backlog {self.outbox_backlog}",
            f"5xx answers: {self.server_errors}; failed logins: {self.logins_failed}; "
            f"workers killed: {self.kills}; worker boots logged: {self.worker_boots}",
            "answers: " + _counts(self.statuses),
            "errors by kind: " + (_counts(self.errors) or "none"),
        ]
        if self.retries:
            lines.append("second POSTs: " + _counts(self.retries))
        if self.missing_from_index:
            lines.append(f"missing from the index (first 20): {self.missing_from_index[:20]}")
        if self.stray_in_index:
            lines.append(f"stray in the index (first 20): {self.stray_in_index[:20]}")
        if self.lost:
            lines.append(f"lost markers (first 5): {self.lost[:5]}")
        if self.status_before_drain:
            lines.append("search status after the load:\n  " + _indent(self.status_before_drain))
        for number, output in enumerate(self.drains, 1):
            lines.append(f"search drain #{number}: {output}")
        if self.status_after_drain:
            lines.append("search status after draining:\n  " + _indent(self.status_after_drain))
        if self.log_messages:
            lines.append("gunicorn's log, besides INFO lines and tracebacks:")
            lines.extend(f"  {count} x {text}" for text, count in sorted(self.log_messages.items()))
        if self.log_tracebacks:
            lines.append("tracebacks in gunicorn's log: " + _counts(self.log_tracebacks))
            lines.append("first traceback:\n" + self.first_traceback)
        return "\n".join(lines)


def _counts(counter: dict[str, int]) -> str:
    return ", ".join(f"{key}: {value}" for key, value in sorted(counter.items()))


def _indent(text: str) -> str:
    return text.replace("\n", "\n  ")


def check_database_and_index(instance: Instance, tally: Tally, report: Report) -> None:
    """Markers against the posts table, and the visible posts against the Whoosh index."""
    from sqlalchemy import func, select

    from forum import create_app
    from forum.extensions import db
    from forum.models import Post, PostStatus, Thread
    from search.indexer import open_index
    from search.models import IndexOutbox

    app = create_app(instance.app_config())
    with app.app_context():
        saved: Counter = Counter()
        visible_markers: set[str] = set()
        rows = db.session.execute(
            select(Post.body_source, Post.status, Post.deleted_at).where(
                Post.body_source.contains(MARKER_PREFIX)
            )
        )
        for body, status, deleted_at in rows:
            for marker in set(MARKER.findall(body)):
                saved[marker] += 1
                if status == PostStatus.VISIBLE and deleted_at is None:
                    visible_markers.add(marker)
        # Searchable as search/documents.py defines it: visible, not deleted, in a public thread.
        visible = set(
            db.session.scalars(
                select(Post.id)
                .join(Thread, Thread.id == Post.thread_id)
                .where(Post.status == PostStatus.VISIBLE, Post.deleted_at.is_(None), Thread.is_public)
            )
        )
        report.outbox_backlog = db.session.scalar(select(func.count()).select_from(IndexOutbox))
        db.session.remove()
        db.engine.dispose()

    report.lost = sorted(marker for marker in tally.acknowledged if saved[marker] == 0)
    report.duplicates = {marker: count - 1 for marker, count in saved.items() if count > 1}
    report.unacknowledged_saved = sum(1 for marker in saved if marker not in tally.acknowledged)
    report.acknowledged_not_visible = sum(
        1 for marker in tally.acknowledged if saved[marker] and marker not in visible_markers
    )
    report.visible_posts = len(visible)

    index = open_index(str(instance.index_dir))
    try:
        with index.searcher() as searcher:
            report.index_docs = searcher.doc_count()
            report.missing_from_index = sorted(
                post_id
                for post_id in visible
                if searcher.document_number(post_id=str(post_id)) is None
            )
            documents = Counter(int(fields["post_id"]) for fields in searcher.all_stored_fields())
    finally:
        index.close()
    report.stray_in_index = sorted(post_id for post_id in documents if post_id not in visible)
    report.doubled_in_index = sorted(post_id for post_id, count in documents.items() if count > 1)


def read_gunicorn_log(path: Path, report: Report) -> None:
    """Tracebacks by their last line, the first one in full, and how often a worker booted."""
    try:
        lines = path.read_text(errors="replace").splitlines()
    except OSError:
        return
    report.worker_boots = sum(1 for line in lines if "Booting worker" in line)
    # Everything else the app or gunicorn said, numbers and the instance path blanked out.
    messages: Counter = Counter()
    for line in lines:
        text = GUNICORN_PREFIX.sub("", line)
        if line.startswith(("Traceback", " ", "\t")) or not text.strip() or text.startswith("[INFO]"):
            continue
        messages[re.sub(r"\d+", "N", text.replace(str(report.instance), "<instance>"))[:200]] += 1
    report.log_messages = dict(messages)
    tracebacks: Counter = Counter()
    number = 0
    while number < len(lines):
        if not lines[number].startswith("Traceback (most recent call last)"):
            number += 1
            continue
        start = number
        number += 1
        while number < len(lines) and (
            lines[number].startswith((" ", "\t"))
            or lines[number].startswith("Traceback")
            or not lines[number].strip()
            or lines[number].startswith(("During handling", "The above exception"))
        ):
            number += 1
        last = lines[number] if number < len(lines) else lines[number - 1]
        tracebacks[last.strip()[:200]] += 1
        if not report.first_traceback:
            context = lines[max(start - 2, 0) : number + 1]
            report.first_traceback = "\n".join(context[-80:])
        number += 1
    report.log_tracebacks = dict(tracebacks)


# --- the whole run -----------------------------------------------------------------------------


def run(base: Path, settings: Settings, *, progress=None) -> Report:
    """Prepare an instance in `base` (created, must be empty), load it, stop, drain and check."""
    settings.check()
    say = progress or (lambda message: None)
    if base.exists() and any(base.iterdir()):
        raise ValueError(f"{base} is not empty")
    instance = Instance(base)
    rng = random.Random(settings.seed)
    say(f"preparing {base}")
    names, thread_ids = prepare(instance, settings)
    report = Report(settings=settings, instance=str(base))
    tally = Tally()
    server = Gunicorn(instance, settings.workers)
    report.gunicorn_command = server.command
    say(f"starting: {' '.join(server.command)}")
    server.start()
    try:
        say(f"{settings.writers} writers for {settings.seconds:g} s on {server.base_url}")
        started = time.monotonic()
        deadline = started + settings.seconds
        writers = [
            Writer(
                username=name,
                base_url=server.base_url,
                thread_ids=thread_ids,
                deadline=deadline,
                settings=settings,
                tally=tally,
                seed=rng.randrange(2**32),
            )
            for name in names
        ]
        for writer in writers:
            writer.start()
        report.kills = _kill_workers_until(server, deadline, settings.kill_every, rng)
        for writer in writers:
            writer.join(timeout=max(deadline - time.monotonic(), 0) + 2 * settings.request_timeout)
        report.load_seconds = time.monotonic() - started
        if any(writer.is_alive() for writer in writers):
            tally.errors["writer still running after the load"] += 1
    finally:
        say("stopping gunicorn")
        server.stop()

    report.requests = tally.requests
    report.statuses = dict(tally.statuses)
    report.errors = dict(tally.errors)
    report.server_errors = tally.server_errors
    report.logins_failed = tally.logins_failed
    report.posts_sent = sum(tally.sent.values())
    report.acknowledged = len(tally.acknowledged)
    report.retries = dict(tally.retries)

    say("search status, drain, check")
    if settings.report_status:
        report.status_before_drain = instance.flask("search", "status", check=False)
    report.drains.append(instance.flask("search", "drain"))
    if settings.second_drain:
        report.drains.append(instance.flask("search", "drain"))
    if settings.report_status:
        report.status_after_drain = instance.flask("search", "status", check=False)
    check_database_and_index(instance, tally, report)
    read_gunicorn_log(instance.gunicorn_log, report)
    return report


def _kill_workers_until(
    server: Gunicorn, deadline: float, every: float | None, rng: random.Random
) -> int:
    """SIGKILL a random worker every `every` seconds until the deadline; how many were killed."""
    kills = 0
    while True:
        now = time.monotonic()
        if now >= deadline:
            return kills
        if every is None:
            time.sleep(min(deadline - now, 1.0))
            continue
        time.sleep(min(every, max(deadline - now, 0)))
        if time.monotonic() < deadline and server.kill_a_worker(rng) is not None:
            kills += 1


def remove(base: Path) -> None:
    shutil.rmtree(base, ignore_errors=True)
