"""Moderation pages: one blueprint, its routes grouped by who uses them.

queue: deciding held and flagged posts; check_ins: writing privately to a member; threads: lock, pin, move, restore; members: standing and
sanctions; log: the moderation log; flags: members flagging a post; boards and rules: board
settings and enforced rules.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint

bp = Blueprint(
    "moderation",
    __name__,
    # Templates and static files stay in moderation/, beside the parts that are not views.
    root_path=str(Path(__file__).resolve().parent.parent),
    template_folder="templates",
    static_folder="static",
    static_url_path="/mod/static",
)

# Each route module adds its routes to bp when imported, so they follow its definition.
from moderation.views import (  # noqa: E402, F401
    boards,
    check_ins,
    flags,
    log,
    members,
    queue,
    rules,
    threads,
)
