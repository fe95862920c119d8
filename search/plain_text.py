"""Markdown source to the plain words that are indexed and shown in snippets; pure."""

from __future__ import annotations

import re

_FENCE = re.compile(r"^\s*(```|~~~)")
_LINK = re.compile(r"!?\[([^\]\n]*)\]\(([^)\s]*)[^)]*\)")
_MARKUP = re.compile(r"[*_`#>|~]+")
_HASHTAG = re.compile(r"(?<![\w&])#([A-Za-z][\w-]{1,39})")


def markdown_to_text(source: str) -> str:
    """Link texts kept, addresses dropped, emphasis and quote marks removed, lines joined."""
    lines = []
    for line in source.splitlines():
        if _FENCE.match(line):
            continue
        line = _LINK.sub(r"\1", line)
        line = _MARKUP.sub(" ", line)
        lines.append(line.strip())
    return " ".join(" ".join(lines).split())


def hashtags(source: str) -> list[str]:
    """#tags members write, lower-cased, in order, once each."""
    return list(dict.fromkeys(tag.lower() for tag in _HASHTAG.findall(source)))
