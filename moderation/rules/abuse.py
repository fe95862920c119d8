"""Unkindness aimed at someone: threats, wishing harm, insults, and minimising their illness; no Flask.

Watched words catch words; these catch the shape of an attack on a person. What makes words
abuse here is that they are aimed: "you", "your", "people like you", a member's @name. "This
flare is a bastard" is not, and neither is anger at an illness, a benefits system or oneself.

- Threats, doxxing and wishing someone harm or death are held for a moderator first.
- Insults and minimising someone's illness ("it's all in your head", "stop faking") are
  published and queued for a look: people also say harsh things kindly meant, and a moderator
  judges better than a pattern.

Each family is one pattern of bounded phrases (word gaps are at most a few words of at most 30
letters), so the check stays linear in the post, whatever is pasted.
"""

from __future__ import annotations

import re

from moderation.rules.findings import GUIDELINE_KIND, Action, Finding, Kind
from moderation.rules.matching import at_word_starts, each_sentence_once, excerpt

_YOU = r"(?:you|u|ya|yer|your|ur|you'?re|youre|u\s+r|@\w{1,30}|(?<=@)\w{1,30})"
_FEW_WORDS = r"(?:[\w'*-]{1,30}\s+){0,4}"
# Up to three words, none of them a "not": "you are not a fraud" is kindness.
# Nor a verb or a joining word: "when you're diabetic is a ..." is about something else.
_UNNEGATED = (
    r"(?:(?!(?:not|never|no|n't|is|was|are|were|and|but|when|if|in|for|of|to|with|at)\b)"
    r"[\w'*-]{1,30}\s+){0,3}"
)
_INSULTS = (
    r"(?:idiot|moron|imbecile|cretin|loser|pathetic|disgusting|vile|freak|parasite|scrounger|leech"
    r"|liar|fraud|fake|faker|attention[\s-]*seek\w*|drama\s+queen|hypochondriac|vulture|cow|bitch"
    r"|prick|twat|dick|arse(?:hole)?|ass(?:hole|hat|wipe)?|c[u*]nt|wh[o*]re|sl[u*]t|r[e*]t[a*]rd(?:ed|s)?|spastic|spaz|mong"
    r"|cripple|lardass|fatty|pig|waste\s+of\s+(?:space|oxygen|skin|air)|nutter|psycho|scum"
    r"|trash|garbage|piece\s+of\s+(?:shit|sh\*t|work)|junkie|druggie|lazy\s+\w{1,20}|useless\s+\w{1,20}"
    r"|sad\s+old\s+\w{1,20}|thick(?!\s+of)|stupid|dumb\w*|clown|numpty|muppet|plonker|tosser|wanker|bellend"
    r"|lazy|useless|worthless|ignorant|gullible|miserable|cringe|smug|tubby|lump|layabouts?|grass"
    r"|losers|idiots|morons|f[u*]+c?k|f\*+k|sc[u*]m\w*|b[i*]tch)"
)

