"""Joining a board is private unless the member says otherwise; logging out really ends a session."""

from __future__ import annotations

from conftest import login

BOARD_NAME = "Diabetes"


def test_boards_joined_are_private_by_default(client, member_factory, login_as):
    member_factory("quiet_one", boards=("diabetes",))
    page = client.get("/u/quiet_one").get_data(as_text=True)
    assert "boards-heading" not in page and BOARD_NAME not in page
    login_as("neighbour")
    page = client.get("/u/quiet_one").get_data(as_text=True)
    assert BOARD_NAME not in page


def test_a_member_sees_their_own_boards_and_may_choose_to_show_them(client, login_as):
    login_as("open_one", boards=("diabetes",))
    own = client.get("/u/open_one").get_data(as_text=True)
    assert BOARD_NAME in own and "Only you can see this list" in own
    settings = client.get("/settings").get_data(as_text=True)
    assert 'name="show_boards"' in settings and "checked" not in settings
    saved = client.submit("/settings/privacy", {"show_boards": "y"})
    assert saved.status_code == 302
    client.submit("/logout")
    assert BOARD_NAME in client.get("/u/open_one").get_data(as_text=True)
    login(client, "open_one")
    client.submit("/settings/privacy", {})
    client.submit("/logout")
    assert BOARD_NAME not in client.get("/u/open_one").get_data(as_text=True)


def test_privacy_form_without_its_token_changes_nothing(client, login_as):
    login_as("open_one", boards=("diabetes",))
    assert client.post("/settings/privacy", data={"show_boards": "y"}).status_code == 400


def cookie_value(client, name: str) -> str | None:
    cookie = client.get_cookie(name)
    return cookie.value if cookie else None


def test_a_copied_session_cookie_stops_working_after_logout(app, client, login_as):
    login_as("careful")
    copied = cookie_value(client, "session")
    assert copied
    client.submit("/logout")
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/settings").status_code == 302


def test_a_copied_remember_me_cookie_alone_stops_working_after_logout(
    app, client, member_factory
):
    member_factory("careful")
    response = client.submit(
        "/login", {"username": "careful", "password": "correct horse battery", "remember": "y"}
    )
    assert response.status_code == 302
    remembered = cookie_value(client, "remember_token")
    assert remembered
    # The remember-me cookie on its own logs a new browser in before logout...
    before = app.test_client()
    before.set_cookie("remember_token", remembered)
    assert before.get("/settings").status_code == 200
    client.submit("/logout")
    after = app.test_client()
    after.set_cookie("remember_token", remembered)
    assert after.get("/settings").status_code == 302


def test_login_starts_a_fresh_session(app, client, member_factory):
    member_factory("returning")
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    login(client, "returning")
    with client.session_transaction() as session:
        assert "planted" not in session
