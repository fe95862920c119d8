"""Crisis language: suicide, self-harm or harming someone, published at once and answered urgently."""

from __future__ import annotations

import math

from moderation.rules.crisis_framing import not_the_authors_own, told_in_recovery
from moderation.rules.findings import GUIDELINE_CRISIS, Action, Finding, Kind
from moderation.rules.matching import (
    any_of,
    at_word_starts,
    each_sentence_once,
    excerpt,
    unnegated_spans,
)
from moderation.rules.warning_signs import STRONG, Sign, warning_signs

# What may follow "can't go on", "don't want to live" when it is about living at all, not "go on
# holiday" or "live in London".
_END_OF_THOUGHT = r"(?=\s*(?:[.!?,;:)\n]|$|any\s*more|like\s+this|now\b|today|tomorrow|again|ever\b|without|another|living|much\s+longer))"
_DONT_WANT = r"(?:don'?t|do\s+not|doesn'?t|does\s+not|no\s+longer)\s+(?:really\s+|even\s+)?(?:want\s+to|wanna)"
_INTENT = (
    r"(?:going\s+to|gonna|want(?:ed)?\s+to|wanna|about\s+to|ready\s+to|decided\s+to|plan(?:ning)?\s+to"
    r"|need\s+to|tempted\s+to|urges?\s+to|thinking\s+(?:about|of)|think\s+about|feel\s+like|trying\s+not\s+to)"
)
_MYSELF = r"my\s*self"
_HARM_VERB = (
    r"(?:kill|hurt|harm|stab|shoot|strangle|choke|poison|murder|attack|punch)(?:ing|bing|ling)?"
)
_HARM_TARGET = any_of(
    r"him",
    r"her",
    r"them",
    r"you",
    r"someone",
    r"somebody",
    r"anyone",
    r"anybody",
    r"people",
    r"others",
    r"everyone",
    r"everybody",
    r"(?:my|the)\s+(?:\w+\s+)?(?:husband|wife|partner|boyfriend|girlfriend|mum|mom|mother|dad|father"
    r"|son|daughter|kids?|children|child|baby|boss|brother|sister|neighbou?r|carer|family|ex|doctor|nurse)",
)
# "I don't want to die" is fear, not intent: the negation is captured and the match skipped.
_NEGATED = r"(?P<neg>\b(?:don'?t|do\s+not|doesn'?t|does\s+not|didn'?t|did\s+not|never|not)\s+(?:really\s+|even\s+|ever\s+)?)?"
# Each line is one way people say it; over-including real crisis phrasing is better than missing it,
# while figures of speech ("this pain is killing me", "dying to try", "to die for") stay out.
_CRISIS = at_word_starts(
    rf"""(?<!by\s)(?<!to\s)\bsuicid\w*(?!\s+(?:and\s+crisis\s+)?(?:prevention|lifeline|hotline|helpline
        |awareness|line|bereavement|survivors?|attempts?\s+in\s+my)\b)
    |\bunaliv\w*
    |\bkill(?:ing)?\s+{_MYSELF}\b
    |\bend(?:ing)?\s+(?:my\s+(?:own\s+)?life|it\s+all)\b
    |\btak(?:e|ing)\s+my\s+own\s+life\b
    |\b{_INTENT}\s+end\s+it\b(?!\s+with\b)
    |{_NEGATED}\b(?:want(?:ed)?\s+to|wanna|wish\s+i\s+(?:could|would)(?:\s+just)?|ready\s+to|hope\s+i)\s+(?:die|be\s+dead)\b
    |\b{_DONT_WANT}\s+(?:(?:live|be\s+alive|exist|wake\s+up|(?:go|carry)\s+on|keep\s+going){_END_OF_THOUGHT}
        |be\s+(?:alive|here)\s+any\s*more|be\s+alive\b|exist\b)
    |\bno\s+longer\s+want\s+to\s+(?:live|be\s+alive|be\s+here|exist)\b
    |\bwish\s+(?:i\s+)?(?:was|were|could\s+be|'?d\s+be|would\s+be)\s+dead\b
    |\bwish\s+i\s+(?:wasn'?t|weren'?t|was\s+not|were\s+not)\s+(?:alive|here|around|born)\b
    |\bwish\s+i(?:\s+had|'?d)\s+never\s+been\s+born\b
    |\bwish\s+i\s+could\s+(?:just\s+)?(?:disappear|stop\s+existing|not\s+exist|(?:never|not)\s+wake\s+up)\b
    |\bbetter\s+off\s+(?:without\s+me|dead|if\s+i\s+(?:(?:was|were)(?:n'?t|\s+not)?\s+(?:here|around|alive|gone|dead)
        |died|disappeared|never\s+existed|(?:was|were)\s+never\s+born))\b
    |\bno\s+(?:reason|point|will|desire)\s+(?:to|in|for|of)\s+(?:live|living|be\s+alive|being\s+alive|life\b
        |(?:go|going|carry|carrying)\s+on{_END_OF_THOUGHT})
    |\bnothing\s+(?:left\s+)?to\s+live\s+for\b
    |\b(?:lost|losing)\s+(?:the|my|all)\s+(?:\w+\s+)?will\s+to\s+live\b
    |\b(?:isn'?t|is\s+not|not|no\s+longer)\s+worth\s+living\b
    |\bpoint\s+(?:of|in)\s+(?:living|being\s+alive|(?:going|carrying)\s+on{_END_OF_THOUGHT}|life{_END_OF_THOUGHT})
    |\b(?:can'?t|cannot|can\s+not)\s+(?:go|carry)\s+on{_END_OF_THOUGHT}
    |\b(?:go\s+to\s+sleep|fall\s+asleep|sleep)\s+and\s+(?:never|not)\s+wake\s+up\b
    |\bself[\s-]*harm\w*
    |\b(?:cutting|harming|burning|hurting|starving|punishing)\s+{_MYSELF}\b
    |\bharm\s+{_MYSELF}\b
    |\bcut\s+{_MYSELF}\s+again\b
    |\b{_INTENT}\s+(?:cut|hurt|harm|burn|starve|punish|cutting|hurting|harming|burning)\s+{_MYSELF}\b
    |\b{_INTENT}\s+(?:take\s+an?\s+|taking\s+an?\s+)?overdos(?:e|ing)\b
    |\b(?:took|take|taking|taken)\s+an\s+overdose\b
    |\b(?:took|taken|swallowed)\s+(?:way\s+)?too\s+many\s+(?:of\s+my\s+)?(?:\w+\s+)?(?:pills|tablets|painkillers)\b
    |\b{_INTENT}\s+(?:take|swallow|taking|swallowing)\s+(?:all|every\s+one)\s+(?:of\s+)?(?:my|the|these|those)\s+
        (?:\w+\s+)?(?:pills|tablets|meds|medication|medicine|insulin|painkillers)\b
    |\b(?:take|swallow)\s+(?:all|every\s+one)\s+(?:of\s+)?(?:my|the)\s+(?:\w+\s+)?(?:pills|tablets|meds|painkillers)\s+at\s+once\b
    |\bstockpil\w*\s+(?:my\s+|the\s+)?(?:pills|tablets|meds|medication|painkillers|insulin)\b
    |\bi(?:'?m|\s+am)\s+(?:really\s+|seriously\s+)?(?:going\s+to|gonna|about\s+to|planning\s+(?:to|on)|thinking\s+(?:about|of))
        \s+{_HARM_VERB}\s+{_HARM_TARGET}\b
    |\bi(?:'?ll|\s+will|\s+(?:really\s+|just\s+|seriously\s+)?(?:want\s+to|wanna|plan\s+to|intend\s+to|need\s+to))
        \s+{_HARM_VERB}\s+{_HARM_TARGET}\b
    |\bhomicidal\b
    |\b(?:thoughts?|urges?)\s+(?:of|about|to)\s+(?:hurting|harming|killing|hurt|harm|kill)\s+(?:{_MYSELF}|{_HARM_TARGET})\b"""
)
_CRISIS_REASON = (
    "It sounds like you're going through something very hard. You're not alone: please call your "
    "local emergency number or a crisis line now, and a moderator will reach out to you."
)
_PAST_REASON = (
    "This post tells of a crisis that sounds past; a moderator will read it. If those feelings "
    "come back, please call your local emergency number or a crisis line."
)
_SOMEONE_REASON = (
    "This post may be about someone else's safety, or said in jest; a moderator will read it. "
    "If anyone is in danger now, call your local emergency number."
)
_NEVER = math.inf


