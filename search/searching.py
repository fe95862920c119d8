"""Running a parsed query against the index: matching, ranking, snippets, spelling."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from markupsafe import Markup, escape
from whoosh import query as wq
from whoosh.highlight import ContextFragmenter, Formatter

from forum.clock import utcnow
from search.concepts import Concept, concepts, is_question, is_stop
from search.indexer import shared_searcher
from search.query import ParsedQuery, Part
from search.ranking import combined_score
from search.schema import ANALYZER
from search.synonyms import alternatives, default_synonyms

# Enough candidates that helpfulness and age can reorder them without losing the best matches.
RERANK_DEPTH = 300
# Neighbouring query words within this many positions of each other in a post, and what that
# adds to the score (a fraction of a single word's weight).
PROXIMITY_SLOP = 4
PROXIMITY_BOOST = 0.5
# A conversation in the results shows up to this many of its best matching posts.
POSTS_PER_THREAD = 3
# For a question, an opening post's score is multiplied by this, so replies that answer rank
# above the question they answer.
QUESTION_WEIGHT = 0.6
SNIPPET_CHARS = 240


@dataclass(frozen=True)
class Filters:
    board: str | None = None
    author: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    tips_only: bool = False


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


class _MarkFormatter(Formatter):
    """Snippets as escaped text with matches in <mark>: the only HTML a snippet may carry."""

    between = " … "

    def _text(self, text: str) -> str:
        return str(escape(text))

    def format_token(self, text, token, replace=False):
        return f"<mark>{escape(text[token.startchar : token.endchar])}</mark>"


def _tokens(text: str) -> list[str]:
    return [token.text for token in ANALYZER(text)]


def _part_query(
    part: Part, spelled: tuple[str, ...] | None = None, fields: tuple[str, ...] = ("title", "body")
) -> wq.Query | None:
    """A word or phrase, or anything the synonym list says means the same, in title, body or tags."""
    options: list[wq.Query] = []
    for alternative in spelled or alternatives(part.text, default_synonyms()):
        tokens = _tokens(alternative)
        if not tokens:
            continue
        for fieldname in fields:
            if len(tokens) == 1:
                options.append(wq.Term(fieldname, tokens[0]))
            else:
                options.append(wq.Phrase(fieldname, tokens))
        if " " not in alternative:
            options.append(wq.Term("tags", alternative.lower()))
    return wq.Or(options) if options else None


@dataclass(frozen=True)
class Plan:
    """The Whoosh query, and the concepts a post's matched terms are counted against."""

    query: wq.Query
    groups: list[frozenset[tuple[str, str]]]

    def matched_share(self, matched_terms) -> float:
        """The share of the query's concepts (or OR-chains) the post matches, 0 to 1."""
        matched = {(name, _text(value)) for name, value in matched_terms}
        return sum(1 for group in self.groups if group & matched) / (len(self.groups) or 1)


def _text(value) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _concept_query(concept: Concept) -> wq.Query | None:
    return _part_query(Part(concept.text, phrase=concept.phrase), concept.alternatives)


def _nearby(first: Concept, second: Concept) -> list[wq.Query]:
    """Two neighbouring one-word concepts found close together count for more."""
    a, b = _tokens(first.text), _tokens(second.text)
    if len(a) != 1 or len(b) != 1 or first.phrase or second.phrase:
        return []
    return [
        wq.Phrase(fieldname, [a[0], b[0]], slop=PROXIMITY_SLOP, boost=PROXIMITY_BOOST)
        for fieldname in ("title", "body")
    ]


def build_query(parsed: ParsedQuery) -> Plan | None:
    """Any concept may match (search.concepts: stop words out, medical terms whole, synonyms
    in); OR joins neighbours; '-' parts are excluded. Nothing is required: posts matching more
    concepts rank higher (Plan.matched_share), and neighbouring words found close together add
    to the score."""
    table = default_synonyms()
    chains: list[list[wq.Query]] = []
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
                excluded.append(built)
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
    found = concepts(plain, table)
    scored = [q for q in (_concept_query(c) for c in found) if q is not None]
    scored += [group[0] if len(group) == 1 else wq.Or(group) for group in chains]
    if not scored:
        return None
    extras = [q for first, second in zip(found, found[1:], strict=False) for q in _nearby(first, second)]
    matched: wq.Query = wq.Or(scored + extras)
    if excluded:
        matched = wq.AndNot(matched, wq.Or(excluded))
    groups = [frozenset((name, _text(value)) for name, value in q.iter_all_terms()) for q in scored]
    return Plan(matched, groups)


