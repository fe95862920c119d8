"""Spelling: misspelt query words corrected at once, and "did you mean" when nothing matched."""

from __future__ import annotations

from search.concepts import is_stop
from search.query import ParsedQuery, Part
from search.schema import ANALYZER
from search.synonyms import default_synonyms


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
            reach = 1 if len(word) <= 6 else 2
            options = searcher.suggest("body", word, limit=1, maxdist=reach) or searcher.suggest(
                "title", word, limit=1, maxdist=reach
            )
            if options and options[0] != word:
                fixes[word] = options[0]
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
        options = searcher.suggest("body", word, limit=1) or searcher.suggest(
            "title", word, limit=1
        )
        corrected.append(options[0] if options else word)
    suggestion = " ".join(corrected)
    return suggestion if words and suggestion != " ".join(words) else None
