"""HTTP security headers and the login loader."""

from __future__ import annotations

import secrets

from flask import Flask, Response

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


def _set_headers(response: Response, https: bool) -> Response:
    headers = response.headers
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
