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


def unnegated_spans(pattern: re.Pattern[str], plain: str, most: int = 8) -> list[tuple[int, int]]:
    """The spans of the first few matches whose optional "neg" group did not take part."""
    spans = []
    for match in pattern.finditer(plain):
        if match.groupdict().get("neg") is None:
            spans.append(match.span())
            if len(spans) == most:
                break
    return spans


def each_sentence_once(text: str) -> str:
    """The text with apostrophes unified and each sentence once, one a line.

    A sentence said twice says nothing new, and hostile posts repeat one thousands of times
    ("1. 1. 1. ..."). Checks that read the text this way take spans and excerpts from it.
    """
    plain = normalise_apostrophes(text)
    unique = dict.fromkeys(m.group().strip() for m in sentences(plain))
    return "\n".join(sentence for sentence in unique if sentence)


def at_word_starts(pattern: str) -> re.Pattern[str]:
    """A verbose pattern of \\b-led alternatives, with one word-start test in front instead.

    The engine then turns down a position that starts no word once, not once per alternative:
    on a 20,000-character post of one-letter lines the twelve warning signs took 0.11 s, then
    0.06 s. Every alternative must begin with a letter or digit (an @name is matched from the
    name, after a look-behind for the @).
    """
    bare = re.sub(r"(^\s*|\|)\\b", r"\1", pattern)
    return compile_verbose(rf"(?<!\w)(?=\w)(?:{bare})")