def crisis_language(
    text: str,
    score: float | None = None,
    *,
    alert_at: float = _NEVER,
    with_sign_at: float = _NEVER,
) -> list[Finding]:
    """Words about suicide, self-harm or harming someone: published at once, answered urgently.

    Three kinds of evidence: the explicit phrases above; the clinical warning signs
    (moderation.rules.warning_signs), strong ones alone and weaker ones in pairs; and, when
    given, the classifier's crisis score, alone above `alert_at` or beside a weaker sign above
    `with_sign_at`. A crisis told as past, or a worry about someone else, still reaches the
    queue, at normal priority, without the emergency.
    """
    plain = each_sentence_once(text)
    spans = unnegated_spans(_CRISIS, plain)
    explicit = spans[0] if spans else None
    signs = warning_signs(plain)
    strong = [sign for sign in signs if sign in STRONG]
    weak = [sign for sign in signs if sign not in STRONG]
    scored = score if score is not None else -_NEVER
    if not (explicit or strong or len(weak) >= 2 or (weak and scored > with_sign_at)
            or scored > alert_at):
        return []
    # Every explicit match counts: "people say 'I want to die' as a joke; I'm not joking, I want
    # to die" is quoted once and meant once.
    hits = spans + [signs[sign] for sign in strong or weak]
    where = explicit or (signs[(strong or weak)[0]] if signs else None)
    shown = excerpt(plain, *where) if where else f"score {scored:.1f}"
    named = ", ".join(sign.value for sign in signs)
    if named:
        shown = f"{shown} [{named}]"
    if not signs.keys() & _NEVER_PAST and told_in_recovery(plain, hits):
        return [Finding(Kind.CRISIS, Action.FLAG, GUIDELINE_CRISIS, _PAST_REASON, shown)]
    if not_the_authors_own(plain, hits):
        return [Finding(Kind.CRISIS, Action.FLAG, GUIDELINE_CRISIS, _SOMEONE_REASON, shown)]
    return [Finding(Kind.CRISIS, Action.URGENT, GUIDELINE_CRISIS, _CRISIS_REASON, shown)]


# Signs that are about what comes next, so never a story of the past.
_NEVER_PAST = frozenset({Sign.PLAN, Sign.PREPARATION, Sign.GOODBYE})
