"""What every template can use: dates members can read, plug-ins' slots, the inbox count."""

from __future__ import annotations

from datetime import datetime

from flask import Flask
from flask_login import current_user

from forum.clock import utcnow
from forum.hooks import slot_templates
from forum.inbox import unread_count


def friendly_date(value: datetime | None) -> str:
    """'23 Nov 2026' — unambiguous for every reader, whatever their country."""
    return f"{value.day} {value:%b %Y}" if value else ""


def ago(value: datetime | None, now: datetime | None = None) -> str:
    """'just now', '5 minutes ago', '3 days ago', then the date itself."""
    if value is None:
        return ""
    seconds = int(((now or utcnow()) - value).total_seconds())
    if seconds < 60:
        return "just now"
    for unit, size, limit in (
        ("minute", 60, 3600),
        ("hour", 3600, 86400),
        ("day", 86400, 30 * 86400),
    ):
        if seconds < limit:
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'} ago"
    return friendly_date(value)


def init_app(app: Flask) -> None:
    app.add_template_filter(friendly_date)
    app.add_template_filter(ago)

    # `{% for part in slot("post_actions") %}{% include part %}{% endfor %}`: plug-ins' fragments.
    app.add_template_global(slot_templates, "slot")

    @app.context_processor
    def inbox():
        if not current_user.is_authenticated:
            return {}
        return {"unread_notices": unread_count(current_user.id)}
