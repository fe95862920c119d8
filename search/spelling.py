"""Spelling: misspelt query words corrected at once, and "did you mean" when nothing matched."""

from __future__ import annotations

from search.concepts import is_stop
from search.neighbours import Neighbours, closest
from search.query import ParsedQuery, Part
from search.result_cache import ResultCache
from search.schema import ANALYZER
from search.synonyms import default_synonyms

# Words as written (not stemmed), with how many posts hold each: the body's, and the titles'
# (in their opening posts).
SPELLING_FIELDS = ("spell_body", "title_words")
# In a segment of more than this many posts, a word must be in at least FREQUENT posts to be
# offered as a correction: there, most words found once are themselves misspellings.
LARGE_SEGMENT = 50_000
FREQUENT = 2
# Segments never change once written, so each one's words are filed once per process (the
# cache's generation never moves; segments drop out as the least recently used).
_FILED = ResultCache(size=32)


def _known(searcher, word: str) -> bool:
    """Whether the index holds the word, as it indexes it: one term-dictionary lookup each
    (asking the spelling graph for distance 0 walked hundreds of terms at a million posts)."""
    reader = searcher.reader()
    forms = [token.text for token in ANALYZER(word)]
    # A word the index leaves out (a stop word) has nothing to correct.
    return all(
        any((fieldname, form) in reader for fieldname in ("body", "title")) for form in forms
    )


def corrections(searcher, parsed: ParsedQuery) -> dict[str, str]:
    """Misspelt words and the indexed word each is most likely meant to be.

    Only words of four letters or more that the index has never seen, and that are no stop
    word, number or synonym-list entry (abbreviations are real words here), are corrected:
    one letter off for words up to six letters, two for longer ones.
    """
    table = default_synonyms()
    fixes: dict[str, str] = {}
    for part in parsed.parts:
        if part.negated or part.phrase:
            continue
        for word in part.text.split():
            if (
                word in fixes
                or len(word) < 4
                or any(c.isdigit() for c in word)
                or is_stop(word)
                or word in table
                or _known(searcher, word)
            ):
                continue
            option = nearest(searcher, word, 1 if len(word) <= 6 else 2)
            if option and option != word:
                fixes[word] = option
    return fixes


def respelled(parsed: ParsedQuery, fixes: dict[str, str]) -> ParsedQuery:
    """The query with its misspelt words replaced."""
    parts = [
        part
        if part.negated or part.phrase
        else Part(
            " ".join(fixes.get(word, word) for word in part.text.split()),
            part.phrase,
            part.negated,
            part.alternative_to_previous,
        )
        for part in parsed.parts
    ]
    return ParsedQuery(parts, parsed.board, parsed.author, list(parsed.notes))


def suggest(searcher, parsed: ParsedQuery) -> str | None:
    """'Did you mean': each word replaced by the closest indexed word when it is not one itself."""
    words = parsed.words
    corrected = []
    synonyms = default_synonyms()
    for word in words:
        # Abbreviations from the synonym list are real words here, whatever the index holds.
        if word in synonyms:
            corrected.append(word)
            continue
        if _known(searcher, word):
            corrected.append(word)
            continue
        corrected.append(nearest(searcher, word, 2) or word)
    suggestion = " ".join(corrected)
    return suggestion if words and suggestion != " ".join(words) else None


def nearest(searcher, word: str, reach: int) -> str | None:
    """The indexed word (as written) fewest edits from `word`, up to `reach`; the most frequent
    among equals."""
    candidates: dict[str, int] = {}
    for leaf, _ in searcher.reader().leaf_readers():
        neighbours = _neighbours(leaf)
        for candidate in neighbours.near(word, reach):
            candidates[candidate] = candidates.get(candidate, 0) + neighbours.frequency[candidate]
    return closest(word, candidates)


def _neighbours(leaf) -> Neighbours:
    segment = leaf.segment() if hasattr(leaf, "segment") else None
    if segment is None:
        return _filed_words(leaf)
    return _FILED.get(None, segment.segment_id(), lambda: _filed_words(leaf))


def _filed_words(leaf) -> Neighbours:
    least = FREQUENT if leaf.doc_count_all() > LARGE_SEGMENT else 1
    return Neighbours(
        (text.decode("utf-8"), info.doc_frequency())
        for field in SPELLING_FIELDS
        for text, info in leaf.iter_field(field)
        if info.doc_frequency() >= least
    )
