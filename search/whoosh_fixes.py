"""Two fixes to Whoosh 2.7.4, applied once when search's indexer is imported.

Searching: an OR's block-quality skipping asks the side with the weaker block to skip ahead
to what the other side leaves it to reach, and loops until the two together could beat the
best results so far. When rounding makes that side think its block already good enough, it
does not move, and the loop never ends (a worker spun until killed on '"bad days"' at a
million posts). The fixed loop stops skipping when a side does not move: skipping is only a
shortcut, so results are the same.

Writing a segment asks, for every posting, how long the posting's field is in its document.
For fields that keep no lengths (ids, flags, numbers, dates) Whoosh never remembers that the
lengths file is absent, so it asks the file system again for each posting: a third of all
indexing time at 20,000 posts. Remembering the absence changes no result.
"""

from __future__ import annotations

from whoosh.codec import whoosh3
from whoosh.matching import binary, mcore

_original = whoosh3.W3PerDocReader._cached_reader


def _cached_reader(self, fieldname, column):
    try:
        return self._readers[fieldname]
    except KeyError:
        reader = _original(self, fieldname, column)
        # The original caches readers it found; an absent one is remembered as None.
        self._readers[fieldname] = reader
        return reader


def _union_skip_to_quality(self, minquality):
    a, b = self.a, self.b
    self._id = None  # the id it caches
    if not (a.is_active() or b.is_active()):
        raise mcore.ReadTooFar
    if not a.is_active():
        return b.skip_to_quality(minquality)
    if not b.is_active():
        return a.skip_to_quality(minquality)
    skipped = 0
    aq, bq = a.block_quality(), b.block_quality()
    while a.is_active() and b.is_active() and aq + bq <= minquality:
        if aq < bq:
            moved = a.skip_to_quality(minquality - bq)
            aq = a.block_quality()
        else:
            moved = b.skip_to_quality(minquality - aq)
            bq = b.block_quality()
        if not moved:
            break
        skipped += moved
    return skipped


def apply() -> None:
    """Install the fixes (idempotent)."""
    if whoosh3.W3PerDocReader._cached_reader is not _cached_reader:
        whoosh3.W3PerDocReader._cached_reader = _cached_reader
    binary.UnionMatcher.skip_to_quality = _union_skip_to_quality
