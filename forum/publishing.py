"""Telling the author what became of what they wrote."""

from __future__ import annotations

from flask import flash

from forum.hooks import Decision, Verdict


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
