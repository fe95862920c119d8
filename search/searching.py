"""Running a parsed query against the index: candidates, ranking, grouping, snippets."""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, replace
from datetime import datetime

from markupsafe import Markup

from forum.clock import utcnow
from search import collecting
from search.concepts import is_question
from search.index_store import shared_searcher
from search.known_terms import joined
from search.plan import Filters, Plan, build_query
from search.query import ParsedQuery
from search.ranking import combined_score
from search.result_cache import ResultCache
from search.schema import ANALYZER, KNOWN_TERMS
from search.snippets import snippet
from search.spelling import corrections, respelled, suggest
from search.text_match import Analysed, Analyser, closeness, coverage

__all__ = ["Conversation", "Filters", "Hit", "Results", "run_search"]

# Enough candidates that coverage, helpfulness and age can reorder them without losing the
# best matches; each costs reading and analysing its stored text.
RERANK_DEPTH = 100
# In an index large enough for collecting's time limit, fewer: reading and analysing a
# candidate costs about 70 µs, a fifth of a search at a million posts with 100 of them. On the
# dev part of the relevance set, 60 instead of 100 cost 0.002 MRR@10 and 2 of 280 top-10 hits.
LARGE_INDEX_DEPTH = 60
# Neighbouring query words within this many words of each other in a post raise its score by
# up to this share.
PROXIMITY_SLOP = 4
PROXIMITY_WEIGHT = 0.25
# A conversation in the results shows up to this many of its best matching posts.
POSTS_PER_THREAD = 3
# For a question, an opening post's score is multiplied by this, so replies that answer rank
# above the question they answer.
QUESTION_WEIGHT = 0.6
SNIPPET_CHARS = 240

# Words read exactly as the index reads them, each once per process.
_ANALYSER = Analyser(lambda word: next((token.text for token in ANALYZER(word)), None))
_CACHE = ResultCache()


@dataclass
class Hit:
    post_id: int
    thread_id: int
    title: str
    board: str
    author: str
    created: datetime
    helpful: int
    answer: bool
    opening: bool
    snippet: Markup
    score: float = 0.0


@dataclass
class Conversation:
    """One thread in the results: its best matching posts, best first."""

    thread_id: int
    title: str
    board: str
    posts: list[Hit]

    @property
    def best(self) -> Hit:
        return self.posts[0]


@dataclass
class Results:
    # One entry a conversation, so ten results are ten threads.
    hits: list[Conversation] = field(default_factory=list)
    total: int = 0
    suggestion: str | None = None
    # The words searched for instead of misspelt ones ("nueropathy" -> "neuropathy"), if any.
    corrected: str | None = None


@dataclass
class _Candidate:
    fields: dict
    relevance: float
    rank: float = 0.0


def run_search(
    directory: str,
    parsed: ParsedQuery,
    filters: Filters,
    *,
    newest_first: bool,
    page: int,
    per_page: int,
    still_searchable: Callable[[list[int]], set[int]] | None = None,
    correct: bool = True,
    cached: bool = True,
) -> Results:
    """One page of results; raises IndexUnavailable when the index cannot be read.

    `still_searchable(ids)` answers from the database which of the page's posts everyone may
    still read: the index can be behind (a removal waiting in the outbox), and a hit it still
    holds must never show a removed post's words. It is asked on every call, cached or not.
    """
    searcher = shared_searcher(directory)

    def compute() -> Results:
        return _search(searcher, parsed, filters, newest_first, page, per_page, correct)

    if cached:
        key = (tuple(parsed.parts), filters, newest_first, page, per_page, correct)
        results = _CACHE.get(_index_version(directory, searcher), key, compute)
    else:
        results = compute()
    if still_searchable is None or not results.hits:
        return results
    allowed = still_searchable([post.post_id for entry in results.hits for post in entry.posts])
    kept = [
        replace(entry, posts=[p for p in entry.posts if p.post_id in allowed])
        for entry in results.hits
    ]
    shown = [entry for entry in kept if entry.posts]
    return replace(results, hits=shown, total=results.total - (len(kept) - len(shown)))


def _index_version(directory: str, searcher) -> Hashable:
    """What the index is now: its generation and segments (a rebuilt index has new ones)."""
    reader = searcher.reader()
    segments = tuple(
        (segment.segment_id(), segment.deleted_count())
        for segment in (leaf.segment() for leaf, _ in reader.leaf_readers())
        if segment is not None  # an empty index has none
    )
    return directory, reader.generation(), segments