def _filter_query(filters: Filters) -> wq.Query | None:
    parts: list[wq.Query] = []
    if filters.board:
        parts.append(wq.Term("board", filters.board))
    if filters.author:
        parts.append(wq.Term("author", filters.author.lower()))
    if filters.since or filters.until:
        parts.append(wq.DateRange("created", filters.since, filters.until))
    if filters.tips_only:
        parts.append(wq.Term("tip", True))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


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
) -> Results:
    """One page of results; raises IndexUnavailable when the index cannot be read.

    `still_searchable(ids)` answers from the database which of the page's posts everyone may
    still read: the index can be behind (a removal waiting in the outbox), and a hit it still
    holds must never show a removed post's words.
    """
    searcher = shared_searcher(directory)
    fixes = corrections(searcher, parsed) if correct else {}
    if fixes:
        parsed = respelled(parsed, fixes)
    plan = build_query(parsed)
    if plan is None:
        return Results()
    found = searcher.search(
        plan.query,
        filter=_filter_query(filters),
        limit=RERANK_DEPTH,
        sortedby="created" if newest_first else None,
        reverse=newest_first,
        terms=True,
        # Whoosh's block-quality skipping spins on an OR holding phrase matchers (15 s on
        # "care team" at 100,000 posts); scoring every match is bounded and far cheaper.
        optimize=False,
    )
    found.fragmenter = ContextFragmenter(maxchars=SNIPPET_CHARS, surround=70)
    found.formatter = _MarkFormatter()
    kept = list(found)
    if not newest_first:
        now = utcnow()
        asking = is_question(parsed)
        scored = [(_ranked(result, now, plan, asking), result) for result in kept]
        scored.sort(key=lambda pair: pair[0], reverse=True)
        kept = [result for _, result in scored]
    threads = _by_thread(kept)
    start = (page - 1) * per_page
    shown = threads[start : start + per_page]
    total = len(threads)
    if still_searchable is not None and shown:
        allowed = still_searchable([int(r["post_id"]) for group in shown for r in group])
        trimmed = [[r for r in group if int(r["post_id"]) in allowed] for group in shown]
        total -= sum(1 for group in trimmed if not group)
        shown = [group for group in trimmed if group]
    # Snippets only for the page shown: highlighting is the costly part.
    conversations = [_conversation(group) for group in shown]
    results = Results(hits=conversations, total=total)
    if fixes:
        results.corrected = " ".join(parsed.words)
    if not kept:
        results.suggestion = _suggest(searcher, parsed)
    return results


def _known(searcher, word: str) -> bool:
    return bool(
        searcher.suggest("body", word, limit=1, maxdist=0)
        or searcher.suggest("title", word, limit=1, maxdist=0)
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


def _by_thread(ranked: list) -> list[list]:
    """The ranked posts gathered by thread, threads in the order of their best post, each with
    its first POSTS_PER_THREAD posts."""
    groups: dict[int, list] = {}
    for result in ranked:
        group = groups.setdefault(result["thread_id"], [])
        if len(group) < POSTS_PER_THREAD:
            group.append(result)
    return list(groups.values())


def _conversation(group: list) -> Conversation:
    posts = [_hit(result) for result in group]
    return Conversation(posts[0].thread_id, posts[0].title, posts[0].board, posts)


def _ranked(result, now: datetime, plan: Plan, asking: bool) -> float:
    # A member asking a question wants the answer: the question itself steps back.
    asked = QUESTION_WEIGHT if asking and result.get("opening", False) else 1.0
    return asked * combined_score(
        result.score or 0.0,
        matched_share=plan.matched_share(result.matched_terms()),
        helpful=result.get("helpful", 0),
        is_answer=result.get("answer", False),
        age_days=(now - result["created"]).total_seconds() / 86400,
    )


def _hit(result) -> Hit:
    snippet = result.highlights("body", top=2) or escape(_shorten(result["body"]))
    return Hit(
        post_id=int(result["post_id"]),
        thread_id=result["thread_id"],
        title=result["title"],
        board=result["board"],
        author=result.get("author_name") or result["author"],
        created=result["created"],
        helpful=result.get("helpful", 0),
        answer=result.get("answer", False),
        opening=result.get("opening", False),
        # Built by _MarkFormatter from escaped text, or escaped here: only <mark> is markup.
        snippet=Markup(snippet),  # noqa: S704
        score=result.score or 0.0,
    )


def _shorten(text: str) -> str:
    return text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"


def _suggest(searcher, parsed: ParsedQuery) -> str | None:
    """'Did you mean': each word replaced by the closest indexed word when it is not one itself."""
    words = parsed.words
    corrected = []
    synonyms = default_synonyms()
    for word in words:
        # Abbreviations from the synonym list are real words here, whatever the index holds.
        if word in synonyms:
            corrected.append(word)
            continue
        known = searcher.suggest("body", word, limit=1, maxdist=0) or searcher.suggest(
            "title", word, limit=1, maxdist=0
        )
        if known:
            corrected.append(word)
            continue
        options = searcher.suggest("body", word, limit=1) or searcher.suggest(
            "title", word, limit=1
        )
        corrected.append(options[0] if options else word)
    suggestion = " ".join(corrected)
    return suggestion if words and suggestion != " ".join(words) else None
