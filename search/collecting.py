"""Collecting candidates from the index with bounded work.

Whoosh scores matches in pure Python, a few microseconds each: a common word in a million
posts would cost seconds. Two things keep a search's work bounded:

- block skipping: with plain BM25F terms Whoosh skips blocks of postings that cannot beat
  the best candidates found so far;
- a budget: at most SCORED_BUDGET matches are scored in all, shared between the index's
  segments by size (with a floor, so the small segments holding the newest posts are always
  read), and, in an index of more than TIMED_FROM posts, at most CPU_BUDGET of CPU time is
  spent matching, each segment's share by its size, counted once its matcher is built
  (helpful posts and answers get a share of their own, first, in the segments too large to
  be read whole; a parallel rebuild writes them as a segment of their own,
  `search.indexer._add_for_rebuild`). The index is written
  newest post first, so when a search runs out of budget, it is older posts it has not scored.

Newest-first searches need no scores at all: the first matches of a segment written by a
rebuild are its newest posts, so a few hundred of those are enough to sort. Small segments
(written by drains, in no particular order) are read whole, except one of nothing but tips:
a rebuild's is newest first, and reading the 50,000 of a million-post index whole took a
newest-first search from 7 to 114 ms.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from itertools import islice

from whoosh import collectors, matching
from whoosh import query as wq

SCORED_BUDGET = 1_500
SEGMENT_FLOOR = 200
# Segments up to this size (those drains write, holding the newest posts) get their floor of
# matches even when the time limit has passed: finding that many in so few posts is cheap.
# In a large segment, a match of a narrow AND can be far away, so the limit always holds.
SMALL_SEGMENT = 2_000
# And at most this much CPU time in matching, in seconds: a safety net for queries whose
# terms are common together (each match then costs many posting-list skips). 15 ms made a
# common word cost 26 ms of CPU at a million posts, too much for 16 members searching at once
# on two cores. With 5 ms, several-word questions still went past 150 ms at p99 at a million
# posts (13-15 ms of CPU each); with 4 ms, 12.6 ms and 123 ms (bench/search_load.py).
CPU_BUDGET = 0.004
# The time limit applies only to indexes larger than this, so that what a small forum's
# search finds never depends on how busy the machine is.
TIMED_FROM = 50_000
# The share of both budgets spent on helpful posts and answers first.
TIPS_SHARE = 0.3
# A term that narrows without adding to the score (not 0: Whoosh divides by it when skipping).
WEIGHTLESS = 1e-9
# Segments up to this size are read whole for newest-first searches.
READ_WHOLE = 50_000


class _BudgetedTop(collectors.TopCollector):
    """The best `limit` matches by score, scoring at most a budget of matches.

    With `tips_of` (the query without its condition on tips), the helpful-posts pass: it reads
    only segments holding tips, sharing its budgets by their number of tips, and reads a
    segment of nothing but tips with that query alone, as no intersection is needed there.
    Without, the pass over all posts, which leaves such a segment to the helpful-posts pass.
    """

    def __init__(
        self, limit: int, budget: int, cpu_seconds: float | None, *, tips_of: wq.Query | None = None
    ) -> None:
        super().__init__(limit, usequality=True)
        self.tips_of = tips_of
        # No turning an OR into an AND once the best scores are high: that intersection walks
        # posting lists far between two matches, past any budget (200 ms for "new diagnosis"
        # at a million posts). Skipping blocks by their best score stays.
        self.replace = 0
        self.budget = budget
        self.truncated = False
        self._left = budget
        self._cpu_seconds = cpu_seconds
        self._deadline = float("inf")
        self._all_tips: int | None = None

    def set_subsearcher(self, subsearcher, offset) -> None:
        size = subsearcher.doc_count_all()
        tips = tips_in(subsearcher)
        only = only_tips(subsearcher)
        if self.tips_of is not None:
            # Small segments are read whole by the pass over all posts.
            skip = size <= SEGMENT_FLOOR or not tips
            if self._all_tips is None:
                self._all_tips = tips_in(self.top_searcher)
            share = tips / max(self._all_tips, 1)
        else:
            skip = only
            share = size / max(self.top_searcher.doc_count_all(), 1)
        if skip:
            # Saves building the query's matcher in this segment.
            self.subsearcher, self.offset = subsearcher, offset
            self.matcher = matching.NullMatcher()
            return
        if only:
            self.subsearcher, self.offset = subsearcher, offset
            self.matcher = self.tips_of.matcher(subsearcher, self.context)
        else:
            super().set_subsearcher(subsearcher, offset)
        self._left = max(SEGMENT_FLOOR, round(self.budget * share))
        self._untimed = SEGMENT_FLOOR if size <= SMALL_SEGMENT else 0
        if self._cpu_seconds:
            # Each segment's share of the time, counted once its matcher is built, so that
            # building the first segment's matcher cannot use up the time of the others.
            # CPU time of this thread, not the wall clock: a busy machine must not cut results.
            self._deadline = time.thread_time() + self._cpu_seconds * share

    def matches(self):
        for docnum in super().matches():
            yield docnum
            self._left -= 1
            self._untimed -= 1
            # A small segment's first matches are spared the time limit, so the newest posts
            # are read even after the large segments used up the time.
            out_of_time = self._untimed <= 0 and time.thread_time() > self._deadline
            if self._left <= 0 or out_of_time:
                # Stop this segment; the results so far stand.
                self.truncated = self.truncated or self.matcher.is_active()
                return


def tips_in(searcher) -> int:
    """How many documents of a (sub)searcher are tips, deleted ones included: what its
    postings for tips hold, as `doc_count_all` counts documents."""
    reader = searcher.reader()
    return reader.doc_frequency("tip", True) if ("tip", True) in reader else 0


def only_tips(subsearcher) -> bool:
    """Whether a segment of more than SEGMENT_FLOOR documents holds nothing but tips: the one
    a parallel rebuild writes (newest first, as the others), or drains' merged updates."""
    size = subsearcher.doc_count_all()
    return size > SEGMENT_FLOOR and tips_in(subsearcher) == size