def _search(searcher, parsed, filters, newest_first, page, per_page, correct) -> Results:
    fixes = corrections(searcher, parsed) if correct else {}
    if fixes:
        parsed = respelled(parsed, fixes)
    plan = build_query(parsed, filters)
    if plan is None:
        return Results()
    if newest_first:
        found = collecting.newest(searcher, plan.query, RERANK_DEPTH, plan.date_filter)
        ranked = [_Candidate(fields, 0.0) for _, fields in found]
    else:
        large = searcher.doc_count_all() > collecting.TIMED_FROM
        depth = LARGE_INDEX_DEPTH if large else RERANK_DEPTH
        hits, _ = collecting.best(searcher, plan.query, depth, plan.date_filter)
        ranked = _reranked(
            searcher,
            [_Candidate(hit.fields(), hit.score or 0.0) for hit in hits], plan, parsed
        )
    threads = _by_thread(ranked)
    start = (page - 1) * per_page
    wanted = frozenset(
        word for concept in plan.concepts for alt in concept.alternatives for word in alt
    )
    results = Results(
        hits=[_conversation(group, wanted) for group in threads[start : start + per_page]],
        total=len(threads),
    )
    if fixes:
        results.corrected = " ".join(parsed.words)
    if not ranked:
        results.suggestion = suggest(searcher, parsed)
    return results


def _concept_weights(searcher, plan: Plan) -> list[float]:
    """How telling each concept is: rare words say more about what a member asks than
    common ones ("stents" against "month"), as inverse document frequency."""
    posts = max(searcher.doc_count(), 1)
    weights = []
    for concept in plan.concepts:
        holding = 0
        for words in concept.alternatives:
            if len(words) == 1 or words in KNOWN_TERMS.terms:
                holding += searcher.doc_frequency("body", joined(words))
            else:  # a quoted phrase: at most as common as its rarest word
                holding += min(searcher.doc_frequency("body", word) for word in words)
        weights.append(math.log(1.0 + posts / (1.0 + min(holding, posts))))
    return weights


def _reranked(
    searcher, candidates: list[_Candidate], plan: Plan, parsed: ParsedQuery
) -> list[_Candidate]:
    now = utcnow()
    asking = is_question(parsed)
    weights = _concept_weights(searcher, plan)
    titles: dict[int, list[str]] = {}
    for candidate in candidates:
        fields = candidate.fields
        title = titles.get(fields["thread_id"])
        if title is None:
            title = titles[fields["thread_id"]] = _ANALYSER.words(fields["title"])
        text = Analysed(title + _ANALYSER.words(fields["body"]))
        held = coverage(plan.concepts, text, weights)
        # Found by the words of a quoted phrase without holding it (or by nothing the
        # query asked for): not a result.
        candidate.rank = _ranked(candidate, text, held, plan, now, asking) if held else 0.0
    kept = [candidate for candidate in candidates if candidate.rank > 0]
    kept.sort(key=lambda candidate: candidate.rank, reverse=True)
    return kept


def _ranked(
    candidate: _Candidate, text: Analysed, held: float, plan: Plan, now: datetime, asking: bool
) -> float:
    fields = candidate.fields
    # A member asking a question wants the answer: the question itself steps back.
    asked = QUESTION_WEIGHT if asking and fields.get("opening", False) else 1.0
    near = 1.0 + PROXIMITY_WEIGHT * closeness(plan.pairs, text, PROXIMITY_SLOP)
    return asked * combined_score(
        candidate.relevance * near,
        matched_share=held,
        helpful=fields.get("helpful", 0),
        is_answer=fields.get("answer", False),
        age_days=(now - fields["created"]).total_seconds() / 86400,
    )


def _by_thread(ranked: list[_Candidate]) -> list[list[_Candidate]]:
    """The ranked posts gathered by thread, threads in the order of their best post, each with
    its first POSTS_PER_THREAD posts."""
    groups: dict[int, list[_Candidate]] = {}
    for candidate in ranked:
        group = groups.setdefault(candidate.fields["thread_id"], [])
        if len(group) < POSTS_PER_THREAD:
            group.append(candidate)
    return list(groups.values())


def _conversation(group: list[_Candidate], wanted: frozenset[str]) -> Conversation:
    posts = [_hit(candidate, wanted) for candidate in group]
    return Conversation(posts[0].thread_id, posts[0].title, posts[0].board, posts)


def _hit(candidate: _Candidate, wanted: frozenset[str]) -> Hit:
    fields = candidate.fields
    return Hit(
        post_id=int(fields["post_id"]),
        thread_id=fields["thread_id"],
        title=fields["title"],
        board=fields["board"],
        author=fields.get("author_name") or fields["author"],
        created=fields["created"],
        helpful=fields.get("helpful", 0),
        answer=fields.get("answer", False),
        opening=fields.get("opening", False),
        snippet=snippet(fields["body"], wanted, _ANALYSER, SNIPPET_CHARS),
        score=candidate.rank,
    )
