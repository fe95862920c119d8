"""From a parsed query to what the index is asked and what candidates are judged by."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import datetime, timedelta

from whoosh import query as wq
from whoosh.query.compound import DefaultOr

from search import text_match
from search.collecting import WEIGHTLESS
from search.concepts import Concept, concepts
from search.known_terms import joined
from search.query import ParsedQuery, Part
from search.schema import ANALYZER, KNOWN_TERMS, day_number
from search.synonyms import alternatives, default_synonyms

TEXT_FIELDS = ("title", "body")


def any_of(queries: list[wq.Query]) -> wq.Query:
    """An OR that always walks its parts as a tree of unions. Whoosh's own OR preloads every
    match of a segment under 5,000 posts into arrays of 2,048 slots, filled in a Python loop:
    1 ms for each OR in each small segment, the larger part of a search once drains have
    written a few (1.7 ms to build "medication side effects" in a one-post segment)."""
    return queries[0] if len(queries) == 1 else DefaultOr(queries)


def _counted(queries: list[wq.Query]) -> list[wq.Query]:
    """Each distinct query once, weighted by how often it came: the same score as asking for
    it that many times, with one matcher instead of several to build and walk."""
    counts: dict[wq.Query, int] = {}
    for query in queries:
        counts[query] = counts.get(query, 0) + 1
    return [query if count == 1 else _boosted(query, count) for query, count in counts.items()]


def _boosted(query: wq.Query, count: int) -> wq.Query:
    weighted = copy.copy(query)
    weighted.boost = query.boost * count
    return weighted


@dataclass(frozen=True)
class Filters:
    board: str | None = None
    author: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    tips_only: bool = False


@dataclass(frozen=True)
class Plan:
    """The Whoosh query that finds candidates, and what ranks them afterwards.

    `query` holds words and unquoted terms only as plain terms (a two-word term as both its
    words), so Whoosh can skip whole blocks of postings that cannot reach the best results;
    quoted phrases stay phrases. `concepts` and `pairs` are judged on each candidate's text
    (search.text_match): the share of concepts it holds, and neighbouring words found close.
    """

    query: wq.Query
    concepts: tuple[text_match.Concept, ...]
    pairs: tuple[tuple[str, str], ...]
    # Filters that only some posts pass and the block skipping cannot use (dates).
    date_filter: wq.Query | None = None


def tokens(text: str) -> list[str]:
    return [token.text for token in ANALYZER(text)]


def _alternative_query(words: list[str], fieldname: str, quoted: bool, excluding: bool) -> wq.Query:
    if len(words) == 1:
        return wq.Term(fieldname, words[0])
    if not quoted or tuple(words) in KNOWN_TERMS.terms:
        # A synonym-list term (any unquoted multi-word alternative is one), indexed whole.
        return wq.Term(fieldname, joined(words))
    if excluding:
        return wq.Phrase(fieldname, words)
    # Any other quoted phrase: its words find candidates (a phrase matcher walks two long
    # posting lists in pure Python), and search.searching keeps only the candidates whose
    # text holds the words in a row.
    return any_of([wq.Term(fieldname, word) for word in words])


def _part_query(
    part: Part, spelled: tuple[str, ...] | None = None, fields: tuple[str, ...] = TEXT_FIELDS
) -> tuple[wq.Query, text_match.Concept] | None:
    """A word or phrase, or anything the synonym list says means the same, in title or body;
    and the same as a concept to judge candidates by."""
    options: list[wq.Query] = []
    forms: list[tuple[str, ...]] = []
    for alternative in spelled or alternatives(part.text, default_synonyms()):
        words = tokens(alternative)
        # Spellings and word forms of the list that analyse alike ("fatigue", "fatigued") each
        # stay in the query, so such a concept weighs more: asking for each once cost 0.003
        # MRR@10 and one query's place in the top 10 on the dev part.
        if not words:
            continue
        forms.append(tuple(words))
        options.extend(
            _alternative_query(words, fieldname, part.phrase, part.negated) for fieldname in fields
        )
    if not options:
        return None
    query = any_of(_counted(options))
    return query, text_match.Concept(tuple(dict.fromkeys(forms)))


def _concept_query(concept: Concept) -> tuple[wq.Query, text_match.Concept] | None:
    return _part_query(Part(concept.text, phrase=concept.phrase), concept.alternatives)


def _pair(first: Concept, second: Concept) -> tuple[str, str] | None:
    """Two neighbouring one-word concepts, which count for more found close together."""
    if first.phrase or second.phrase:
        return None
    a, b = tokens(first.text), tokens(second.text)
    return (a[0], b[0]) if len(a) == 1 and len(b) == 1 else None


def build_query(parsed: ParsedQuery, filters: Filters | None = None) -> Plan | None:
    """Any concept may match (search.concepts: stop words out, medical terms whole, synonyms
    in); OR joins neighbours; '-' parts are excluded. Nothing is required: posts matching more
    concepts, closer together, rank higher (search.searching)."""
    chains: list[list[tuple[wq.Query, text_match.Concept]]] = []
    plain: list[Part] = []
    excluded: list[wq.Query] = []
    for index, part in enumerate(parsed.parts):
        following = parsed.parts[index + 1] if index + 1 < len(parsed.parts) else None
        in_chain = part.alternative_to_previous or (
            following is not None and following.alternative_to_previous
        )
        if part.negated:
            # A post is left out for its own words: "-cap" keeps a reply about shaving in a
            # thread titled "cold cap or shave?".
            built = _part_query(part, fields=("body",))
            if built is not None:
                excluded.append(built[0])
        elif in_chain:
            built = _part_query(part)
            if built is None:
                continue
            if part.alternative_to_previous and chains:
                chains[-1].append(built)
            else:
                chains.append([built])
        else:
            plain.append(part)
    found = concepts(plain, default_synonyms())
    scored = [built for built in (_concept_query(c) for c in found) if built is not None]
    for chain in chains:
        query = any_of([q for q, _ in chain])
        forms = tuple(form for _, concept in chain for form in concept.alternatives)
        scored.append((query, text_match.Concept(forms)))
    if not scored:
        return None
    matched: wq.Query = any_of([query for query, _ in scored])
    if excluded:
        matched = wq.AndNot(matched, any_of(excluded))
    required = _required(filters) if filters else []
    if required:
        matched = wq.And([matched, *required])
    pairs = tuple(
        pair
        for first, second in zip(found, found[1:], strict=False)
        if (pair := _pair(first, second))
    )
    return Plan(
        matched,
        tuple(concept for _, concept in scored),
        pairs,
        _date_filter(filters) if filters else None,
    )


def _required(filters: Filters) -> list[wq.Query]:
    """Filters every result must pass, as terms that add nothing to the score, so that the
    index skips straight past posts outside them."""
    weightless = WEIGHTLESS
    parts: list[wq.Query] = []
    if filters.board:
        parts.append(wq.Term("board", filters.board, boost=weightless))
    if filters.author:
        parts.append(wq.Term("author", filters.author.lower(), boost=weightless))
    if filters.tips_only:
        parts.append(wq.Term("tip", True, boost=weightless))
    return parts


def _date_filter(filters: Filters) -> wq.Query | None:
    if filters.since or filters.until:
        # Filters come as midnights, `until` the one after the last day wanted.
        first = day_number(filters.since) if filters.since else None
        last = day_number(filters.until - timedelta(microseconds=1)) if filters.until else None
        return wq.NumericRange("day", first, last)
    return None