def best(searcher, query: wq.Query, limit: int, date_filter: wq.Query | None = None):
    """The `limit` best-scored matches (Whoosh hits, best first) and whether the budget ran out.

    Posts marked helpful or chosen as an answer are collected first, with a share of the
    budget of their own, so that an old, well-loved tip is still found when a common query
    matches more posts than one search may score; then all posts, newest first.
    """
    tips, tips_cut = _collect(
        searcher,
        wq.And([query, wq.Term("tip", True, boost=WEIGHTLESS)]),
        limit,
        date_filter,
        TIPS_SHARE,
        tips_of=query,
    )
    everything, cut = _collect(searcher, query, limit, date_filter, 1.0 - TIPS_SHARE)
    merged = {hit.docnum: hit for hit in everything}
    for hit in tips:
        merged.setdefault(hit.docnum, hit)
    ranked = sorted(merged.values(), key=lambda hit: hit.score or 0.0, reverse=True)
    return ranked[:limit], tips_cut or cut


def _collect(
    searcher,
    query: wq.Query,
    limit: int,
    date_filter: wq.Query | None,
    share: float,
    *,
    tips_of: wq.Query | None = None,
):
    timed = searcher.doc_count_all() > TIMED_FROM
    top = _BudgetedTop(
        limit,
        round(SCORED_BUDGET * share),
        CPU_BUDGET * share if timed else None,
        tips_of=tips_of,
    )
    collector = collectors.FilterCollector(top, allow=date_filter) if date_filter else top
    searcher.search_with_collector(query, collector)
    found = collector.results()
    return [found[i] for i in range(found.scored_length())], top.truncated


def newest(searcher, query: wq.Query, limit: int, date_filter: wq.Query | None = None):
    """About the `limit` newest matches (stored fields, newest first), read without scoring."""
    allowed = searcher.docs_for_query(date_filter) if date_filter is not None else None
    docnums: list[int] = []
    for subsearcher, offset in searcher.leaf_searchers():
        matcher = query.matcher(subsearcher, subsearcher.boolean_context())
        whole = subsearcher.doc_count_all() <= READ_WHOLE and not only_tips(subsearcher)
        # Stepping, not all_ids(): an intersection's all_ids() reads both sides whole (400,000
        # ids for "board:diabetes travel" at a million posts, 140 ms).
        ids = matcher.all_ids() if whole else _stepped(matcher)
        ids = (offset + docnum for docnum in ids)
        if allowed is not None:
            ids = (docnum for docnum in ids if docnum in allowed)
        docnums.extend(ids if whole else islice(ids, limit))
    fields = [(docnum, searcher.stored_fields(docnum)) for docnum in docnums]
    fields.sort(key=lambda item: item[1]["created"], reverse=True)
    return fields[:limit]


def _stepped(matcher) -> Iterator[int]:
    while matcher.is_active():
        yield matcher.id()
        matcher.next()
