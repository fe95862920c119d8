"""What the Whoosh index holds for each visible post, and how text is analysed."""

from __future__ import annotations

from datetime import date, datetime

from whoosh.analysis import (
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemmingAnalyzer,
    StopFilter,
)
from whoosh.fields import BOOLEAN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.lang import stemmer_for_language
from whoosh.support.charset import accent_map

from search.known_terms import KnownTerms
from search.synonyms import default_synonyms

# English stemming ("walking", "walked" -> "walk") and accent folding ("café" -> "cafe"). The
# Snowball stemmer, not Whoosh's default Porter one, which made "stopped" "stopp" and
# "exhausted" and "exhaustion" two words. minsize=1 keeps the digits of "type 1" and "type 2".
ANALYZER = StemmingAnalyzer(stemfn=stemmer_for_language("en"), minsize=1) | CharsetFilter(
    accent_map
)


def _known_terms() -> KnownTerms:
    entries = (
        tuple(t.text for t in ANALYZER(entry)) for entry in default_synonyms() if " " in entry
    )
    return KnownTerms(entries)


# Words as members write them, for spelling corrections: ANALYZER without the stemming.
SPELLING_ANALYZER = RegexTokenizer() | LowercaseFilter() | StopFilter(minsize=1) | CharsetFilter(
    accent_map
)

# Post text is also indexed with each multi-word term of the synonym list as one token
# (search.known_terms); queries are analysed with ANALYZER alone and ask for those tokens.
KNOWN_TERMS = _known_terms()
INDEX_ANALYZER = ANALYZER | KNOWN_TERMS

_EPOCH = date(1970, 1, 1)


def day_number(moment: datetime) -> int:
    """Days since 1 January 1970 of a (UTC) time: what date filters compare."""
    return (moment.date() - _EPOCH).days


SCHEMA = Schema(
    post_id=ID(stored=True, unique=True),
    # Kept, not searched: numbers are indexed as several terms each, which slows writing.
    thread_id=STORED,
    title=TEXT(analyzer=INDEX_ANALYZER, stored=True, field_boost=2.0),
    # A thread's title as written, in its opening post only, for spelling corrections: the
    # title is in every post of its thread, and copying it unstemmed into each of them cost
    # every post's indexing time. (The body's copy is Whoosh's own spell_body.)
    title_words=TEXT(analyzer=SPELLING_ANALYZER, phrase=False),
    body=TEXT(analyzer=INDEX_ANALYZER, stored=True, spelling=True),
    board=ID(stored=True),
    author=ID(stored=True),
    # The author's name as they write it; `author` is lower-cased for the filter.
    author_name=STORED,
    created=STORED,
    # The day the post was written (day_number above), for since/until filters. A
    # DATETIME field indexed each post's microseconds as several terms, most of them unique:
    # millions of terms at a million posts, and a third of a rebuild's time.
    day=NUMERIC(int, bits=32, shift_step=8),
    opening=BOOLEAN(stored=True),
    helpful=STORED,
    answer=BOOLEAN(stored=True),
    # Marked helpful or the thread's answer: what "tips only" keeps.
    tip=BOOLEAN,
    tags=KEYWORD(stored=True, lowercase=True, commas=True, scorable=True),
)
TEXT_FIELDS = ("title", "body", "tags")


def same_layout(schema: Schema) -> bool:
    """Whether an index was built with this version's fields (names, kinds and analysis, the
    synonym list's terms included); if not, it needs a rebuild."""

    def known(field) -> frozenset | None:
        items = getattr(getattr(field, "analyzer", None), "items", ())
        return next((item.terms for item in items if isinstance(item, KnownTerms)), None)

    def layout(of: Schema) -> list:
        return [(name, type(of[name]), known(of[name])) for name in of.names()]

    return layout(schema) == layout(SCHEMA)
