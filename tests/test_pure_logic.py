"""Table-driven tests of the forum's pure functions: no app, no database, no fixtures.

The permission checks use types.SimpleNamespace as actors, posts and threads: plain records with the
attributes the predicates read, not mocks.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest

from forum.config import database_url
from forum.conversation import (
    MAX_TREE_DEPTH,
    SEGMENT_WIDTH,
    Placement,
    child_path,
    is_valid_path,
    path_depth,
    place,
)
from forum.forms import username_problem
from forum.paging import ActivityCursor
from forum.permissions import (
    EVERYWHERE,
    NOWHERE,
    ModeratorScope,
    can_delete_post,
    can_edit_post,
    can_reply,
    can_reply_to_post,
    can_see_post,
    can_see_thread,
)
from forum.slugs import MAX_SLUG_LENGTH, slugify
from forum.templating import ago, friendly_date
from forum.text import clean_line, clean_text, parse_row_id

# --- conversation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parent", "post_id", "expected"),
    [
        pytest.param("", 7, "0000000007", id="opening-post"),
        pytest.param("0000000001", 42, "00000000010000000042", id="direct-reply"),
        pytest.param(
            "00000000010000000042", 1234567890, "000000000100000000421234567890", id="widest-id"
        ),
    ],
)
def test_child_path(parent, post_id, expected):
    assert child_path(parent, post_id) == expected


def test_child_paths_sort_in_conversation_order():
    """Siblings sort by id even when the ids have different numbers of digits."""
    root = child_path("", 1)
    paths = [child_path(root, 9), child_path(root, 10), child_path(child_path(root, 9), 11)]
    assert sorted(paths) == [
        child_path(root, 9),
        child_path(child_path(root, 9), 11),
        child_path(root, 10),
    ]


@pytest.mark.parametrize(
    ("path", "depth"),
    [
        pytest.param("0000000001", 0, id="opening-post"),
        pytest.param("00000000010000000002", 1, id="direct-reply"),
        pytest.param("000000000100000000020000000003", 2, id="reply-to-reply"),
        pytest.param(
            "0" * SEGMENT_WIDTH * (MAX_TREE_DEPTH + 1), MAX_TREE_DEPTH, id="deepest-stored"
        ),
    ],
)
def test_path_depth(path, depth):
    assert path_depth(path) == depth


def test_each_reply_is_one_level_deeper_than_its_parent():
    path = child_path("", 1)
    for level in range(1, 6):
        path = child_path(path, level + 100)
        assert path_depth(path) == level


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("0000000001", id="one-segment"),
        pytest.param("00000000010000000042", id="two-segments"),
        pytest.param("9" * SEGMENT_WIDTH * (MAX_TREE_DEPTH + 1), id="longest-allowed"),
    ],
)
def test_valid_paths(value):
    assert is_valid_path(value) is True


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("", id="empty"),
        pytest.param("abcdefghij", id="letters"),
        pytest.param("000000000a", id="one-letter"),
        pytest.param("-000000001", id="minus-sign"),
        pytest.param(" 000000001", id="leading-space"),
        pytest.param("000000001\n", id="trailing-newline"),
        pytest.param("00000.0001", id="dot"),
        pytest.param("000000001", id="nine-digits"),
        pytest.param("00000000011", id="eleven-digits"),
        pytest.param("١٢٣٤٥٦٧٨٩٠", id="arabic-indic-digits"),
        pytest.param("０１２３４５６７８９", id="fullwidth-digits"),
        pytest.param("²" * SEGMENT_WIDTH, id="superscript-digits"),
        pytest.param("0" * SEGMENT_WIDTH * (MAX_TREE_DEPTH + 2), id="too-long"),
    ],
)
def test_invalid_paths(value):
    assert is_valid_path(value) is False


@pytest.mark.parametrize(
    ("depth", "max_indent", "expected"),
    [
        pytest.param(0, 4, Placement(indent=0, show_in_reply_to=False), id="opening-post"),
        pytest.param(1, 4, Placement(indent=1, show_in_reply_to=False), id="direct-reply"),
        pytest.param(4, 4, Placement(indent=4, show_in_reply_to=False), id="at-max-indent"),
        pytest.param(5, 4, Placement(indent=4, show_in_reply_to=True), id="one-beyond-max"),
        pytest.param(60, 4, Placement(indent=4, show_in_reply_to=True), id="far-beyond-max"),
        pytest.param(1, 0, Placement(indent=0, show_in_reply_to=True), id="flat-layout"),
    ],
)
def test_place(depth, max_indent, expected):
    assert place(depth, max_indent) == expected


# --- paging -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cursor",
    [
        pytest.param(
            ActivityCursor(datetime(2026, 11, 23, 14, 5, 9, 123456), 42), id="microseconds"
        ),
        pytest.param(ActivityCursor(datetime(2026, 11, 23, 14, 5, 9, 1), 42), id="one-microsecond"),
        pytest.param(ActivityCursor(datetime(2026, 11, 23, 14, 5, 9), 42), id="whole-second"),
        pytest.param(ActivityCursor(datetime(2026, 1, 1), 1), id="midnight-new-year"),
        pytest.param(ActivityCursor(datetime(2026, 11, 23, 14, 5, 9), 2**31 - 1), id="largest-id"),
    ],
)
def test_cursor_round_trip(cursor):
    encoded = cursor.encode()
    assert ActivityCursor.decode(encoded) == cursor


def test_a_cursor_id_no_row_can_have_is_refused():
    # SQLite cannot even bind it (OverflowError): the link is simply not a cursor.
    assert ActivityCursor.decode("20261123140509000000.1000000000000") is None
    assert ActivityCursor.decode("20261123140509000000.0") is None


def test_cursors_with_the_same_second_stay_distinct():
    """Two threads active in the same second must not collapse onto one page boundary."""
    earlier = ActivityCursor(datetime(2026, 11, 23, 14, 5, 9, 100), 7)
    later = ActivityCursor(datetime(2026, 11, 23, 14, 5, 9, 200), 7)
    assert earlier.encode() != later.encode()
    assert ActivityCursor.decode(later.encode()).at > ActivityCursor.decode(earlier.encode()).at


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(None, id="missing"),
        pytest.param("", id="empty"),
        pytest.param("garbage", id="garbage"),
        pytest.param("<script>.1", id="markup"),
        pytest.param("2" * 20 + "." + "1" * 20, id="too-long"),
        pytest.param("20261323140509000000.5", id="month-13"),
        pytest.param("20260230120000000000.5", id="30-february"),
        pytest.param("20261123250000000000.5", id="hour-25"),
        pytest.param("20261123140509000000", id="missing-id"),
        pytest.param("20261123140509000000.", id="empty-id"),
        pytest.param(".5", id="missing-date"),
        pytest.param("20261123140509000000.abc", id="non-numeric-id"),
        pytest.param("20261123140509000000.-5", id="negative-id"),
        pytest.param("20261123140509000000.5.6", id="two-dots"),
        pytest.param(" 20261123140509000000.5", id="leading-space"),
        pytest.param("2026-11-23T14:05:09.5", id="iso-date"),
    ],
)
def test_malformed_cursor_is_ignored(value):
    assert ActivityCursor.decode(value) is None


# --- slugs --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        pytest.param("Insulin pump & travel tips!", "insulin-pump-travel-tips", id="punctuation"),
        pytest.param("Café crème brûlée", "cafe-creme-brulee", id="french-accents"),
        pytest.param("Ärzte in Köln", "arzte-in-koln", id="german-umlauts"),
        pytest.param("  --Hello,,,   World!!--  ", "hello-world", id="collapsed-and-trimmed"),
        pytest.param("Week 12: update", "week-12-update", id="digits-kept"),
        pytest.param("MRI results", "mri-results", id="lowercased"),
        pytest.param("Pain 😣 today", "pain-today", id="emoji-dropped"),
    ],
)
def test_slugify(title, expected):
    assert slugify(title) == expected


@pytest.mark.parametrize(
    "title",
    [
        pytest.param("💊💊💊", id="emoji-only"),
        pytest.param("日本語のタイトル", id="no-latin-letters"),
        pytest.param("!!!???", id="punctuation-only"),
        pytest.param("", id="empty"),
    ],
)
def test_slugify_falls_back_when_nothing_is_left(title):
    assert slugify(title) == "thread"
    assert slugify(title, fallback="member") == "member"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        pytest.param("abcd " * 20, "-".join(["abcd"] * 12), id="cut-lands-on-a-dash"),
        pytest.param("a" * 100, "a" * 60, id="one-long-word"),
        pytest.param("x" * 59 + " and more words", "x" * 59, id="dash-at-position-60-dropped"),
    ],
)
def test_long_titles_are_cut_without_a_trailing_dash(title, expected):
    slug = slugify(title)
    assert slug == expected
    assert len(slug) <= MAX_SLUG_LENGTH == 60
    assert not slug.endswith("-")


# --- usernames ----------------------------------------------------------------------------------

FORMAT = "format"
RESERVED = "reserved"


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        pytest.param("sam", None, id="three-letters"),
        pytest.param("Sam_99", None, id="underscore-and-digits"),
        pytest.param("jo.anne", None, id="dot-inside"),
        pytest.param("mary-kate", None, id="dash-inside"),
        pytest.param("a" * 30, None, id="thirty-characters"),
        pytest.param("ab", FORMAT, id="too-short"),
        pytest.param("a" * 31, FORMAT, id="too-long"),
        pytest.param("", FORMAT, id="empty"),
        pytest.param("sam smith", FORMAT, id="space"),
        pytest.param(".sam", FORMAT, id="leading-dot"),
        pytest.param("sam.", FORMAT, id="trailing-dot"),
        pytest.param("_sam", FORMAT, id="leading-underscore"),
        pytest.param("sam\n", FORMAT, id="trailing-newline"),
        pytest.param("José", FORMAT, id="accented-letter"),
        pytest.param("Аdmin", FORMAT, id="cyrillic-lookalike-of-admin"),
        pytest.param("<script>", FORMAT, id="markup"),
        pytest.param("sam@example", FORMAT, id="at-sign"),
        pytest.param("admin", RESERVED, id="admin"),
        pytest.param("Admin", RESERVED, id="admin-capitalised"),
        pytest.param("ADMIN", RESERVED, id="admin-uppercase"),
        pytest.param("Moderator", RESERVED, id="moderator"),
        pytest.param("mod", RESERVED, id="mod"),
        pytest.param("PeerCircle", RESERVED, id="site-name"),
        pytest.param("support", RESERVED, id="support"),
    ],
)
def test_username_problem(name, problem):
    message = username_problem(name)
    if problem is None:
        assert message is None
    elif problem == FORMAT:
        assert message is not None
        assert "3 to 30" in message
    else:
        assert message == "That username is reserved. Please choose another."


# --- dates --------------------------------------------------------------------------------------

NOW = datetime(2026, 11, 23, 12, 0, 0)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(datetime(2026, 11, 23, 9, 30), "23 Nov 2026", id="two-digit-day"),
        pytest.param(datetime(2026, 3, 5), "5 Mar 2026", id="no-leading-zero"),
        pytest.param(datetime(2025, 12, 31, 23, 59), "31 Dec 2025", id="end-of-year"),
        pytest.param(None, "", id="missing"),
    ],
)
def test_friendly_date(value, expected):
    assert friendly_date(value) == expected


@pytest.mark.parametrize(
    ("elapsed", "expected"),
    [
        pytest.param(timedelta(0), "just now", id="same-moment"),
        pytest.param(timedelta(seconds=59), "just now", id="59-seconds"),
        pytest.param(timedelta(seconds=-30), "just now", id="slightly-in-the-future"),
        pytest.param(timedelta(minutes=1), "1 minute ago", id="one-minute"),
        pytest.param(timedelta(minutes=1, seconds=59), "1 minute ago", id="almost-two-minutes"),
        pytest.param(timedelta(minutes=5), "5 minutes ago", id="five-minutes"),
        pytest.param(timedelta(minutes=59, seconds=59), "59 minutes ago", id="almost-an-hour"),
        pytest.param(timedelta(hours=1), "1 hour ago", id="one-hour"),
        pytest.param(timedelta(hours=2), "2 hours ago", id="two-hours"),
        pytest.param(timedelta(hours=23, minutes=59), "23 hours ago", id="almost-a-day"),
        pytest.param(timedelta(days=1), "1 day ago", id="one-day"),
        pytest.param(timedelta(days=3), "3 days ago", id="three-days"),
        pytest.param(timedelta(days=29, hours=23), "29 days ago", id="almost-thirty-days"),
        pytest.param(timedelta(days=30), "24 Oct 2026", id="thirty-days-shows-date"),
        pytest.param(timedelta(days=400), "19 Oct 2025", id="over-a-year-shows-date"),
    ],
)
def test_ago(elapsed, expected):
    assert ago(NOW - elapsed, now=NOW) == expected


def test_ago_of_nothing_is_empty():
    assert ago(None, now=NOW) == ""


# --- permissions --------------------------------------------------------------------------------

AUTHOR = SimpleNamespace(id=1, is_authenticated=True, is_moderator=False, is_admin=False)
OTHER = SimpleNamespace(id=2, is_authenticated=True, is_moderator=False, is_admin=False)
MODERATOR = SimpleNamespace(id=3, is_authenticated=True, is_moderator=True, is_admin=False)
# Flask-Login's anonymous user is a real object that is not authenticated; give it the author's id
# to prove the id alone never grants anything.
ANONYMOUS = SimpleNamespace(id=1, is_authenticated=False, is_moderator=False, is_admin=False)


# The moderator looks after board 7, where the threads below are; other boards are theirs only.
BOARD = 7
OWN_BOARD = ModeratorScope.of({BOARD, 8})
OTHER_BOARD = ModeratorScope.of({8})


def thread(*, locked=False, is_public=True, author_id=1, board_id=BOARD):
    return SimpleNamespace(
        locked=locked, is_public=is_public, author_id=author_id, board_id=board_id
    )


def post(*, status="visible", is_deleted=False, author_id=1, **thread_fields):
    return SimpleNamespace(
        author_id=author_id,
        status=status,
        is_visible=status == "visible" and not is_deleted,  # as the Post model computes it
        is_deleted=is_deleted,
        thread=thread(**thread_fields),
    )


@pytest.mark.parametrize(
    ("actor", "target", "allowed"),
    [
        pytest.param(AUTHOR, post(), True, id="author"),
        pytest.param(AUTHOR, post(status="pending"), True, id="author-of-held-post"),
        pytest.param(OTHER, post(), False, id="other-member"),
        pytest.param(MODERATOR, post(), False, id="moderator-cannot-rewrite-others"),
        pytest.param(ANONYMOUS, post(), False, id="anonymous"),
        pytest.param(None, post(), False, id="no-actor"),
        pytest.param(AUTHOR, post(locked=True), False, id="author-thread-locked"),
        pytest.param(AUTHOR, post(status="removed"), False, id="author-post-removed"),
        pytest.param(AUTHOR, post(is_deleted=True), False, id="author-post-deleted"),
    ],
)
def test_can_edit_post(actor, target, allowed):
    assert can_edit_post(actor, target) is allowed


@pytest.mark.parametrize(
    ("actor", "target", "allowed"),
    [
        pytest.param(AUTHOR, post(), True, id="author"),
        pytest.param(AUTHOR, post(locked=True), True, id="author-in-locked-thread"),
        pytest.param(OTHER, post(), False, id="other-member"),
        pytest.param(MODERATOR, post(), False, id="moderator-not-author"),
        pytest.param(ANONYMOUS, post(), False, id="anonymous"),
        pytest.param(None, post(), False, id="no-actor"),
        pytest.param(AUTHOR, post(is_deleted=True), False, id="already-deleted"),
    ],
)
def test_can_delete_post(actor, target, allowed):
    assert can_delete_post(actor, target) is allowed


@pytest.mark.parametrize(
    ("actor", "status", "allowed"),
    [
        pytest.param(None, "visible", True, id="visible-no-actor"),
        pytest.param(ANONYMOUS, "visible", True, id="visible-anonymous"),
        pytest.param(OTHER, "visible", True, id="visible-other-member"),
        pytest.param(AUTHOR, "pending", True, id="pending-author"),
        pytest.param(OTHER, "pending", False, id="pending-other-member"),
        pytest.param(ANONYMOUS, "pending", False, id="pending-anonymous"),
        pytest.param(None, "pending", False, id="pending-no-actor"),
        pytest.param(AUTHOR, "removed", True, id="removed-author"),
        pytest.param(OTHER, "removed", False, id="removed-other-member"),
        pytest.param(ANONYMOUS, "removed", False, id="removed-anonymous"),
    ],
)
def test_can_see_post(actor, status, allowed):
    assert can_see_post(actor, post(status=status)) is allowed


@pytest.mark.parametrize(
    ("scope", "status", "allowed"),
    [
        pytest.param(OWN_BOARD, "pending", True, id="pending-own-board"),
        pytest.param(OTHER_BOARD, "pending", False, id="pending-other-board"),
        pytest.param(EVERYWHERE, "pending", True, id="pending-administrator"),
        pytest.param(NOWHERE, "pending", False, id="pending-moderator-role-without-boards"),
        pytest.param(OWN_BOARD, "removed", True, id="removed-own-board"),
        pytest.param(OTHER_BOARD, "removed", False, id="removed-other-board"),
        pytest.param(EVERYWHERE, "removed", True, id="removed-administrator"),
    ],
)
def test_moderators_see_held_and_removed_posts_on_their_boards_only(scope, status, allowed):
    assert can_see_post(MODERATOR, post(status=status), scope) is allowed


@pytest.mark.parametrize(
    ("actor", "scope", "allowed"),
    [
        pytest.param(AUTHOR, NOWHERE, True, id="author"),
        pytest.param(OTHER, NOWHERE, False, id="other-member"),
        pytest.param(ANONYMOUS, EVERYWHERE, False, id="anonymous-never"),
        pytest.param(MODERATOR, OWN_BOARD, True, id="moderator-own-board"),
        pytest.param(MODERATOR, OTHER_BOARD, False, id="moderator-other-board"),
        pytest.param(MODERATOR, EVERYWHERE, True, id="administrator"),
    ],
)
def test_can_see_thread_under_review(actor, scope, allowed):
    assert can_see_thread(actor, thread(is_public=False), scope) is allowed


@pytest.mark.parametrize(
    ("actor", "target", "allowed"),
    [
        pytest.param(OTHER, thread(), True, id="member-open-thread"),
        pytest.param(OTHER, thread(locked=True), False, id="member-locked-thread"),
        pytest.param(AUTHOR, thread(locked=True), False, id="thread-author-locked-thread"),
        pytest.param(MODERATOR, thread(locked=True), True, id="moderator-locked-thread"),
        pytest.param(
            MODERATOR, thread(locked=True, board_id=9), False, id="moderator-locked-other-board"
        ),
        pytest.param(ANONYMOUS, thread(), False, id="anonymous"),
        pytest.param(None, thread(), False, id="no-actor"),
        pytest.param(OTHER, thread(is_public=False), False, id="member-non-public-thread"),
        pytest.param(AUTHOR, thread(is_public=False), False, id="thread-author-non-public-thread"),
        pytest.param(MODERATOR, thread(is_public=False), False, id="moderator-non-public-thread"),
    ],
)
def test_can_reply(actor, target, allowed):
    # Only the moderator has boards: everyone else acts with the default, no boards at all.
    scope = OWN_BOARD if actor is MODERATOR else NOWHERE
    assert can_reply(actor, target, scope) is allowed


def test_the_moderator_role_alone_does_not_open_a_locked_thread():
    assert can_reply(MODERATOR, thread(locked=True)) is False
    assert can_reply(MODERATOR, thread(locked=True), EVERYWHERE) is True


@pytest.mark.parametrize(
    ("status", "allowed"),
    [
        pytest.param("visible", True, id="visible-post"),
        pytest.param("pending", False, id="held-post"),
        pytest.param("removed", False, id="removed-post"),
    ],
)
def test_can_reply_to_post_only_when_it_is_visible(status, allowed):
    assert can_reply_to_post(OTHER, post(status=status)) is allowed


def test_cannot_reply_to_a_deleted_post():
    assert can_reply_to_post(OTHER, post(is_deleted=True)) is False


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("sqlite:////srv/peercircle.db", "sqlite:////srv/peercircle.db"),
        ("postgresql://pc:secret@127.0.0.1/pc", "postgresql+psycopg://pc:secret@127.0.0.1/pc"),
        ("postgres://pc@localhost/pc", "postgresql+psycopg://pc@localhost/pc"),
        ("postgresql+psycopg://pc@localhost/pc", "postgresql+psycopg://pc@localhost/pc"),
    ],
)
def test_database_urls_use_the_installed_driver(given, used):
    assert database_url(given) == used


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", 1),
        ("2147483647", 2147483647),
        ("2147483648", None),
        ("0", None),
        ("-1", None),
        ("", None),
        (None, None),
        ("12a", None),
        ("\uff11", None),  # a full-width digit
        ("9" * 30, None),
    ],
)
def test_parse_row_id(raw, expected):
    assert parse_row_id(raw) == expected


@pytest.mark.parametrize(
    ("raw", "text", "line"),
    [
        ("plain words", "plain words", "plain words"),
        ("a\r\nb\rc", "a\nb\nc", "a b c"),
        ("nul\x00 byte", "nul byte", "nul byte"),
        ("bell\x07 and escape\x1b[31m", "bell and escape[31m", "bell and escape[31m"),
        ("tab\tkept", "tab\tkept", "tab\tkept"),
        ("evil\u202etxt.exe", "evil\u202etxt.exe", "eviltxt.exe"),
        ("  padded  ", "  padded  ", "padded"),
    ],
)
def test_clean_text_and_clean_line(raw, text, line):
    assert clean_text(raw) == text
    assert clean_line(raw) == line