# Each family's name says what it is for; the finding carries its reason.
_FAMILIES: dict[str, tuple[Action, re.Pattern[str], str]] = {
    "threat": (
        Action.HOLD,
        at_word_starts(
            rf"""\bi\s+know\s+where\s+{_YOU}\s+(?:live|work|are)\b
            |\b(?:i'?ll|i\s+will|i'?m\s+(?:going\s+to|gonna)|we'?ll|we\s+will)\s+(?:find|come\s+for|get|hurt
                |batter|smash|sort|deal\s+with|track\s+down|report)\s+{_YOU}\b(?!\s+(?:a|some|the|help|an))
            |\bwatch\s+your\s+back\b
            |\b(?:post|share|put|publish)\s+(?:{_YOU}\s+|her\s+|his\s+)?(?:address|home\s+address|phone\s+number
                |real\s+name|details)\s+(?:on\s+here|online|everywhere|for\s+everyone)
            |\beveryone\s+(?:will|is\s+going\s+to)\s+know\s+where\s+{_YOU}\s+live
            |\b(?:knock|kick|smash|punch)\s+your\s+(?:teeth|head|face)\s+in\b|\bknock\s+your\s+teeth\s+out\b
            |\bgive\s+(?:you|him|her)\s+(?:a\s+)?(?:proper\s+|good\s+)?(?:beating|kicking|hiding|slap)\b
            |\bpay\s+(?:you|him|her|them)\s+a\s+visit\b
            |\b(?:sending|send|forward\w*|show\w*)\s+(?:it\s+)?(?:all\s+)?(?:of\s+it\s+)?to\s+your\s+(?:boss|employer|ex
                |work|husband|wife|family|mum|kids'?\s+school)\b
            |\bmake\s+sure\s+your\s+(?:boss|employer|family|work)\s+(?:knows|finds\s+out|sees)
            |\b(?:her|his|their)\s+real\s+name(?:'?s|\s+is)\b
            |\buntil\s+you\s+leave\b"""
        ),
        "This post seems to threaten someone, so a moderator will read it first.",
    ),
    "wishing harm": (
        Action.HOLD,
        at_word_starts(
            rf"""\b(?:i\s+)?(?:hope|hoping|wish|pray)\s+(?:that\s+)?{_YOU}\s+{_FEW_WORDS}(?:die|dies|dying|rot|rots
                |suffer|suffers|choke|chokes|drop\s+dead|finishes\s+(?:you|the\s+job)|kills?\s+(?:you|ya)
                |gets?\s+(?:you|worse|cancer)|spreads)\b
            |\b(?:i\s+)?hope\s+(?:the|that|this)\s+\w{1,20}\s+(?:gets|kills|finishes)\s+(?:you|ya|u)\b
            |(?<!to\s)(?<!\bi\s)\b(?:go\s+and\s+|just\s+)?(?:die|rot)\s+(?:quietly|slowly|already|in\s+a\s+(?:ditch|hole|fire))\b
            |\b(?:go|just|should)\s+(?:die|drop\s+dead|do\s+us\s+all\s+a\s+favou?r)\b
            |\b(?:kill|hang|top|off)\s+(?:your\s*self|yourselves|urself)\b
            |\bkys\b
            |\b(?:nobody|no\s+one|noone)\s+(?:would|will)\s+miss\s+{_YOU}\b
            |\b{_YOU}\s+(?:won'?t|will\s+not|wouldn'?t)\s+be\s+missed\b
            |\b(?:world|everyone|this\s+group|we)\s+(?:would|'?d)\s+be\s+better\s+off\s+without\s+{_YOU}\b
            |\bdoing\s+(?:everyone|us\s+all)\s+a\s+favou?r\s+if\s+{_YOU}\s+
            |\b(?:hope|hoping|wish)\s+(?:that\s+)?your\s+(?:[\w'-]{{1,30}}\s+){{0,4}}(?:fails|breaks|gives\s+out|stops
                |packs\s+in|spreads|kills\s+you|gets\s+you|finishes\s+you)\b
            |\blet\s+(?:him|her|them)\s+(?:rot|die)\b
            |\bcrawl\s+(?:into|under)\s+a\s+(?:hole|rock)\s+and\s+die\b
            |\byou\s+deserve\s+(?:every\s+bit\s+of\s+)?(?:the|your|all\s+the)\s+(?:pain|suffering|cancer|illness)
            |\bkarma\s+for\s+being\b|\bwould\s+serve\s+(?:you|her|him)\s+right\b"""
        ),
        "This post seems to wish someone harm, so a moderator will read it first.",
    ),
    "insult": (
        Action.FLAG,
        at_word_starts(
            rf"""\b(?:you|u|ya|(?<=@)\w{{1,30}})\s+(?:(?:are|r|is)\s+)?{_UNNEGATED}{_INSULTS}\b
            |\b(?:you'?re|youre|ur|u\s+r)\s+{_UNNEGATED}{_INSULTS}\b
            |\bwhat\s+an?\s+{_UNNEGATED}{_INSULTS}\s+(?:you|u)\s+are\b
            |(?<!')\b(?:sp[a*]z\w*|sp[a*]stic\w*|r[e3*]t[a*]rd(?:ed|s)?(?!'|\s+(?:tablets?|capsules?|tabs|formulation))
                |f[a*]gg?[o*]t\w*|n[i*]gg\w*|cripples?|nut\s?jobs?
                |schizos?|mongs?|tranny|trannies|psychos)\b
            |\b(?:people|you\s+lot|you\s+people|freaks|nutjobs)\s+(?:[\w'-]{{1,30}}\s+){{0,5}}should\s+(?:all\s+)?be\s+
                (?:locked\s+up|rounded\s+up|put\s+down|shot|banned|sterili[sz]ed)\b
            |(?:(?<![^.!?\n])|(?<=[.!?\n]\s))(?:shut\s+up|get\s+lost|piss\s+off|sod\s+off|f[u*]+ck\s+off|f\*+\s+off)\b
            |\b(?:shut\s+(?:up|your\s+(?:mouth|face|gob))|piss\s+off|sod\s+off|f[u*]+ck\s+off)\s+(?:you|u|ya|@)
            |\b(?:nobody|no\s+one|noone)\s+(?:cares\s+about\s+(?:you|your)|wants\s+you|likes\s+you
                |asked\s+you)\b
            |\blike\s+anyone\s+cares\b
            |\b(?:people|folk|freaks|losers)\s+like\s+(?:you|u)\s+(?:are|should|make|shouldn'?t|don'?t\s+deserve)
            |\bdon'?t\s+you\s+dare\s+(?:give|tell|post|come)"""
        ),
        "This post may be unkind to another member, so a moderator will have a look.",
    ),
    "minimising": (
        Action.FLAG,
        at_word_starts(
            rf"""\b(?:it'?s|its|it\s+is)\s+(?:all\s+)?in\s+your\s+(?:head|mind)\b
            |\b{_YOU}\s+(?:(?:are|'re|r)\s+)?(?:just\s+|clearly\s+|obviously\s+)?(?:faking|making\s+it\s+up
                |putting\s+it\s+on|exaggerating|attention\s+seeking|after\s+attention|after\s+sympathy)\b
            |\bstop\s+(?:faking|whining|moaning|pretending|playing\s+the\s+victim|making\s+excuses)\b
            |\b(?:get\s+over\s+it|man\s+up|toughen\s+up|grow\s+up|pull\s+yourself\s+together)\s*(?:[.!,]|$)
            |\b(?:there'?s|there\s+is)\s+nothing\s+(?:wrong|actually\s+wrong)\s+with\s+{_YOU}\b
            |\b{_YOU}\s+(?:just\s+)?(?:need|want)\s+to\s+(?:try\s+harder|stop\s+being\s+lazy|get\s+off\s+your)
            |\b(?:fibro\w*|me|cfs|depression|anxiety|long\s+covid|it|pots|mental\s+illness|your\s+\w{{1,20}})\s+
                (?:isn'?t|is\s+not|aren'?t|ain'?t)\s+(?:even\s+)?(?:a\s+)?real\b
            |\bis\s+(?:just|only|nothing\s+but)\s+(?:attention[\s-]*seeking|weakness|a\s+trend|laziness|an\s+excuse
                |made\s+up|a\s+fancy\s+label)
            |\bmade\s+up\s+by\s+(?:lazy|idle|people)|\bstop\s+milking\s+it\b|\bcry\s+more\b|\bboo\s+hoo\b
            |\bget\s+off\s+(?:your|yer|ur)\s+(?:backside|arse|ass|bum|butt)\b
            |\b(?:another|your|nobody\s+believes\s+your)\s+sob\s+stor(?:y|ies)\b"""
        ),
        "This post may belittle someone's illness, so a moderator will have a look.",
    ),
}
# "I'd never call you an idiot", "not saying you're faking": a negation just before is skipped.
# "A boss who thinks you're just lazy" is reported, not said: so are words after "thinks", "said".
_NEGATION = re.compile(
    r"\b(?:don'?t|do\s+not|never|not|wouldn'?t|isn'?t|no\s+one\s+is\s+saying|nobody'?s\s+saying"
    r"|thinks?|thought|says?|said|assumes?|calls?|called|told\s+me|tell\s+me|treat\w*\s+(?:me|us)\s+like)\s+"
    r"(?:that\s+)?(?:[\w']{1,30}\s+){0,2}\Z",
    re.IGNORECASE,
)
_NEGATION_REACH = 40


def abuse(text: str) -> list[Finding]:
    """One finding for each family of unkindness aimed at someone that the text shows."""
    plain = each_sentence_once(text)
    found = []
    for action, pattern, reason in _FAMILIES.values():
        for match in pattern.finditer(plain):
            if _NEGATION.search(plain[max(0, match.start() - _NEGATION_REACH) : match.start()]):
                continue
            found.append(
                Finding(Kind.ABUSE, action, GUIDELINE_KIND, reason, excerpt(plain, *match.span()))
            )
            break
    return found
