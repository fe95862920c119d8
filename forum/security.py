"""HTTP security headers, what caches may keep, and the login loader."""

from __future__ import annotations

import secrets

from flask import Flask, Response, request, session
from flask_login import current_user

from forum.extensions import db, login_manager
from forum.models import Member

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


# Pages that are one visitor's even when nobody is logged in: forms with a CSRF token, a member's
# own settings and notices, and the moderation tools.
PRIVATE_PREFIXES = ("/settings", "/notices", "/mod", "/login", "/register")


def _is_private_path(path: str) -> bool:
    return any(path == prefix or path.startswith(prefix + "/") for prefix in PRIVATE_PREFIXES)


def is_private_response() -> bool:
    """True when no cache (browser history included) may keep this response.

    Everything a logged-in member is sent carries their name and counts; a response that sets
    or changes the session cookie (a CSRF token, a flash message) belongs to one visitor. Static
    files are the same for everyone, and public pages seen by a stranger stay cacheable.
    """
    endpoint = request.endpoint or ""
    if endpoint == "static" or endpoint.endswith(".static"):
        return False
    return _is_private_path(request.path) or session.modified or current_user.is_authenticated


def _set_headers(response: Response, https: bool) -> Response:
    headers = response.headers
    if is_private_response():
        headers["Cache-Control"] = "no-store"
        headers.pop("Expires", None)
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if https:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


@login_manager.user_loader
def load_member(session_id: str) -> Member | None:
    """Session ids are 'member id:session token', so a rotated token ends old sessions."""
    member_id, _, token = session_id.partition(":")
    if not member_id.isdigit() or not token:
        return None
    member = db.session.get(Member, int(member_id))
    if member is None or not secrets.compare_digest(member.session_token, token):
        return None
    if not member.is_active:
        return None
    return member


def init_app(app: Flask) -> None:
    https = bool(app.config.get("PREFER_HTTPS"))
    app.after_request(lambda response: _set_headers(response, https))
