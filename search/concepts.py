"""From the parts of a query to the concepts a post may match; pure, no Flask.

Members ask in whole questions ("what helps with low blood sugar at night when you're on
insulin"): the words that carry meaning are few, and a two- or three-word medical term counts
as one. So:

- stop words and question filler ("what", "helps", "anyone", "tips") are left out, unless the
  query has nothing else;
- consecutive words that make an entry of the synonym list ("low blood sugar", "heart attack")
  become one concept, matched with all of that entry's synonyms, longest entry first;
- every other word is a concept of its own, with its synonyms.

No concept is required: a post matching more of them, closer together, ranks higher
(search.searching does the scoring).
"""

from __future__ import annotations

from dataclasses import dataclass

from search.query import ParsedQuery, Part
from search.synonyms import alternatives

# The longest synonym-list entry looked for among consecutive query words.
LONGEST_TERM = 4

STOP_WORDS = frozenset(
    """a about above after again against all am an and any are aren't as at be because been
    before being below between both but by can can't cannot could couldn't did didn't do does
    doesn't doing don't down during each few for from further had hadn't has hasn't have haven't
    having he he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll
    i'm i've if in into is isn't it it's its itself let's me more most mustn't my myself no nor
    not of off on once only or other ought our ours ourselves out over own same shan't she she'd
    she'll she's should shouldn't so some such than that that's the their theirs them themselves
    then there there's these they they'd they'll they're they've this those through to too under
    until up very was wasn't we we'd we'll we're we've were weren't what what's when when's where
    where's which while who who's whom why why's will with won't would wouldn't you you'd you'll
    you're you've your yours yourself yourselves im ive dont cant doesnt didnt isnt wont u ur""".split()  # noqa: SIM905
)
# Words that carry the asking, not the topic.
FILLER = frozenset(
    """anyone anybody someone somebody everyone know knows knew anything something tips tip advice
    help helps helped helping please thanks thank cheers hi hello hey get gets getting got really
    actually just still also ever even way ways best good better thing things stuff lot lots
    much many make makes made like need needs want wants try tried trying use used using work works
    working deal dealing cope coping idea ideas suggestions suggestion recommend recommendations
    experience experiences question questions ask asking else other others people person""".split()  # noqa: SIM905
)


@dataclass(frozen=True)
class Concept:
    """One thing the member asked about: a word or term, and what it may also be written as."""

    text: str
    alternatives: tuple[str, ...]
    phrase: bool = False  # a quoted phrase: matched as written, words in order


def is_stop(word: str) -> bool:
    return word in STOP_WORDS or word in FILLER


def concepts(parts: list[Part], synonyms: dict[str, tuple[str, ...]]) -> list[Concept]:
    """The concepts of a query's plain words and phrases (negated and OR-joined parts aside)."""
    words: list[str] = []
    found: list[Concept] = []

    def flush() -> None:
        found.extend(_terms(words, synonyms))
        words.clear()

    for part in parts:
        if part.phrase:
            flush()
            found.append(Concept(part.text, alternatives(part.text, synonyms), phrase=True))
        else:
            words.extend(part.text.split())
    flush()
    meaningful = [concept for concept in found if concept.phrase or not is_stop(concept.text)]
    return meaningful or found


def _terms(words: list[str], synonyms: dict[str, tuple[str, ...]]) -> list[Concept]:
    """Consecutive words, the longest synonym-list entries first, the rest a word each."""
    found: list[Concept] = []
    index = 0
    while index < len(words):
        for size in range(min(LONGEST_TERM, len(words) - index), 1, -1):
            term = " ".join(words[index : index + size])
            if term in synonyms:
                found.append(Concept(term, synonyms[term]))
                index += size
                break
        else:
            word = words[index]
            found.append(Concept(word, alternatives(word, synonyms)))
            index += 1
    return found


# How a question starts, when it has no question mark.
_QUESTION_WORDS = frozenset(
    ["how", "what", "why", "when", "where", "which", "who", "whats", "hows", "does", "do", "did", "is", "are", "can", "could", "should", "would", "will", "has", "have", "any", "anyone", "anybody", "tips", "advice", "help", "best", "ways"]  # noqa: SIM905
)


def is_question(parsed: ParsedQuery) -> bool:
    """Whether the member is asking something (a question mark, or a question's first word),
    rather than looking up a name or a word."""
    words = parsed.words
    return bool(words) and (parsed.asked or words[0] in _QUESTION_WORDS)
