"""The shape of a thread's conversation tree; pure functions, no Flask."""

from __future__ import annotations

from dataclasses import dataclass

SEGMENT_WIDTH = 10
# Deeper replies still record their real parent; only the stored path stops growing.
MAX_TREE_DEPTH = 100


def child_path(parent_path: str, post_id: int) -> str:
    """The sortable path of a post: its parent's path followed by its own fixed-width id."""
    return f"{parent_path}{post_id:0{SEGMENT_WIDTH}d}"


def path_depth(path: str) -> int:
    """0 for the opening post, 1 for a direct reply, and so on."""
    return len(path) // SEGMENT_WIDTH - 1


def is_valid_path(value: str) -> bool:
    """Paths arrive in page links; anything else is not a place in a thread."""
    return (
        0 < len(value) <= SEGMENT_WIDTH * (MAX_TREE_DEPTH + 1)
        and len(value) % SEGMENT_WIDTH == 0
        and value.isascii()
        and value.isdigit()
    )


@dataclass(frozen=True)
class Placement:
    """Where a post sits on the page: its indent and whether to say whom it answers."""

    indent: int
    show_in_reply_to: bool


def place(depth: int, max_indent: int) -> Placement:
    """Indent replies under what they answer, up to max_indent; deeper ones sit flat and say so."""
    if depth <= max_indent:
        return Placement(indent=depth, show_in_reply_to=False)
    return Placement(indent=max_indent, show_in_reply_to=True)
