"""Accounts: creating members, checking credentials, changing what a member controls.

Used by the account pages, the command line, the demo community and moderation.
"""

from __future__ import annotations

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from forum.extensions import db
from forum.models import Member
from forum.models.member import new_session_token
from forum.templating import friendly_date


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def register_member(*, username: str, email: str, password: str, role: str = "member") -> Member:
    """Create an account; the caller has checked the username is free."""
    member = Member(
        username=username,
        username_key=username.lower(),
        email=email.lower(),
        password_hash=hash_password(password),
        role=role,
    )
    db.session.add(member)
    db.session.flush()
    return member


def find_member(username: str) -> Member | None:
    return db.session.scalar(db.select(Member).where(Member.username_key == username.lower()))


def authenticate(username: str, password: str) -> Member | None:
    """The member these credentials belong to, taking the same time whether or not the name exists."""
    member = find_member(username)
    stored = member.password_hash if member else _dummy_hash()
    if not check_password_hash(stored, password) or member is None:
        return None
    return member


def suspension_message(member: Member) -> str:
    until = (
        f"until {friendly_date(member.status_until)}"
        if member.status_until
        else "until further notice"
    )
    reason = f" Reason: {member.status_reason}" if member.status_reason else ""
    return f"This account is suspended {until}.{reason}"


def _dummy_hash() -> str:
    cache = current_app.extensions.setdefault("forum.dummy_hash", {})
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method not in cache:
        cache[method] = generate_password_hash("not a real password", method=method)
    return cache[method]


def password_matches(member: Member, password: str) -> bool:
    return check_password_hash(member.password_hash, password)


def change_password(member: Member, password: str) -> None:
    """A new password; every other session ends, since someone may hold the old one."""
    member.password_hash = hash_password(password)
    end_sessions(member)


def change_email(member: Member, email: str) -> None:
    member.email = email.lower()


def set_boards_shown(member: Member, shown: bool) -> None:
    """Whether others see the boards this member joined (what they live with)."""
    member.show_boards = shown


def end_sessions(member: Member) -> None:
    """Rotate the token every session and remember-me cookie carries: all of them stop working."""
    member.session_token = new_session_token()
