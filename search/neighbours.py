"""Indexed words close to a misspelt one, found without walking the whole vocabulary; pure.

Whoosh's own suggester computes an edit distance, in Python, against every word of a field:
fine for a few thousand words, but a forum of a million posts holds hundreds of thousands,
and each unknown query word cost tens of milliseconds. Here each word is filed under itself
and under every string one deletion away from it ("nerve" under "erve", "nrve", ...). The
words within one edit of a query word are then among those filed under the query word or one
of its own deletions (and within two, mostly, under its deletions of two letters), so a
lookup costs a few dozen dictionary reads, whatever the size of the vocabulary.
"""

from __future__ import annotations

from collections.abc import Iterable

from whoosh.support.levenshtein import damerau_levenshtein


def deletions(word: str) -> set[str]:
    """The strings one letter shorter than `word`, each with one letter left out."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class Neighbours:
    """Words and their frequencies, filed for finding the ones a few edits from a given word."""

    def __init__(self, words: Iterable[tuple[str, int]]) -> None:
        self.frequency: dict[str, int] = {}
        # A deletion to the word(s) it comes from: one string, or a list when several do
        # (most deletions come from one word, and a string costs far less than a list).
        self._filed: dict[str, str | list[str]] = {}
        for word, frequency in words:
            self.frequency[word] = self.frequency.get(word, 0) + frequency
        for word in self.frequency:
            for key in deletions(word):
                held = self._filed.get(key)
                if held is None:
                    self._filed[key] = word
                elif isinstance(held, str):
                    if held != word:
                        self._filed[key] = [held, word]
                else:
                    held.append(word)

    def __len__(self) -> int:
        return len(self.frequency)

    def near(self, word: str, reach: int) -> set[str]:
        """Words held here within `reach` (1 or 2) edits of `word`; all within one edit are
        found, and those within two when at most one of the edits falls on the held word."""
        keys = {word} | deletions(word)
        if reach >= 2:
            keys |= {shorter for key in deletions(word) for shorter in deletions(key)}
        found: set[str] = set()
        for key in keys:
            if key in self.frequency:
                found.add(key)
            held = self._filed.get(key)
            if isinstance(held, str):
                found.add(held)
            elif held:
                found.update(held)
        return {
            candidate
            for candidate in found
            if damerau_levenshtein(word, candidate, reach + 1) <= reach
        }


def closest(word: str, candidates: dict[str, int]) -> str | None:
    """The candidate fewest edits away, the most frequent among equals (then the first in
    alphabetical order, so the answer never depends on the order they were found in)."""
    if not candidates:
        return None
    return min(
        candidates,
        key=lambda candidate: (damerau_levenshtein(word, candidate), -candidates[candidate], candidate),
    )
