"""Moderation's fragments in the core's pages: the header link, post actions, thread tools."""

from __future__ import annotations

from flask import Flask

from forum.hooks import register_slot


def register_slots(app: Flask) -> None:
    register_slot(app, "header_links", "moderation/_header_links.html")
    register_slot(app, "post_actions", "moderation/_post_actions.html")
    register_slot(app, "thread_tools", "moderation/_thread_tools.html")
