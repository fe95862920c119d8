"""What the Whoosh index holds for each visible post, and how text is analysed."""

from __future__ import annotations

from whoosh.analysis import CharsetFilter, StemmingAnalyzer
from whoosh.fields import BOOLEAN, DATETIME, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.lang import stemmer_for_language
from whoosh.support.charset import accent_map

# English stemming ("walking", "walked" -> "walk") and accent folding ("café" -> "cafe"). The
# Snowball stemmer, not Whoosh's default Porter one, which made "stopped" "stopp" and
# "exhausted" and "exhaustion" two words. minsize=1 keeps the digits of "type 1" and "type 2".
ANALYZER = StemmingAnalyzer(stemfn=stemmer_for_language("en"), minsize=1) | CharsetFilter(
    accent_map
)

SCHEMA = Schema(
    post_id=ID(stored=True, unique=True),
    # Kept, not searched: numbers are indexed as several terms each, which slows writing.
    thread_id=STORED,
    title=TEXT(analyzer=ANALYZER, stored=True, field_boost=2.0, spelling=True),
    body=TEXT(analyzer=ANALYZER, stored=True, spelling=True),
    board=ID(stored=True),
    author=ID(stored=True),
    # The author's name as they write it; `author` is lower-cased for the filter.
    author_name=STORED,
    created=DATETIME(stored=True, sortable=True),
    opening=BOOLEAN(stored=True),
    helpful=STORED,
    answer=BOOLEAN(stored=True),
    # Marked helpful or the thread's answer: what "tips only" keeps.
    tip=BOOLEAN,
    tags=KEYWORD(stored=True, lowercase=True, commas=True, scorable=True),
)
TEXT_FIELDS = ("title", "body", "tags")


def same_layout(schema: Schema) -> bool:
    """Whether an index was built with this version's fields (names and kinds); if not, it
    needs a rebuild."""
    return [(name, type(schema[name])) for name in schema.names()] == [
        (name, type(SCHEMA[name])) for name in SCHEMA.names()
    ]
