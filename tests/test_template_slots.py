"""Plug-ins reach the core's pages through template slots: the core names none of their endpoints."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import BrowserClient, _fresh_database, _settings, login

from forum import create_app
from forum.extensions import db
from forum.hooks import register_slot

CORE_TEMPLATES = Path(__file__).resolve().parent.parent / "forum" / "templates"
PLUGIN_ENDPOINT = re.compile(r"url_for\(\s*['\"](moderation|search)\.")


def test_no_core_template_names_a_plugin_endpoint():
    named = [
        f"{path.relative_to(CORE_TEMPLATES)}: {match.group(0)}"
        for path in CORE_TEMPLATES.rglob("*.html")
        for match in PLUGIN_ENDPOINT.finditer(path.read_text())
    ]
    assert named == []


@pytest.fixture
def bare_app(tmp_path, migrated_database):
    app = create_app(
        {**_settings(tmp_path, _fresh_database(migrated_database, tmp_path)), "PLUGINS": []}
    )
    app.test_client_class = BrowserClient
    yield app
    with app.app_context():
        db.engine.dispose()


def test_the_core_renders_every_page_kind_with_the_plugins_off(bare_app):
    # The fixtures' factories build in the default app: this world is built in the bare one.
    from forum.accounts import register_member
    from forum.models import Board
    from forum.posting import reply, start_thread

    with bare_app.app_context():
        admin = register_member(
            username="boss", email="b@example.org", password="correct horse battery", role="admin"
        )
        board = db.session.scalars(db.select(Board).where(Board.slug == "diabetes")).one()
        thread, _ = start_thread(board, author=admin, title="Pacing on bad days", body="Rest.")
        reply(thread, author=admin, body="And split the chores.")
        db.session.commit()
        url = f"/t/{thread.id}/{thread.slug}"
    client = bare_app.test_client()
    login(client, "boss")
    for page in ("/", "/b/diabetes", url, "/u/boss", "/settings", "/notices"):
        response = client.get(page)
        assert response.status_code == 200, page
        html = response.get_data(as_text=True)
        assert "/mod/" not in html and "/flag/" not in html and 'action="/search"' not in html


def test_with_the_plugins_on_their_fragments_fill_the_slots(
    client, login_as, thread_factory
):
    admin = login_as("boss", role="admin")
    thread = thread_factory(admin, title="Pacing on bad days", replies=1)
    page = client.get(thread.url).get_data(as_text=True)
    assert 'action="/search"' in page  # header_search
    assert 'href="/mod/queue"' in page  # header_links
    assert f'/mod/threads/{thread.id}/lock' in page  # thread_tools
    assert "Moderator tools" in page


def test_a_slot_the_core_does_not_offer_is_refused(app):
    with pytest.raises(ValueError, match="unknown template slot"):
        register_slot(app, "sidebar", "x.html")
