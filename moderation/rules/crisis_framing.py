"""How a crisis is told: as past, about someone else, in someone's words, or in jest; no Flask.

A warning sign found (moderation.rules.warning_signs) is an emergency when it is the author's
own danger, now. These tell the other cases apart, so that they still reach a moderator, at
normal priority, without the author being treated as in crisis:

- told as past: a story from the far side ("eight years clean", "what helped me"), or every
  sentence with a sign set long ago in the past tense, and nothing saying it is back;
- someone else's danger or words: worry for a partner or a child, quotation marks, a question
  a nurse asked; or a joke right after the words.

Every pattern here is bounded, like the signs themselves.
"""

from __future__ import annotations

import re

from moderation.rules.matching import compile_verbose, sentences

_FIRST_PERSON = re.compile(r"\b(?:i|i'm|i've|i'd|i'll|im|ive|myself)\b", re.IGNORECASE)

# A story told from the far side: help was found, time has passed. Such a post may reach the
# queue at normal priority, but it is no emergency.
_RECOVERY = compile_verbose(
    r"""\b(?:years?|months?|weeks?)\s+(?:clean|free|sober|on\s+from)
    |\b(?:i'?m|i\s+am)\s+(?:now\s+)?(?:in\s+)?(?:a\s+)?(?:much\s+|so\s+much\s+|far\s+)?(?:better|good|safer)
        \s+place
    |\b(?:clean|free)\s+(?:for|of\s+it\s+for)\s+(?:\d+|a|one|two|three|four|five|six|over|nearly|almost)
    |\bwhat\s+(?:helped|got)\s+me\s+(?:through|was|were)
    |\b(?:i\s+)?(?:survived|got\s+through|came\s+through|pulled\s+through)\b
    |\bit\s+(?:does\s+)?gets?\s+better
    |\bi'?m\s+(?:still\s+)?(?:here|glad\s+i'?m\s+(?:still\s+)?here)\s+(?:now|today|and)
    |\b(?:if|for)\s+(?:anyone|anybody|you)(?:'?re|\s+are)?\s+(?:is\s+)?(?:struggling|feeling|in\s+a\s+dark)
    |\b(?:you'?re|you\s+are)\s+not\s+alone"""
)
# A sentence set in the past: a time long gone and a verb in the past tense.
_LONG_AGO = compile_verbose(
    r"""\b(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|a\s+few|a\s+couple\s+of|several
        |many)\s+(?:years?|months?)\s+(?:ago|back)
    |\bused\s+to\b|\bback\s+(?:then|when)|\bat\s+the\s+time\b|\bin\s+the\s+past\b|\blast\s+year\b
    |\bas\s+a\s+(?:teen|teenager|student|kid)|\bwhen\s+i\s+was\s+(?:\d+|younger|a\s+teen|at\s+uni)"""
)
_PAST_VERB = compile_verbose(
    r"\b(?:wanted|tried|took|was|were|had|felt|thought|attempted|overdosed|cut|used\s+to|nearly|almost)\b"
)
# ...unless the danger is back: these keep the alert urgent whatever the framing.
_PRESENT_DANGER = compile_verbose(
    r"""\b(?:again|tonight|right\s+now|at\s+the\s+moment|these\s+days|lately|recently|creeping\s+back
    |coming\s+back|back\s+again|this\s+time|starting\s+to\s+feel|relapsed?|last\s+night|yesterday
    |every\s+(?:hour|day|night)|getting\s+(?:louder|worse|stronger|more)|more\s+and\s+more|how\s+long\s+i\s+can
    |now\s+(?:it'?s|they'?re|i'?m\s+(?:thinking|having|getting|planning)))\b"""
)
# Worry for someone else (a partner who self-harms, a friend's text): the author needs support,
# and a moderator should see it, but it is not the author's own crisis.
_SOMEONE_ELSE = compile_verbose(
    r"""\b(?:my|our|a)\s+(?:best\s+)?(?:friend|mate|son|daughter|boyfriend|girlfriend|husband|wife|partner
        |mum|mom|mother|dad|father|brother|sister|child|kid|teen|teenager|niece|nephew|patient|dad'?s|ex)
        \s+(?:[\w'-]{1,30}\s+){0,3}(?:self[\s-]*harms?|is\s+suicidal|was\s+suicidal|said|says|texted|told\s+me
        |threatened|tried|took|has\s+been\s+(?:cutting|self)|cuts|overdosed)
    |\bhow\s+(?:do|can|should)\s+i\s+(?:help|support|talk\s+to)\s+(?:him|her|them|my)
    |\b(?:she'?s|he'?s|she\s+is|he\s+is)\s+\d{1,2}\b
    |\b(?:my|our)\s+(?:\w+\s+)?(?:friend|mate|son|daughter|husband|wife|partner|mum|mom|dad|teenager|brother
        |sister)\s+(?:has\s+been|keeps|kept|is|was)\s+(?:saying|talking\s+about|telling\s+me)"""
)
# Reported speech: an opening quotation mark, or a question someone asked.
_QUOTED = re.compile(r"[\"\u201c\u201d]|(?:^|\s)'")
_ASKED = compile_verbose(
    r"""\b(?:asked|asks|ask|asking)\s+(?:me\s+|them\s+|him\s+|her\s+|you\s+)?(?:if|whether|directly
        |straight|outright)
    |\bare\s+you\s+(?:thinking|having|feeling)"""
)
# A joke right after the words: they were hyperbole.
_JOKING = compile_verbose(
    r"""[\s.,!]{0,6}(?:lol|lmao|haha\w*|jk|\U0001f602|\U0001f923|\U0001f62d|of\s+(?:embarrassment|shame|boredom)
    |\(?i'?m\s+(?:fine|joking|kidding|ok))"""
)


def told_in_recovery(plain: str, hits: list[tuple[int, int]]) -> bool:
    """Whether the crisis these spans point at is told as past, with no sign that it is back.

    It is past when the post speaks of having come through (clean for a year, a better place,
    what helped me), or when every sentence with a hit is set long ago in the past tense. A
    plan, preparations or goodbyes are never past, and neither is anything "again" or "tonight".
    """
    if not hits or _PRESENT_DANGER.search(plain):
        return False
    if _RECOVERY.search(plain):
        return True
    for start, end in hits:
        sentence = next(
            (m.group() for m in sentences(plain) if m.start() <= start < m.end()), plain[start:end]
        )
        if not (_LONG_AGO.search(sentence) and _PAST_VERB.search(sentence)):
            return False
    return True


def not_the_authors_own(plain: str, hits: list[tuple[int, int]]) -> bool:
    """Whether every hit is someone else's danger or words, or said in jest.

    A hit counts so when its sentence worries about another person and has no "I" or "me"
    before it; when it is inside quotation marks or a question someone asked ("the nurse asked
    if I'd had thoughts of harming myself"); or when a joke follows it at once ("I want to
    die... of embarrassment", "lol"). Such posts still reach a moderator, at normal priority.
    """
    if not hits:
        return False
    about_someone_else = bool(_SOMEONE_ELSE.search(plain))
    for start, end in hits:
        sentence = next((m for m in sentences(plain) if m.start() <= start < m.end()), None)
        lead = plain[sentence.start() if sentence else max(0, start - 80) : end]
        if _QUOTED.search(lead) or _ASKED.search(lead) or _JOKING.match(plain, end):
            continue
        if about_someone_else and not _FIRST_PERSON.search(lead):
            continue
        return False
    return True
