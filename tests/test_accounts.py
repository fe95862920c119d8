"""Joining, logging in and out, settings, and the privacy and security promises around them."""

from __future__ import annotations

from datetime import timedelta

from conftest import PASSWORD, login

from forum.clock import utcnow
from forum.extensions import db
from forum.models import Member

NEW_MEMBER = {
    "username": "quiet_fern",
    "email": "Fern@Example.org",
    "password": "a long enough password",
    "confirm": "a long enough password",
}


def test_joining_creates_an_account_and_logs_in(app, client):
    response = client.submit("/register", NEW_MEMBER)
    assert response.status_code == 302
    assert response.location == "/"
    page = client.get("/").get_data(as_text=True)
    assert "Welcome to PeerCircle, quiet_fern" in page
    with app.app_context():
        member = db.session.scalars(db.select(Member)).one()
        assert member.email == "fern@example.org"
        # A slow, salted hash, never the password itself.
        assert member.password_hash.startswith("scrypt:")
        assert "a long enough password" not in member.password_hash


def test_join_form_problems_are_explained_and_input_kept(client, member_factory):
    member_factory("taken_name")
    cases = [
        ({"username": "Taken_Name"}, "That username is taken."),
        ({"username": "no spaces please"}, "Usernames are 3 to 30 letters"),
        ({"username": "admin"}, "That username is reserved."),
        ({"email": "not-an-email"}, "That email address does not look right."),
        ({"password": "short", "confirm": "short"}, "Use at least 10 characters."),
        ({"confirm": "something else entirely"}, "The two passwords do not match."),
    ]
    for change, message in cases:
        response = client.submit("/register", {**NEW_MEMBER, **change})
        assert response.status_code == 400, change
        page = response.get_data(as_text=True)
        assert message in page, change
        assert 'aria-invalid="true"' in page
        # What the member typed is still there (but never the password).
        assert "a long enough password" not in page
        expected_email = change.get("email", NEW_MEMBER["email"])
        assert f'value="{expected_email}"' in page


def test_login_error_does_not_reveal_whether_a_username_exists(client, member_factory):
    member_factory("known")
    wrong_password = login(client, "known", "not the password")
    unknown_user = login(client, "nobody_here", "not the password")
    assert wrong_password.status_code == unknown_user.status_code == 400
    message = "That username and password do not match an active account."
    assert message in wrong_password.get_data(as_text=True)
    assert message in unknown_user.get_data(as_text=True)


def test_login_and_logout(client, member_factory):
    member_factory("known")
    response = login(client, "KNOWN")
    assert response.status_code == 302
    assert "Log out" in client.get("/").get_data(as_text=True)
    assert client.get("/logout").status_code == 405
    client.submit("/logout")
    assert client.get("/settings").status_code == 302
    assert "Log in" in client.get("/").get_data(as_text=True)


