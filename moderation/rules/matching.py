"""Text helpers shared by the checks: apostrophes, excerpts, regex building, sentences, negation."""

from __future__ import annotations

import re
from collections.abc import Iterator

# Typographic apostrophes become ASCII ones, one character for one, so match offsets stay valid in
# the member's own text and "I’m" is read like "I'm".
_APOSTROPHES = str.maketrans(dict.fromkeys("\u2018\u2019\u02bc\u2032\u00b4`", "'"))
# Long enough for a moderator to judge a match in context; a wildcard can match a 20,000-letter word.
MAX_EXCERPT = 200


def normalise_apostrophes(text: str) -> str:
    return text.translate(_APOSTROPHES)


def excerpt(text: str, start: int, end: int) -> str:
    snippet = text[start:end]
    return snippet if len(snippet) <= MAX_EXCERPT else snippet[: MAX_EXCERPT - 1] + "\u2026"


def any_of(*alternatives: str) -> str:
    """A non-capturing alternation of regex fragments (each already written as regex)."""
    return "(?:" + "|".join(alternatives) + ")"


def compile_verbose(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE | re.VERBOSE)


# A sentence ends at . ! or ? followed by a space or the end, or at a line break; "2.5mg" stays whole.
# The two alternatives cannot match the same character, so the repetition never backtracks.
_SENTENCE = re.compile(r"(?:[^.!?\n]|[.!?](?=[^\s.!?]))+[.!?]*")


def sentences(text: str) -> Iterator[re.Match[str]]:
    """Each sentence of the text, as a match whose span is its place in the text."""
    return _SENTENCE.finditer(text)


def first_unnegated(pattern: re.Pattern[str], plain: str) -> tuple[int, int] | None:
    """The span of the first match whose optional "neg" group did not take part."""
    for match in pattern.finditer(plain):
        if match.groupdict().get("neg") is None:
            return match.span()
    return None
