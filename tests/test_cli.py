"""The administration commands under `flask --app wsgi peercircle`."""

from __future__ import annotations

from conftest import login

from forum.extensions import db
from forum.models import Board, Member, Post, Thread


def test_seed_boards_is_idempotent(app, runner):
    result = runner.invoke(args=["peercircle", "seed-boards"])
    assert result.exit_code == 0
    assert "already present" in result.output
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Board)) == 7


def test_create_admin_makes_an_account_that_can_log_in(app, runner, client):
    result = runner.invoke(
        args=[
            "peercircle",
            "create-admin",
            "--username",
            "site_admin",
            "--email",
            "admin@example.org",
            "--password",
            "an admin password",
        ]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalars(db.select(Member)).one().role == "admin"
    assert login(client, "site_admin", "an admin password").status_code == 302


def test_create_admin_rejects_a_weak_password(runner):
    result = runner.invoke(
        args=[
            "peercircle",
            "create-admin",
            "--username",
            "site_admin",
            "--email",
            "a@example.org",
            "--password",
            "short",
        ]
    )
    assert result.exit_code != 0
    assert "at least 10 characters" in result.output


def test_create_board_adds_a_board_with_rendered_guidelines(app, runner, client, tmp_path):
    guidelines = tmp_path / "guidelines.md"
    guidelines.write_text("- Be gentle\n- <script>alert(1)</script>")
    result = runner.invoke(
        args=[
            "peercircle",
            "create-board",
            "--name",
            "Long COVID",
            "--description",
            "After the virus",
            "--guidelines-file",
            str(guidelines),
        ]
    )
    assert result.exit_code == 0, result.output
    page = client.get("/b/long-covid").get_data(as_text=True)
    assert "Long COVID" in page and "Be gentle" in page
    assert "<script>alert" not in page
    again = runner.invoke(args=["peercircle", "create-board", "--name", "Long COVID"])
    assert again.exit_code != 0
    assert "already exists" in again.output


def test_demo_fills_a_community_once(app, runner, client):
    first = runner.invoke(args=["peercircle", "demo"])
    assert first.exit_code == 0, first.output
    with app.app_context():
        threads = db.session.scalar(db.select(db.func.count()).select_from(Thread))
        posts = db.session.scalar(db.select(db.func.count()).select_from(Post))
        deepest = db.session.scalar(db.select(db.func.max(Post.depth)))
    assert threads >= 14 and posts >= 60 and deepest >= 4
    second = runner.invoke(args=["peercircle", "demo"])
    assert second.exit_code == 0
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Post)) == posts
    for board in ["diabetes", "arthritis", "heart-health", "cancer", "mental-health"]:
        assert client.get(f"/b/{board}").status_code == 200