def test_login_redirects_only_to_local_pages(client, member_factory):
    member_factory("known")
    for target, expected in [
        ("/b/diabetes", "/b/diabetes"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
    ]:
        response = client.submit(
            f"/login?next={target}", {"username": "known", "password": PASSWORD}
        )
        assert response.location == expected, target
        client.submit("/logout")


def test_session_cookie_is_httponly_and_samesite(client, member_factory):
    member_factory("known")
    response = login(client, "known")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_session_cookie_is_secure_when_served_over_https(app, member_factory):
    app.config.update(SESSION_COOKIE_SECURE=True)
    member_factory("known")
    client = app.test_client()
    response = login(client, "known")
    assert "Secure" in response.headers["Set-Cookie"]


def test_every_page_sends_security_headers(client):
    for url in ["/", "/login", "/b/diabetes", "/no-such-page"]:
        headers = client.get(url).headers
        assert "default-src 'self'" in headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "same-origin"


def test_changing_password_needs_the_current_one_and_ends_other_sessions(app, client, login_as):
    login_as("known")
    other_device = app.test_client()
    assert login(other_device, "known").status_code == 302
    wrong = client.submit(
        "/settings/password",
        {
            "current_password": "wrong password",
            "new_password": "a brand new password",
            "confirm": "a brand new password",
        },
    )
    assert wrong.status_code == 400
    assert "Your current password is not right." in wrong.get_data(as_text=True)
    right = client.submit(
        "/settings/password",
        {
            "current_password": PASSWORD,
            "new_password": "a brand new password",
            "confirm": "a brand new password",
        },
    )
    assert right.status_code == 302
    # This device stays logged in; the other one is logged out.
    assert client.get("/settings").status_code == 200
    assert other_device.get("/settings").status_code == 302
    client.submit("/logout")
    assert login(client, "known", "a brand new password").status_code == 302


def test_changing_email_needs_the_password(app, client, login_as):
    member = login_as("known")
    wrong = client.submit("/settings/email", {"email": "new@example.org", "password_check": "nope"})
    assert wrong.status_code == 400
    assert (
        client.submit(
            "/settings/email", {"email": "New@Example.org", "password_check": PASSWORD}
        ).status_code
        == 302
    )
    with app.app_context():
        assert db.session.get(Member, member.id).email == "new@example.org"


def test_log_out_everywhere_ends_every_session(app, client, login_as):
    login_as("known")
    other_device = app.test_client()
    login(other_device, "known")
    client.submit("/settings/sign-out-everywhere")
    assert client.get("/settings").status_code == 302
    assert other_device.get("/settings").status_code == 302


def test_profile_shows_public_facts_never_the_email(client, member_factory, thread_factory):
    member = member_factory("open_book", email="private.person@example.org", boards=("arthritis",))
    thread_factory(
        member, board_slug="arthritis", title="Jar openers that work", body="The rubber grip kind."
    )
    page = client.get("/u/Open_Book").get_data(as_text=True)
    assert "open_book" in page
    assert "Member since" in page
    assert "Jar openers that work" in page
    assert "private.person" not in page
    assert client.get("/u/nobody").status_code == 404


def test_email_never_appears_on_public_pages(client, member_factory, thread_factory):
    member = member_factory("poster", email="secret.address@example.org")
    thread = thread_factory(member)
    for url in ["/", "/b/diabetes", thread.url, "/u/poster"]:
        assert "secret.address" not in client.get(url).get_data(as_text=True)


def test_suspended_member_cannot_log_in_and_is_told_why(app, client, member_factory):
    member = member_factory("suspended_one")
    with app.app_context():
        stored = db.session.get(Member, member.id)
        stored.status, stored.status_reason = "suspended", "Repeated medical misinformation."
        stored.status_until = utcnow() + timedelta(days=7)
        db.session.commit()
    wrong = login(client, "suspended_one", "wrong password entirely")
    assert wrong.status_code == 400
    assert "This account is suspended" not in wrong.get_data(as_text=True)
    response = login(client, "suspended_one")
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "This account is suspended until" in page
    assert "Repeated medical misinformation." in page
    with app.app_context():
        db.session.get(Member, member.id).status_until = utcnow() - timedelta(minutes=1)
        db.session.commit()
    assert login(client, "suspended_one").status_code == 302


def test_repeated_failed_logins_are_slowed_down_with_429(client, member_factory):
    member_factory("known")
    for _ in range(10):
        assert login(client, "known", "guess guess guess").status_code == 400
    blocked = login(client, "known", PASSWORD)
    assert blocked.status_code == 429
    assert "Too many unsuccessful attempts. Please wait 15 minutes" in blocked.get_data(
        as_text=True
    )
    # Another name from the same place is still allowed.
    member_factory("neighbour")
    assert login(client, "neighbour").status_code == 302


def test_many_new_accounts_from_one_address_get_429(client):
    for number in range(10):
        response = client.submit("/register", {**NEW_MEMBER, "username": f"newcomer{number}"})
        assert response.status_code == 302
        client.submit("/logout")
    refused = client.submit("/register", {**NEW_MEMBER, "username": "newcomer_extra"})
    assert refused.status_code == 429
    page = refused.get_data(as_text=True)
    assert "Too many accounts were created from your network recently" in page
    assert 'value="newcomer_extra"' in page
