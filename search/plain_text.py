"""Markdown source to the plain words that are indexed and shown in snippets; pure."""

from __future__ import annotations

import re

_FENCE = re.compile(r"^\s*(```|~~~)")
_MARKUP = re.compile(r"[*_`#>|~]+")
_HASHTAG = re.compile(r"(?<![\w&])#([A-Za-z][\w-]{1,39})")


def markdown_to_text(source: str) -> str:
    """Link texts kept, addresses dropped, emphasis and quote marks removed, lines joined."""
    lines = []
    for line in source.splitlines():
        if _FENCE.match(line):
            continue
        line = _link_texts(line)
        line = _MARKUP.sub(" ", line)
        lines.append(line.strip())
    return " ".join(" ".join(lines).split())


def _link_texts(line: str) -> str:
    r"""The line with each [text](address) or ![text](address) replaced by its text.

    This is what the pattern !?\[([^\]\n]*)\]\(([^)\s]*)[^)]*\) replaced, found by scanning: the
    pattern retried every "[" to the end of the line, and its two quantifiers after "(" could share
    the same characters: cubic, "[a](" 2,000 times (8,000 characters) took 16 s. A link text cannot
    hold "]", so every "[" before the same "]" succeeds or fails with the first one, and the scan
    moves on.
    """
    pieces, done, position = [], 0, 0
    while (opening := line.find("[", position)) >= 0:
        closing = line.find("]", opening + 1)
        if closing < 0:
            break
        has_address = line.startswith("(", closing + 1)
        end = line.find(")", closing + 2) if has_address else -1
        if end < 0:
            if has_address:
                break  # no ")" after this one, so none for any later link either
            position = closing + 1
            continue
        start = opening - 1 if opening > done and line[opening - 1] == "!" else opening
        pieces += [line[done:start], line[opening + 1 : closing]]
        done = position = end + 1
    pieces.append(line[done:])
    return "".join(pieces)


def hashtags(source: str) -> list[str]:
    """#tags members write, lower-cased, in order, once each."""
    return list(dict.fromkeys(tag.lower() for tag in _HASHTAG.findall(source)))
