"""How well one candidate post covers a query, read from its text; pure, no Flask.

The index finds candidates by relevance alone (cheap, with Whoosh's block skipping). Which
of the query's concepts a candidate holds, and whether neighbouring query words stand close
together in it, is then read here from its stored text, for a few hundred candidates only.
Words are analysed exactly as the index analyses them, so "walking" here is "walk" there.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

# Whoosh's default tokenizer pattern, which the index's analyser uses.
WORD = re.compile(r"\w+(?:\.?\w+)*")
# Words analysed once each; the vocabulary of a forum is small next to its text.
_MEMO_LIMIT = 200_000


@dataclass(frozen=True)
class Concept:
    """A query concept as the index sees it: any one alternative, all of its words present."""

    alternatives: tuple[tuple[str, ...], ...]


class Analysed:
    """A text's analysed words, in order, and where each occurs."""

    def __init__(self, words: list[str]) -> None:
        self.positions: dict[str, list[int]] = {}
        for position, word in enumerate(words):
            self.positions.setdefault(word, []).append(position)

    def has(self, concept: Concept) -> bool:
        for words in concept.alternatives:
            if not all(word in self.positions for word in words):
                continue
            # Several words are a term or a phrase: in a row, as the index matches them.
            if len(words) == 1 or self._in_a_row(words):
                return True
        return False

    def _in_a_row(self, words: tuple[str, ...]) -> bool:
        later = [set(self.positions[word]) for word in words[1:]]
        return any(
            all(start + offset + 1 in positions for offset, positions in enumerate(later))
            for start in self.positions[words[0]]
        )


class Analyser:
    """Text to analysed words with a memo of each word's analysed form (or None, a stop word)."""

    def __init__(self, analyse_word: Callable[[str], str | None]) -> None:
        self._analyse_word = analyse_word
        self._memo: dict[str, str | None] = {}

    def word(self, raw: str) -> str | None:
        """One lower-case word as the index holds it; None for a word it leaves out."""
        try:
            return self._memo[raw]
        except KeyError:
            word = self._analyse_word(raw)
            if len(self._memo) < _MEMO_LIMIT:
                self._memo[raw] = word
            return word

    def words(self, text: str) -> list[str]:
        # The regex is linear in the text; each word is analysed once per process. Most words
        # are known already: looking them all up at once is about twice as fast as one by one.
        raws = WORD.findall(text.lower())
        memo = self._memo
        try:
            found = [memo[raw] for raw in raws]
        except KeyError:
            found = [self.word(raw) for raw in raws]
        return [word for word in found if word is not None]

    def analysed(self, *texts: str) -> Analysed:
        return Analysed([word for text in texts for word in self.words(text)])


def coverage(
    concepts: Sequence[Concept], text: Analysed, weights: Sequence[float] | None = None
) -> float:
    """The share of the query's concepts the text holds, 0 to 1, each concept counted by its
    weight (all alike without weights)."""
    if not concepts:
        return 1.0
    if weights is None:
        weights = [1.0] * len(concepts)
    total = sum(weights)
    held = sum(w for concept, w in zip(concepts, weights, strict=True) if text.has(concept))
    return held / total if total > 0 else 0.0


def closeness(pairs: Iterable[tuple[str, str]], text: Analysed, within: int) -> float:
    """The share of neighbouring query-word pairs found within `within` words of each other."""
    pairs = list(pairs)
    if not pairs:
        return 0.0
    near = 0
    for first, second in pairs:
        a, b = text.positions.get(first), text.positions.get(second)
        if a and b and _nearest_gap(a, b) <= within:
            near += 1
    return near / len(pairs)


def _nearest_gap(a: list[int], b: list[int]) -> int:
    """The smallest distance between a position in a and one in b (both ascending): linear."""
    i = j = 0
    best = abs(a[0] - b[0])
    while i < len(a) and j < len(b):
        best = min(best, abs(a[i] - b[j]))
        if a[i] < b[j]:
            i += 1
        else:
            j += 1
    return best
