"""Moderation settings with their defaults; each can be overridden in the app config."""

from __future__ import annotations

import os
from datetime import timedelta

from flask import Flask, current_app

from forum.throttle import Limit

DEFAULT_CRISIS_RESOURCES = (
    "If you are in danger right now, call your local emergency number (999 in the UK, 911 in the US, 112 in the EU).",
    "UK and Ireland: call Samaritans free on 116 123, any time.",
    "US: call or text 988 (Suicide & Crisis Lifeline).",
    "Text SHOUT to 85258 (UK) or HOME to 741741 (US) to talk by text.",
)


def posts_limit() -> Limit:
    return Limit(
        "post-member", current_app.config["MODERATION_POSTS_PER_10_MINUTES"], timedelta(minutes=10)
    )


def threads_limit() -> Limit:
    return Limit(
        "thread-member", current_app.config["MODERATION_THREADS_PER_HOUR"], timedelta(hours=1)
    )


def flags_limit() -> Limit:
    return Limit("flag-member", current_app.config["MODERATION_FLAGS_PER_HOUR"], timedelta(hours=1))


def _crisis_resources_from_environment() -> tuple[str, ...]:
    """PEERCIRCLE_CRISIS_RESOURCES: one resource per line (or separated by '|')."""
    raw = os.environ.get("PEERCIRCLE_CRISIS_RESOURCES", "")
    lines = [line.strip() for line in raw.replace("|", "\n").splitlines() if line.strip()]
    return tuple(lines) or DEFAULT_CRISIS_RESOURCES


def apply_defaults(app: Flask) -> None:
    app.config.setdefault("CRISIS_RESOURCES", _crisis_resources_from_environment())
    # Posts a new member has approved before their posts appear without review.
    app.config.setdefault("MODERATION_NEW_MEMBER_POSTS", 3)
    # Weighted flags from distinct members that hide a post until a moderator looks.
    app.config.setdefault("MODERATION_FLAG_THRESHOLD", 3.0)
    app.config.setdefault("MODERATION_QUEUE_PAGE", 25)
    app.config.setdefault("MODERATION_POSTS_PER_10_MINUTES", 8)
    app.config.setdefault("MODERATION_THREADS_PER_HOUR", 5)
    app.config.setdefault("MODERATION_FLAGS_PER_HOUR", 20)
    app.config.setdefault("MODERATION_SCORING", True)
