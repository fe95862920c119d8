"""Moderation settings through HTTP: rules site-wide and per board, guidelines, moderators, boards."""

from __future__ import annotations

import pytest
from conftest import login

from forum.extensions import db
from forum.models import Board, Member, Thread
from moderation.models import BoardModerator, LogEntry, QueueItem, Rule

MEDICAL_ADVICE = "You should stop taking your metformin, it's poison."


@pytest.fixture
def admin(member_factory):
    return member_factory("site_admin", role="admin")


@pytest.fixture
def other_moderator(app, member_factory):
    """A facilitator who moderates the Cancer board only."""
    return _moderating(app, member_factory("cancer_mod", role="moderator"), "cancer")


def _moderating(app, member, slug):
    with app.app_context():
        db.session.add(BoardModerator(board_id=board_id(slug), member_id=member.id))
        db.session.commit()
    return member


def board_id(slug: str) -> int:
    return db.session.scalars(db.select(Board.id).where(Board.slug == slug)).one()


def as_member(client, username):
    client.submit("/logout")
    assert login(client, username).status_code == 302


def log_actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(db.select(LogEntry.action).order_by(LogEntry.id)))


def log_entries(app, action: str) -> list[LogEntry]:
    with app.app_context():
        entries = db.session.scalars(
            db.select(LogEntry).where(LogEntry.action == action).order_by(LogEntry.id)
        ).all()
        db.session.expunge_all()
        return entries


def site_rule(app, kind: str, pattern: str = "") -> int:
    with app.app_context():
        return db.session.scalars(
            db.select(Rule.id).where(
                Rule.board_id.is_(None), Rule.kind == kind, Rule.pattern == pattern
            )
        ).one()


def board_rule(app, slug: str, kind: str = "watched_word", pattern: str = "") -> int:
    with app.app_context():
        return db.session.scalars(
            db.select(Rule.id).where(
                Rule.board_id == board_id(slug), Rule.kind == kind, Rule.pattern == pattern
            )
        ).one()


def rules_snapshot(app) -> list[tuple]:
    with app.app_context():
        return [
            (r.id, r.board_id, r.kind, r.pattern, r.action, r.enabled)
            for r in db.session.scalars(db.select(Rule).order_by(Rule.id))
        ]


def role_of(app, member) -> str:
    with app.app_context():
        return db.session.get(Member, member.id).role


def reply_as(client, username, thread, body):
    as_member(client, username)
    return client.submit(f"/t/{thread.id}/reply", {"body": body}, follow_redirects=False)


def published(client, response) -> bool:
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get(response.location).get_data(as_text=True)
    return "Your reply is posted." in page


def held(client, response) -> bool:
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get(response.location).get_data(as_text=True)
    return "A moderator will review it" in page


# --- the rules page -------------------------------------------------------------------------------


def test_rules_page_shows_built_in_kinds_and_watched_words(client, admin):
    as_member(client, "site_admin")
    response = client.get("/mod/rules")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h1>Site-wide rules</h1>" in page
    for text in [
        "Medical advice",
        "Crisis language",
        "Personal details",
        "Spam: links from members",
    ]:
        assert text in page
    for pattern in ["kill yourself", "retard*", "idiot*", "casino*", "crypto giveaway"]:
        assert f"<code>{pattern}</code>" in page
    assert "Add watched word" in page
    assert '<label for="pattern">' in page and '<label for="action">' in page
    assert '<th scope="col">Word or phrase</th>' in page


def test_moderators_may_read_site_rules_but_not_change_them(client, moderator):
    as_member(client, "facilitator")
    page = client.get("/mod/rules").get_data(as_text=True)
    assert "<code>idiot*</code>" in page
    assert "Add watched word" not in page and "Switch off" not in page
    assert "Only administrators can change site-wide rules" in page
    own = client.get("/mod/rules?board=diabetes")
    assert own.status_code == 200
    assert "Add a watched word for Diabetes" in own.get_data(as_text=True)


