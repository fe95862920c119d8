"""Telling the author what became of what they wrote."""

from __future__ import annotations

from flask import flash, request
from markupsafe import Markup

from forum.hooks import Decision, Verdict
from forum.rendering import render_markdown


def announce_verdict(verdict: Verdict, *, published: str, held: str) -> None:
    """Flash the checks' notices (crisis resources first), then whether the post is out or awaits review."""
    for notice in verdict.notices:
        flash(notice, "urgent")
    if verdict.decision == Decision.HOLD:
        reasons = " ".join(verdict.reasons)
        flash(
            f"{held} A moderator will review it before others can see it. {reasons}".strip(), "info"
        )
    elif verdict.decision == Decision.PUBLISH:
        flash(published, "success")


def wants_preview() -> bool:
    """The member pressed Preview: show the rendered post and keep the form, save nothing."""
    return request.method == "POST" and "preview" in request.form


def preview_of(form) -> Markup | None:
    """The post as it will look, when a valid form asked for a preview."""
    if wants_preview() and not form.errors and form.body.data:
        return Markup(render_markdown(form.body.data))  # noqa: S704 (sanitized by render_markdown)
    return None
