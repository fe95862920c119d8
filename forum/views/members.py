"""Members' public profiles."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user

from forum import profiles

bp = Blueprint("members", __name__)


@bp.get("/u/<username>")
def profile(username: str):
    member = profiles.member_named(username)
    if member is None:
        abort(404, description="There is no member with that username.")
    return render_template(
        "members/profile.html",
        member=member,
        boards=profiles.boards_shown(member, current_user),
        recent=profiles.recent_posts(member),
        own=current_user.is_authenticated and current_user.id == member.id,
    )
