"""Multi-word terms of the synonym list indexed as one token each ("side effect").

A query for "side effects" or "brain fog" would otherwise be an intersection of two long
posting lists, walked in pure Python: half a second at a million posts for two common words.
Indexed whole, such a term is one short posting list, as cheap to search as a rare word.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from whoosh.analysis import Filter


def joined(words: Iterable[str]) -> str:
    """The single token a multi-word term is indexed as: its analysed words, space-joined."""
    return " ".join(words)


class KnownTerms(Filter):
    """After each word, also yields a token for every known term the words up to it end."""

    def __init__(self, terms: Iterable[tuple[str, ...]]) -> None:
        self.terms = frozenset(term for term in terms if len(term) > 1)
        self.longest = max((len(term) for term in self.terms), default=0)
        # Most words end no term: for them nothing more is looked at.
        self._last_words = frozenset(term[-1] for term in self.terms)

    def __eq__(self, other: object) -> bool:
        # An index built with other terms must be rebuilt (search.schema.same_layout).
        return type(other) is type(self) and other.terms == self.terms

    def __hash__(self) -> int:
        return hash(self.terms)

    def __call__(self, tokens):
        recent: deque[tuple[str, int]] = deque(maxlen=max(self.longest, 1))
        for token in tokens:
            yield token
            if not self.longest:
                continue
            recent.append((token.text, getattr(token, "startchar", 0)))
            if token.text not in self._last_words:
                continue
            words = [text for text, _ in recent]
            for size in range(2, len(words) + 1):
                if tuple(words[-size:]) in self.terms:
                    # The same token object, as Whoosh's own filters do: same position and
                    # end, starting where the term's first word starts.
                    text, start = token.text, getattr(token, "startchar", 0)
                    token.text = joined(words[-size:])
                    if hasattr(token, "startchar"):
                        token.startchar = recent[-size][1]
                    yield token
                    token.text = text
                    if hasattr(token, "startchar"):
                        token.startchar = start
