"""Each segment's term lookups remembered while its reader stays open.

Building a query's matchers asks a segment about each term several times: whether it is there,
how many posts hold it (to order the tree of unions, once per level of the query, and again
for the helpful-posts pass), and where its postings start. Each answer is an MD5 hash and a
few reads of the on-disk hash table in pure Python, about 20 µs: 3 to 8 lookups for each of a
query's dozen terms in each segment made up most of a search's time once drains had written
a few segments. A segment never changes after it is written, so its answers can be kept.
"""

from __future__ import annotations

from typing import Any

from whoosh.reading import SegmentReader, TermNotFound

# Terms remembered per segment, first come first kept: a few MB at most. Search terms follow
# what members ask, so the common ones are among the first.
REMEMBERED = 50_000


class _RememberingTerms:
    """A segment's terms reader (whoosh.codec.whoosh3.W3TermsReader) whose lookups of single
    terms are kept; anything else goes to the reader itself."""

    def __init__(self, terms: Any) -> None:
        self._terms = terms
        self._infos: dict[tuple[str, bytes], Any] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._terms, name)

    def _info(self, fieldname: str, tbytes: bytes) -> Any:
        key = (fieldname, tbytes)
        try:
            return self._infos[key]
        except KeyError:
            pass
        try:
            info = self._terms.term_info(fieldname, tbytes)
        except (KeyError, TermNotFound):
            info = None
        if len(self._infos) < REMEMBERED:
            self._infos[key] = info
        return info

    def _found(self, fieldname: str, tbytes: bytes) -> Any:
        info = self._info(fieldname, tbytes)
        if info is None:
            # What the segment reader's callers expect of a missing term.
            raise KeyError((fieldname, tbytes))
        return info

    def __contains__(self, term: tuple[str, bytes]) -> bool:
        return self._info(*term) is not None

    def term_info(self, fieldname: str, tbytes: bytes) -> Any:
        return self._found(fieldname, tbytes)

    def frequency(self, fieldname: str, tbytes: bytes) -> float:
        return self._found(fieldname, tbytes).weight()

    def doc_frequency(self, fieldname: str, tbytes: bytes) -> int:
        return self._found(fieldname, tbytes).doc_frequency()

    def matcher(self, fieldname: str, tbytes: bytes, format_: Any, scorer: Any = None) -> Any:
        info = self._found(fieldname, tbytes)
        return self._terms._codec.postings_reader(
            self._terms._postfile, info, format_, term=(fieldname, tbytes), scorer=scorer
        )


def remember_terms(reader: Any) -> None:
    """Have every segment reader under `reader` keep its term lookups (idempotent)."""
    for leaf, _ in reader.leaf_readers():
        if isinstance(leaf, SegmentReader) and not isinstance(leaf._terms, _RememberingTerms):
            leaf._terms = _RememberingTerms(leaf._terms)
