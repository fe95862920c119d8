"""Watched words: words and phrases a board's moderators have asked members not to use; masking
them as ***, and telling the author how many were hidden and why."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from moderation.rules.findings import GUIDELINE_KIND, Action, Finding, Kind
from moderation.rules.matching import excerpt, normalise_apostrophes


@dataclass(frozen=True)
class WatchedWord:
    """A word or phrase a board's moderators have asked members not to use."""

    pattern: str  # a word or phrase; '*' is letters within a word ("scam*" matches "scammer")
    action: Action  # BLOCK, HOLD, FLAG or MASK
    guideline: str = GUIDELINE_KIND


_WILDCARDS = re.compile(r"\*+")


@lru_cache(maxsize=1024)
def compile_watched(pattern: str) -> re.Pattern[str]:
    """A watched word or phrase as a whole-word, case-insensitive regex with '*' for letters."""
    words = pattern.split()
    if not words:
        raise ValueError("A watched word cannot be empty.")
    if not any(_WILDCARDS.sub("", word) for word in words):
        raise ValueError("A watched word needs at least one letter besides '*'.")
    body = r"\s+".join(_watched_word(word) for word in words)
    # Lookarounds rather than \b, so a pattern that starts or ends with punctuation still works.
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def _watched_word(word: str) -> str:
    """One word of a watched pattern; '*' matches any letters within that word."""
    if not _WILDCARDS.sub("", word):
        return r"\w+"  # a lone '*' in a phrase stands for any one word
    first, *rest = (_watched_literal(part) for part in _WILDCARDS.split(word))
    if not rest:
        return first
    *middle, last = rest
    # Each middle piece is taken at its first occurrence and never retried (an atomic group): that
    # is always a correct way to match a wildcard pattern, and it keeps "*a*b*c*" linear in the
    # word where plain \w* pieces would try every split of a long word.
    return first + "".join(rf"(?>\w*?{piece})" for piece in middle) + rf"\w*{last}"


def _watched_literal(text: str) -> str:
    return re.escape(normalise_apostrophes(text)).replace("'", "['\u2019]")


def watched_words(text: str, words: Iterable[WatchedWord]) -> list[Finding]:
    """One finding for each watched word or phrase the text uses."""
    findings = []
    for word in words:
        match = compile_watched(word.pattern).search(text)
        if match:
            findings.append(
                Finding(
                    Kind.WATCHED_WORD,
                    word.action,
                    word.guideline,
                    _WATCHED_REASONS[word.action],
                    excerpt(text, match.start(), match.end()),
                )
            )
    return findings


_WATCHED_REASONS = {
    Action.BLOCK: "Your post uses words this community has asked members not to use, so please reword it before posting.",
    Action.HOLD: "Your post uses words this community has asked members not to use, so a moderator will check it first.",
    Action.FLAG: "Your post uses words this community has asked members not to use, so a moderator will take a look.",
    Action.MASK: "Your post uses words this community has asked members not to use, so they are shown as ***.",
}


def mask_watched(text: str, words: Iterable[WatchedWord]) -> str:
    """The text with every match of a MASK entry replaced by '***'."""
    pieces, position = [], 0
    for start, end, _ in _masked_spans(text, words):
        pieces += [text[position:start], "***"]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def masking_notices(text: str, words: Iterable[WatchedWord]) -> tuple[str, ...]:
    """What the author is told was hidden: how many words, under which guideline; never the
    words themselves, so a slur is not echoed back."""
    hidden = Counter(guideline for _, _, guideline in _masked_spans(text, words))
    notices = []
    for guideline, count in hidden.items():
        what = f"{count} word{'s' if count != 1 else ''}"
        if guideline:
            end = "" if guideline[-1] in ".!?" else "."
            notices.append(
                f"We hid {what} under the guideline “{guideline}”{end} They show as ***."
            )
        else:
            notices.append(
                f"We hid {what} this community has asked members not to use: they show as ***."
            )
    return tuple(notices)


def _masked_spans(text: str, words: Iterable[WatchedWord]) -> list[tuple[int, int, str]]:
    """Where each *** goes, with the guideline of the entry that matched there first.

    Spans are gathered from the original text and merged, so one entry's *** never meets another's
    pattern and overlapping entries produce a single ***.
    """
    found = sorted(
        (*match.span(), word.guideline)
        for word in words
        if word.action == Action.MASK
        for match in compile_watched(word.pattern).finditer(text)
    )
    merged: list[tuple[int, int, str]] = []
    for start, end, guideline in found:
        if merged and start < merged[-1][1]:
            last_start, last_end, last_guideline = merged[-1]
            merged[-1] = (last_start, max(last_end, end), last_guideline)
        else:
            merged.append((start, end, guideline))
    return merged
