"""What the Whoosh index holds for each visible post, and how text is analysed."""

from __future__ import annotations

from whoosh.analysis import CharsetFilter, StemmingAnalyzer
from whoosh.fields import BOOLEAN, DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.lang import stemmer_for_language
from whoosh.support.charset import accent_map

# English stemming ("walking", "walked" -> "walk") and accent folding ("café" -> "cafe"). The
# Snowball stemmer, not Whoosh's default Porter one, which made "stopped" "stopp" and
# "exhausted" and "exhaustion" two words. minsize=1 keeps the digits of "type 1" and "type 2".
ANALYZER = StemmingAnalyzer(stemfn=stemmer_for_language("en"), minsize=1) | CharsetFilter(accent_map)

SCHEMA = Schema(
    post_id=ID(stored=True, unique=True),
    thread_id=NUMERIC(stored=True),
    title=TEXT(analyzer=ANALYZER, stored=True, field_boost=2.0, spelling=True),
    body=TEXT(analyzer=ANALYZER, stored=True, spelling=True),
    board=ID(stored=True),
    author=ID(stored=True),
    # The author's name as they write it; `author` is lower-cased for the filter.
    author_name=STORED,
    created=DATETIME(stored=True, sortable=True),
    opening=BOOLEAN(stored=True),
    helpful=NUMERIC(stored=True, sortable=True),
    answer=BOOLEAN(stored=True),
    tags=KEYWORD(stored=True, lowercase=True, commas=True, scorable=True),
)
TEXT_FIELDS = ("title", "body", "tags")
