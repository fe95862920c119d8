"""Reading what a member typed into the search box; forgiving, pure, no Flask.

Understood: words, "quoted phrases", OR (any case) between two parts, -excluded words and
NOT excluded words, board:slug, author:name. Anything else, an unknown "field:" prefix
included, is read as plain words, so no query is ever an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_QUERY_LENGTH = 2_000
MAX_PARTS = 32
_TOKEN = re.compile(r'(-?)(?:(\w+):)?"([^"]*)"?|(\S+)')
_FILTERS = {"board", "author"}


@dataclass(frozen=True)
class Part:
    """One word or phrase; `negated` ones exclude, `alternative_to_previous` ones follow an OR."""

    text: str
    phrase: bool = False
    negated: bool = False
    alternative_to_previous: bool = False


@dataclass
class ParsedQuery:
    parts: list[Part] = field(default_factory=list)
    board: str | None = None
    author: str | None = None
    notes: list[str] = field(default_factory=list)
    # The member typed a question mark.
    asked: bool = False

    @property
    def is_empty(self) -> bool:
        return not any(not part.negated for part in self.parts)

    @property
    def words(self) -> list[str]:
        """The positive words, for spelling suggestions."""
        return [w for part in self.parts if not part.negated for w in part.text.split()]


def parse_query(raw: str | None) -> ParsedQuery:
    """Split a query into parts and filters; malformed syntax falls back to plain words."""
    parsed = ParsedQuery()
    text = (raw or "").strip()
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH]
        parsed.notes.append(
            f"Your search was long, so only its first {MAX_QUERY_LENGTH:,} characters were used."
        )
    parsed.asked = "?" in text
    pending_or = False
    pending_not = False
    for match in _TOKEN.finditer(text):
        minus, prefix, quoted, bare = match.groups()
        after_not = pending_not and not (bare is not None and bare.lower() == "or")
        pending_not = False
        if bare is not None:
            # "or" in any case joins its neighbours; "NOT" in capitals excludes what follows
            # ("why does it not work" is a question, not an exclusion).
            if bare.lower() == "or":
                pending_or = bool(parsed.parts)
                continue
            if bare == "NOT":
                pending_not = True
                continue
            minus, bare = ("-", bare[1:]) if bare.startswith("-") and len(bare) > 1 else ("", bare)
            minus = minus or ("-" if after_not else "")
            name, colon, value = bare.partition(":")
            if colon and name.lower() in _FILTERS and value:
                setattr(parsed, name.lower(), value.strip().lower()[:80])
                continue
            words = _clean(bare)
            if not words:
                continue
            part = Part(words, phrase=False, negated=bool(minus))
        else:
            if prefix and prefix.lower() in _FILTERS:
                if quoted.strip():
                    setattr(parsed, prefix.lower(), quoted.strip().lower()[:80])
                continue
            words = _clean(quoted if not prefix else f"{prefix} {quoted}")
            if not words:
                continue
            part = Part(words, phrase=" " in words, negated=bool(minus) or after_not)
        if pending_or and not part.negated:
            part = Part(part.text, part.phrase, False, alternative_to_previous=True)
        pending_or = False
        parsed.parts.append(part)
        if len(parsed.parts) >= MAX_PARTS:
            parsed.notes.append(f"Only the first {MAX_PARTS} words of your search were used.")
            break
    return parsed


def _clean(text: str) -> str:
    """Letters, digits and inner apostrophes/hyphens/slashes; everything else separates words."""
    return " ".join(re.findall(r"\w+(?:['’/-]\w+)*", text.lower()))