def test_rules_page_refuses_members_and_sends_visitors_to_log_in(client, member_factory):
    anonymous = client.get("/mod/rules")
    assert anonymous.status_code == 302 and anonymous.location.startswith("/login")
    member_factory("plain")
    as_member(client, "plain")
    assert client.get("/mod/rules").status_code == 403


# --- watched words --------------------------------------------------------------------------------


def test_an_added_watched_word_blocks_a_reply_with_the_text_kept(
    client, app, admin, member_factory, thread_factory
):
    thread = thread_factory(member_factory("owner"))
    member_factory("seller")
    as_member(client, "site_admin")
    response = client.submit(
        "/mod/rules/words",
        {"pattern": "snake  oil", "action": "block", "guideline": "No miracle cures.", "board": ""},
    )
    assert response.status_code == 302 and response.location == "/mod/rules"
    assert "“snake oil” is now watched" in client.get("/mod/rules").get_data(as_text=True)
    refused = reply_as(client, "seller", thread, "Buy my Snake Oil today")
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert "Buy my Snake Oil today</textarea>" in page
    assert "words this community has asked" in page
    [entry] = log_entries(app, "rule-add")
    assert entry.after == "snake oil → block" and entry.board_id is None
    assert entry.actor_name == "site_admin"


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("***", "needs at least one letter"),
        ("", "Write the word or phrase to watch for."),
        ("x" * 201, "under 200 characters"),
    ],
)
def test_a_bad_pattern_is_refused_with_the_text_kept(client, app, admin, pattern, message):
    before = rules_snapshot(app)
    as_member(client, "site_admin")
    response = client.submit(
        "/mod/rules/words",
        {"pattern": pattern, "action": "hold", "guideline": "Be kind.", "board": ""},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert f'value="{pattern}"' in page
    assert 'aria-invalid="true"' in page
    assert rules_snapshot(app) == before
    assert log_actions(app) == []


def test_a_watched_word_needs_a_known_action_and_is_not_added_twice(client, app, admin):
    as_member(client, "site_admin")
    urgent = client.submit(
        "/mod/rules/words", {"pattern": "doom", "action": "urgent", "guideline": "", "board": ""}
    )
    assert urgent.status_code == 400
    twice = client.submit(
        "/mod/rules/words", {"pattern": "IDIOT*", "action": "block", "guideline": "", "board": ""}
    )
    assert twice.status_code == 400
    assert "already on the list" in twice.get_data(as_text=True)
    assert log_actions(app) == []


def test_a_board_word_applies_only_on_that_board(
    client, app, moderator, member_factory, thread_factory
):
    owner = member_factory("owner")
    diabetes = thread_factory(owner, board_slug="diabetes")
    cancer = thread_factory(owner, board_slug="cancer")
    member_factory("writer")
    as_member(client, "facilitator")
    response = client.submit(
        "/mod/rules/words",
        {"pattern": "sugar hack*", "action": "block", "guideline": "Be kind.", "board": "diabetes"},
    )
    assert response.status_code == 302 and response.location == "/mod/rules?board=diabetes"
    page = client.get("/mod/rules?board=diabetes").get_data(as_text=True)
    assert "<code>sugar hack*</code>" in page
    assert "<code>sugar hack*</code>" not in client.get("/mod/rules").get_data(as_text=True)
    assert reply_as(client, "writer", diabetes, "My sugar hacks work").status_code == 400
    assert published(client, reply_as(client, "writer", cancer, "My sugar hacks work"))
    [entry] = log_entries(app, "rule-add")
    assert entry.board_id is not None and entry.actor_name == "facilitator"


def test_disabling_and_deleting_a_word_stops_it(client, app, admin, member_factory, thread_factory):
    thread = thread_factory(member_factory("owner"))
    member_factory("writer")
    casino = site_rule(app, "watched_word", "casino*")
    as_member(client, "site_admin")
    assert client.submit(f"/mod/rules/{casino}/toggle", {"enabled": "0"}).status_code == 302
    assert published(client, reply_as(client, "writer", thread, "Went to the casino once."))
    as_member(client, "site_admin")
    again = client.submit(f"/mod/rules/{casino}/toggle", {"enabled": "0"}, follow_redirects=True)
    assert "already off. Nothing was changed." in again.get_data(as_text=True)
    assert client.submit(f"/mod/rules/{casino}/toggle", {"enabled": "1"}).status_code == 302
    assert held(client, reply_as(client, "writer", thread, "Casinos are fun."))
    as_member(client, "site_admin")
    assert client.submit(f"/mod/rules/{casino}/delete").status_code == 302
    assert "<code>casino*</code>" not in client.get("/mod/rules").get_data(as_text=True)
    assert published(client, reply_as(client, "writer", thread, "Casino night was fun."))
    assert log_actions(app) == ["rule-disable", "rule-enable", "rule-delete"]
    [delete] = log_entries(app, "rule-delete")
    assert delete.before == "casino*"


# --- built-in kinds -------------------------------------------------------------------------------


def test_disabling_site_medical_lets_advice_publish_until_a_board_switches_it_on(
    client, app, admin, moderator, member_factory, thread_factory
):
    owner = member_factory("owner")
    diabetes = thread_factory(owner, board_slug="diabetes")
    cancer = thread_factory(owner, board_slug="cancer")
    member_factory("adviser")
    assert held(client, reply_as(client, "adviser", cancer, MEDICAL_ADVICE))
    medical = site_rule(app, "medical")
    as_member(client, "site_admin")
    response = client.submit(f"/mod/rules/{medical}/toggle", {"enabled": "0"})
    assert response.status_code == 302
    assert published(client, reply_as(client, "adviser", cancer, MEDICAL_ADVICE))
    assert published(client, reply_as(client, "adviser", diabetes, MEDICAL_ADVICE))
    as_member(client, "facilitator")
    page = client.get("/mod/rules?board=diabetes").get_data(as_text=True)
    assert "Switch on for this board" in page
    switched = client.submit("/mod/rules/kinds", {"kind": "medical", "board": "diabetes"})
    assert switched.status_code == 302
    page = client.get("/mod/rules?board=diabetes").get_data(as_text=True)
    assert "On (this board's rule)" in page
    assert held(client, reply_as(client, "adviser", diabetes, MEDICAL_ADVICE))
    assert published(client, reply_as(client, "adviser", cancer, MEDICAL_ADVICE))
    with app.app_context():
        rule = db.session.get(Rule, board_rule(app, "diabetes", "medical"))
        assert rule.action == "hold" and rule.enabled
    [disable] = log_entries(app, "rule-disable")
    assert disable.before == "medical → hold: enabled"
    assert disable.after == "medical → hold: disabled"
    [add] = log_entries(app, "rule-add")
    assert add.after == "medical → hold" and add.actor_name == "facilitator"


def test_built_in_kinds_can_be_switched_off_but_not_deleted(client, app, admin):
    medical = site_rule(app, "medical")
    as_member(client, "site_admin")
    response = client.submit(f"/mod/rules/{medical}/delete")
    assert response.status_code == 400
    assert "switch them off instead" in response.get_data(as_text=True)
    unknown = client.submit("/mod/rules/kinds", {"kind": "watched_word", "board": "diabetes"})
    assert unknown.status_code == 400
    assert client.submit("/mod/rules/999999/toggle").status_code == 404
    assert log_actions(app) == []


# --- the crisis check -----------------------------------------------------------------------------


def rule_enabled(app, rule_id: int) -> bool:
    with app.app_context():
        return db.session.get(Rule, rule_id).enabled


def test_a_board_moderator_cannot_switch_off_their_boards_crisis_check(client, app, moderator):
    as_member(client, "facilitator")
    assert (
        client.submit("/mod/rules/kinds", {"kind": "crisis", "board": "diabetes"}).status_code
        == 302
    )
    crisis = board_rule(app, "diabetes", "crisis")
    page = client.get("/mod/rules?board=diabetes").get_data(as_text=True)
    assert "Only administrators can switch the crisis check off." in page
    response = client.submit(
        f"/mod/rules/{crisis}/toggle",
        {"enabled": "0", "confirm": "y", "reason": "Our members find it intrusive"},
    )
    assert response.status_code == 403
    assert client.submit(f"/mod/rules/{crisis}/toggle").status_code == 403
    assert rule_enabled(app, crisis)
    assert log_actions(app) == ["rule-add"]


@pytest.mark.parametrize(
    ("form", "message"),
    [
        pytest.param(
            {"reason": "Testing the alerts"}, "Tick the box to confirm", id="no-confirmation"
        ),
        pytest.param({"confirm": "y"}, "Give the reason", id="no-reason"),
        pytest.param(
            {"confirm": "y", "reason": "…!"}, "Give the reason in words", id="no-words"
        ),
    ],
)
def test_switching_off_the_crisis_check_needs_a_confirmation_and_a_reason(
    client, app, admin, form, message
):
    crisis = site_rule(app, "crisis")
    as_member(client, "site_admin")
    page = client.get("/mod/rules").get_data(as_text=True)
    assert "Switch off the crisis check" in page
    response = client.submit(f"/mod/rules/{crisis}/toggle", {"enabled": "0", **form})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert rule_enabled(app, crisis)
    assert log_actions(app) == []


def test_an_administrator_switches_off_the_crisis_check_with_the_reason_logged(client, app, admin):
    crisis = site_rule(app, "crisis")
    as_member(client, "site_admin")
    response = client.submit(
        f"/mod/rules/{crisis}/toggle",
        {"enabled": "0", "confirm": "y", "reason": "Replaced by the new triage service"},
    )
    assert response.status_code == 302
    assert not rule_enabled(app, crisis)
    [entry] = log_entries(app, "rule-disable")
    assert entry.reason == "Replaced by the new triage service"
    assert entry.actor_name == "site_admin"
    assert entry.after == "crisis → urgent: disabled"
    # Switching it back on needs neither.
    assert client.submit(f"/mod/rules/{crisis}/toggle", {"enabled": "1"}).status_code == 302
    assert rule_enabled(app, crisis)


def test_with_the_crisis_check_off_crisis_posts_are_queued_at_normal_priority_with_resources_shown(
    client, app, admin, member_factory, thread_factory
):
    thread = thread_factory(member_factory("owner"))
    crisis = site_rule(app, "crisis")
    as_member(client, "site_admin")
    client.submit(
        f"/mod/rules/{crisis}/toggle",
        {"enabled": "0", "confirm": "y", "reason": "A partner's triage team reads every post"},
    )
    member_factory("struggling")
    member_client = app.test_client()
    login(member_client, "struggling")

    def post_and_item(body):
        page = member_client.submit(
            f"/t/{thread.id}/reply", {"body": body}, follow_redirects=True
        ).get_data(as_text=True)
        with app.app_context():
            item = db.session.scalars(db.select(QueueItem).order_by(QueueItem.id.desc())).first()
            return page, (item.reason, item.priority)

    page, item = post_and_item("I want to end my life tonight.")
    assert "Samaritans" in page
    assert item == ("flagged", 1)
    # Switched back on, the next one is urgent again.
    client.submit(f"/mod/rules/{crisis}/toggle", {"enabled": "1"})
    page, item = post_and_item("I keep thinking about ending my life.")
    assert "Samaritans" in page
    assert item == ("crisis", 0)


# --- guidelines -----------------------------------------------------------------------------------


def test_guidelines_edit_shows_on_the_board_and_is_sanitized(
    client, app, moderator, member_factory, thread_factory
):
    thread = thread_factory(member_factory("owner"))
    with app.app_context():
        old = db.session.get(Board, board_id("diabetes")).guidelines_source
    source = "- **Be gentle.** Always.\n- No selling.\n\n<script>alert('owned')</script>"
    as_member(client, "facilitator")
    editor = client.get("/mod/boards/diabetes").get_data(as_text=True)
    assert '<label for="guidelines">' in editor and "Be kind." in editor
    response = client.submit("/mod/boards/diabetes/guidelines", {"guidelines": source})
    assert response.status_code == 302 and response.location == "/mod/boards/diabetes"
    board_page = client.get("/b/diabetes").get_data(as_text=True)
    assert "<strong>Be gentle.</strong> Always." in board_page
    assert "<script>alert" not in board_page
    editor = client.get("/mod/boards/diabetes").get_data(as_text=True)
    assert "<script>alert" not in editor
    assert "&lt;script&gt;alert(" in editor
    member_factory("reader")
    as_member(client, "reader")
    assert "Be gentle." in client.get(f"/flag/{thread.opening_post_id}").get_data(as_text=True)
    [entry] = log_entries(app, "guidelines-edit")
    assert entry.before == old and entry.after == source


# --- moderators -----------------------------------------------------------------------------------


def test_an_assigned_moderator_can_moderate_that_board_until_removed(
    client, app, admin, member_factory, thread_factory
):
    owner = member_factory("owner")
    diabetes = thread_factory(owner, board_slug="diabetes")
    cancer = thread_factory(owner, board_slug="cancer")
    helper = member_factory("helper")
    as_member(client, "helper")
    assert client.get("/mod/queue").status_code == 403
    as_member(client, "site_admin")
    response = client.submit("/mod/boards/diabetes/moderators", {"username": "Helper"})
    assert response.status_code == 302
    assert role_of(app, helper) == "moderator"
    page = client.get("/mod/boards/diabetes").get_data(as_text=True)
    assert "helper</a></th>" in page
    as_member(client, "helper")
    assert client.get("/mod/queue").status_code == 200
    assert client.get("/mod/boards/diabetes").status_code == 200
    assert client.get("/mod/rules?board=diabetes").status_code == 200
    assert client.submit(f"/mod/threads/{diabetes.id}/lock", {"locked": "1"}).status_code == 302
    assert client.submit(f"/mod/threads/{cancer.id}/lock", {"locked": "1"}).status_code == 403
    assert client.get("/mod/rules?board=cancer").status_code == 403
    assert client.get("/mod/boards/cancer").status_code == 403
    with app.app_context():
        assert db.session.get(Thread, diabetes.id).locked
        assert not db.session.get(Thread, cancer.id).locked
    as_member(client, "site_admin")
    removed = client.submit(f"/mod/boards/diabetes/moderators/{helper.id}/remove")
    assert removed.status_code == 302
    assert role_of(app, helper) == "member"
    as_member(client, "helper")
    assert client.get("/mod/queue").status_code == 403
    assert log_actions(app) == ["moderator-add", "lock", "moderator-remove"]
    [added] = log_entries(app, "moderator-add")
    assert added.subject_name == "helper" and (added.before, added.after) == ("member", "moderator")
    [gone] = log_entries(app, "moderator-remove")
    assert gone.subject_name == "helper" and (gone.before, gone.after) == ("moderator", "member")


def test_a_moderator_of_two_boards_keeps_their_role_when_removed_from_one(
    client, app, admin, moderator
):
    as_member(client, "site_admin")
    assert (
        client.submit("/mod/boards/cancer/moderators", {"username": "facilitator"}).status_code
        == 302
    )
    client.submit(f"/mod/boards/diabetes/moderators/{moderator.id}/remove")
    assert role_of(app, moderator) == "moderator"
    as_member(client, "facilitator")
    assert client.get("/mod/boards/cancer").status_code == 200
    assert client.get("/mod/boards/diabetes").status_code == 403


def test_an_unknown_username_is_refused_with_a_message(client, app, admin):
    as_member(client, "site_admin")
    response = client.submit("/mod/boards/diabetes/moderators", {"username": "nobody_here"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "There is no member called “nobody_here”" in page
    assert 'value="nobody_here"' in page
    assert log_actions(app) == []


# --- boards ---------------------------------------------------------------------------------------


def test_an_admin_creates_a_board_from_the_web(client, app, admin):
    as_member(client, "site_admin")
    form = client.get("/mod/boards").get_data(as_text=True)
    assert "Create a board" in form and '<label for="name">' in form
    response = client.submit(
        "/mod/boards",
        {
            "name": "Long COVID",
            "slug": "",
            "description": "Living with long COVID.",
            "guidelines": "- **Rest is allowed.**\n<script>x()</script>",
        },
    )
    assert response.status_code == 302 and response.location == "/mod/boards/long-covid"
    page = client.get("/b/long-covid").get_data(as_text=True)
    assert "<h1>Long COVID</h1>" in page and "Living with long COVID." in page
    assert "<strong>Rest is allowed.</strong>" in page and "<script>x()" not in page
    assert "Long COVID" in client.get("/").get_data(as_text=True)
    duplicate = client.submit("/mod/boards", {"name": "Another", "slug": "Long COVID"})
    assert duplicate.status_code == 400
    assert "There is already a board at /b/long-covid" in duplicate.get_data(as_text=True)
    [entry] = log_entries(app, "board-create")
    assert entry.after == "Long COVID (/b/long-covid)" and entry.board_id is not None
    missing = client.submit("/mod/boards", {"name": "", "slug": "empty"})
    assert missing.status_code == 400 and "Give the board a name." in missing.get_data(as_text=True)


def test_board_list_shows_admins_every_board_and_moderators_theirs(client, admin, moderator):
    as_member(client, "site_admin")
    page = client.get("/mod/boards").get_data(as_text=True)
    assert 'href="/mod/boards/diabetes"' in page and 'href="/mod/boards/cancer"' in page
    assert "facilitator" in page
    as_member(client, "facilitator")
    page = client.get("/mod/boards").get_data(as_text=True)
    assert 'href="/mod/boards/diabetes"' in page and 'href="/mod/boards/cancer"' not in page
    assert "Create a board" not in page


# --- who may do what ------------------------------------------------------------------------------


def _admin_routes(app, moderator_id: int):
    diabetes_word = board_rule(app, "diabetes", pattern="board word")
    return [
        ("get", "/mod/rules", {}),
        ("get", "/mod/rules?board=diabetes", {}),
        ("post", "/mod/rules/words", {"pattern": "spam", "action": "hold", "board": ""}),
        ("post", "/mod/rules/words", {"pattern": "spam", "action": "hold", "board": "diabetes"}),
        ("post", "/mod/rules/kinds", {"kind": "medical", "board": "diabetes"}),
        ("post", "/mod/rules/kinds", {"kind": "medical", "board": ""}),
        ("post", f"/mod/rules/{diabetes_word}/toggle", {"enabled": "0"}),
        ("post", f"/mod/rules/{diabetes_word}/delete", {}),
        ("post", f"/mod/rules/{site_rule(app, 'medical')}/toggle", {"enabled": "0"}),
        ("post", f"/mod/rules/{site_rule(app, 'watched_word', 'idiot*')}/delete", {}),
        ("get", "/mod/boards", {}),
        ("post", "/mod/boards", {"name": "Sneaky"}),
        ("get", "/mod/boards/diabetes", {}),
        ("post", "/mod/boards/diabetes/guidelines", {"guidelines": "Nothing"}),
        ("post", "/mod/boards/diabetes/moderators", {"username": "facilitator"}),
        ("post", f"/mod/boards/diabetes/moderators/{moderator_id}/remove", {}),
    ]


@pytest.fixture
def diabetes_word(app):
    with app.app_context():
        db.session.add(
            Rule(
                board_id=board_id("diabetes"),
                kind="watched_word",
                pattern="board word",
                action="hold",
            )
        )
        db.session.commit()


@pytest.mark.parametrize("role", ["anonymous", "member", "other-board-moderator"])
def test_admin_routes_refuse_those_without_the_right(
    client, app, member_factory, moderator, other_moderator, diabetes_word, role
):
    before = rules_snapshot(app)
    if role == "member":
        member_factory("plain")
        as_member(client, "plain")
    elif role == "other-board-moderator":
        as_member(client, "cancer_mod")
    for method, url, data in _admin_routes(app, moderator.id):
        # Any moderator may read the site-wide rules and list the boards they moderate.
        if role == "other-board-moderator" and url in ("/mod/rules", "/mod/boards"):
            assert client.get(url).status_code == 200, url
            continue
        response = client.get(url) if method == "get" else client.submit(url, data)
        if role == "anonymous":
            assert response.status_code == 302 and response.location.startswith("/login"), url
        else:
            assert response.status_code == 403, url
    assert log_actions(app) == []
    assert rules_snapshot(app) == before
    with app.app_context():
        assert db.session.scalar(db.select(Board).where(Board.slug == "sneaky")) is None
        assert db.session.get(Board, board_id("diabetes")).guidelines_source != "Nothing"
        assert db.session.get(BoardModerator, (board_id("diabetes"), moderator.id)) is not None


def test_a_board_moderator_cannot_change_site_rules_or_assign_moderators(
    client, app, member_factory, moderator, diabetes_word
):
    member_factory("hopeful")
    before = rules_snapshot(app)
    as_member(client, "facilitator")
    refused = [
        ("/mod/rules/words", {"pattern": "spam", "action": "hold", "board": ""}),
        ("/mod/rules/kinds", {"kind": "medical", "board": ""}),
        (f"/mod/rules/{site_rule(app, 'medical')}/toggle", {"enabled": "0"}),
        (f"/mod/rules/{site_rule(app, 'watched_word', 'idiot*')}/toggle", {"enabled": "0"}),
        (f"/mod/rules/{site_rule(app, 'watched_word', 'idiot*')}/delete", {}),
        ("/mod/boards/diabetes/moderators", {"username": "hopeful"}),
        (f"/mod/boards/diabetes/moderators/{moderator.id}/remove", {}),
        ("/mod/boards", {"name": "My own board"}),
    ]
    for url, data in refused:
        assert client.submit(url, data).status_code == 403, url
    assert rules_snapshot(app) == before
    page = client.get("/mod/boards/diabetes").get_data(as_text=True)
    assert "Add moderator" not in page and "Only administrators can add" in page
    word = board_rule(app, "diabetes", pattern="board word")
    assert client.submit(f"/mod/rules/{word}/toggle", {"enabled": "0"}).status_code == 302
    assert client.submit(f"/mod/rules/{word}/delete").status_code == 302
    assert log_actions(app) == ["rule-disable", "rule-delete"]


# --- the log --------------------------------------------------------------------------------------


def test_every_change_is_logged_in_order(client, app, admin, member_factory):
    helper = member_factory("helper")
    as_member(client, "site_admin")
    client.submit(
        "/mod/rules/words", {"pattern": "miracle cure", "action": "hold", "board": "diabetes"}
    )
    word = board_rule(app, "diabetes", pattern="miracle cure")
    client.submit(f"/mod/rules/{word}/toggle", {"enabled": "0"})
    client.submit(f"/mod/rules/{word}/toggle", {"enabled": "1"})
    client.submit(f"/mod/rules/{word}/delete")
    client.submit("/mod/rules/kinds", {"kind": "links", "board": "cancer"})
    client.submit("/mod/boards/cancer/guidelines", {"guidelines": "- **Be kind.**"})
    client.submit("/mod/boards/cancer/moderators", {"username": "helper"})
    client.submit(f"/mod/boards/cancer/moderators/{helper.id}/remove")
    client.submit("/mod/boards", {"name": "Sleep"})
    assert log_actions(app) == [
        "rule-add",
        "rule-disable",
        "rule-enable",
        "rule-delete",
        "rule-add",
        "guidelines-edit",
        "moderator-add",
        "moderator-remove",
        "board-create",
    ]
    with app.app_context():
        entries = db.session.scalars(db.select(LogEntry).order_by(LogEntry.id)).all()
        assert all(e.actor_name == "site_admin" for e in entries)
        assert entries[0].after == "miracle cure → hold"
        assert entries[3].before == "miracle cure"
        assert entries[4].after == "links → hold"
        assert {e.board_id for e in entries[:4]} == {board_id("diabetes")}
    log_page = client.get("/mod/log").get_data(as_text=True)
    assert "moderator-add" in log_page and "board-create" in log_page
