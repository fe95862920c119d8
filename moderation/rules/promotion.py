"""Promotion: selling, asking members to get in touch elsewhere, money-making claims and medicines
offered without a prescription; judged for every author, flagged for the trusted, held for others.

Each kind is a list of phrases, one way people say it a line, joined into one pattern. Phrases are
words with single-space gaps (\\s+) and small optional parts; no repeated group can match the same
text twice, so a failed attempt gives up within a few words and the check is linear in the post.
"""

from __future__ import annotations

import re

from moderation.rules.findings import GUIDELINE_NO_SPAM, Action, Finding, Kind
from moderation.rules.matching import compile_verbose, each_sentence_once, excerpt

# "Please don't DM me", "I would never buy anything online": a phrase right after a negation is
# skipped. The negation is looked for in the few words before a match, not as part of each
# pattern: an optional group in front would be tried at every character of every post.
_NEGATION = re.compile(
    r"\b(?:don'?t|do\s+not|never|no\s+need\s+to|won'?t|wouldn'?t)\s+(?:\w+\s+)?\Z", re.IGNORECASE
)
_NEGATION_REACH = 30
_AMOUNT = r"(?:[£$€]\s?\d[\d,.]*\s?k?|\d[\d,.]*\s?k?\s?(?:pounds|dollars|euros|usd|gbp|quid))"
_PERIOD = r"(?:a|per|every|each|/)\s*(?:day|week|month|hour|hr|wk|night)"
_APPS = (
    r"(?:whats\s?app|telegram|signal|snap\s?chat|insta(?:gram)?|ig|facebook|fb|messenger|kik|"
    r"we\s?chat|viber|tik\s?tok|discord|skype|twitter)"
)
# Apps whose name is no everyday word, for "my whatsapp number" (where "my signal is" is not).
_HANDLE_APPS = r"(?:whats\s?app|telegram|snap\s?chat|insta(?:gram)?|ig|kik|we\s?chat|viber|tik\s?tok|discord|skype)"
# "You can buy ibuprofen without a prescription" is true; buying online or being sold to is not.
_SELLING_VERB = r"(?:sell|selling|sells|supply|supplying|ship|shipping|deliver|delivered|delivery)"
_CONTROLLED = (
    r"(?:xanax|valium|diazepam|alprazolam|clonazepam|oxycodone|oxycontin|percocet|vicodin|"
    r"hydrocodone|tramadol|tapentadol|fentanyl|codeine|adderall|ritalin|modafinil|ketamine|"
    r"zopiclone|pregabalin|gabapentin|viagra|cialis|ozempic|wegovy|mounjaro|semaglutide|tirzepatide)"
)

_KINDS = {
    "selling": compile_verbose(
        r"""(?:
        \b(?:buy|order|shop|purchase)\s+(?:yours\s+|it\s+|them\s+)?(?:now|today|online\s+now|here)\b
        |\b(?:discount|promo|coupon|voucher|referral|affiliate)\s+(?:codes?|links?)\b
        |\buse\s+(?:my\s+)?code\b
        |\b\d{1,2}\s?%\s+(?:off|discount)\b
        |\b(?:free\s+shipping|money[\s-]back\s+guarantee|limited[\s-]time\s+offer
            |wholesale\s+prices?|while\s+stocks?\s+last|order\s+yours
            |discreet\s+(?:shipping|delivery|packaging))\b
        |\bclick\s+(?:here|the\s+link|on\s+the\s+link|below)\b
        |\b(?:visit|check\s+out|go\s+to)\s+(?:my|our)\s+(?:\w+\s+)?(?:shop|store|website|web\s+site
            |site|page|channel|business|etsy|ebay|amazon)\b
        |\b(?:we|i)\s+(?:ship|deliver)\s+(?:worldwide|internationally|discreetly|to\s+all)\b
        )"""
    ),
    "contact": compile_verbose(
        rf"""(?:
        (?<!\d\s)(?<!\d)\b(?:dm|pm|inbox|message|msg|whats\s?app|telegram)\s+me\b
        |\b(?:drop|send)\s+me\s+an?\s+(?:message|private\s+message|line|dm|pm|text)\b
        |\bhit\s+me\s+up\b
        |\b(?:contact|reach|find|add|follow|text|message|chat\s+with)\s+(?:me|us)\s+(?:on|at|via|through|over)\s+{_APPS}\b
        |\b(?:contact|reach)\s+(?:me|us)\s+(?:privately|directly|off[\s-]?(?:site|forum|here))\b
        |\bget\s+in\s+touch\s+(?:with\s+(?:me|us)\s+)?(?:on|via|through)\s+{_APPS}\b
        |\b(?:my|our)\s+{_HANDLE_APPS}\s+(?:number|handle|id|username)\b
        |\b(?:my|our)\s+{_APPS}\s*(?:is\s+|:\s*)@\w
        |\b(?:on|via)\s+{_APPS}\s*[:\-]?\s*(?:[+\d(]|@\w)
        )"""
    ),
    "money": compile_verbose(
        rf"""(?:
        \b(?:earn|make|making|earning)\s+(?:up\s+to|over|an?\s+extra|extra|easily|at\s+least|as\s+much\s+as)\s+{_AMOUNT}
        |\b(?:earn|make)\s+{_AMOUNT}\s*\+?\s*{_PERIOD}\b(?:\s+(?:from\s+home|online|working|part[\s-]?time
            |with|by|doing|just|easily|from\s+your))
        |\b(?:earn|make|making|earning)\s+(?:money|cash|income)\s+(?:online|from\s+home|fast|quickly
            |easily|while\s+you\s+sleep|from\s+your\s+(?:phone|laptop|sofa|couch|bed))\b
        |\b(?:passive\s+income|financial\s+freedom|be\s+your\s+own\s+boss|get\s+rich\s+quick)\b
        |\bwork(?:ing)?[\s-]+(?:from|at)[\s-]+home\s+(?:opportunit\w*|jobs?\s+(?:available|offer\w*)|and\s+earn)\b
        |\b(?:business|investment|income|money[\s-]making)\s+opportunit\w*
        |\bguaranteed\s+(?:income|returns?|profits?|earnings)\b
        |\b(?:crypto|bitcoin|btc|forex|binary\s+options?)\s+(?:trad\w*|invest\w*|giveaways?|signals?|mining|expert|profits?)\b
        |\bno\s+experience\s+(?:needed|required|necessary)\b
        |\bjoin\s+my\s+team\b
        )"""
    ),
    "prescription": compile_verbose(
        rf"""(?:
        \bno\s+(?:prescription|script|rx)\s+(?:needed|required|necessary)\b
        |\b(?:prescription|rx)[\s-]free\b
        |\b(?:buy|order|purchase|get)\s+(?:\w+\s+){{0,3}}?online\s+(?:without|with\s+no)\s+(?:a\s+|any\s+)?(?:prescription|script|rx)\b
        |\b{_SELLING_VERB}\s+(?:\w+\s+){{0,3}}?(?:without|with\s+no)\s+(?:a\s+|any\s+)?(?:prescription|script|rx)\b
        |\b(?:buy|order|selling|sell)\s+(?:cheap\s+|genuine\s+|real\s+)?{_CONTROLLED}\s+(?:online|here|now|from\s+us|cheap|without)\b
        |\bcheap\s+{_CONTROLLED}\b
        |\b{_CONTROLLED}\s+for\s+sale\b
        )"""
    ),
}
_REASONS = {
    "selling": "Your post seems to advertise something for sale",
    "contact": "Your post seems to ask members to get in touch outside the forum",
    "money": "Your post seems to promise money or work from home",
    "prescription": "Your post seems to offer medicines without a prescription",
}


def promotion(text: str, *, trusted: bool) -> list[Finding]:
    """One finding per kind of promotion: a trusted author's post is published and flagged for a
    moderator to look at, anyone else's held until one has."""
    # Each sentence once: a hostile post repeating one line 10,000 times is read as one.
    plain = each_sentence_once(text)
    action = Action.FLAG if trusted else Action.HOLD
    outcome = "a moderator will take a look" if trusted else "a moderator will check it first"
    findings = []
    for kind, pattern in _KINDS.items():
        span = _first_unnegated(pattern, plain)
        if span is not None:
            reason = f"{_REASONS[kind]}, so {outcome}."
            findings.append(
                Finding(Kind.PROMOTION, action, GUIDELINE_NO_SPAM, reason, excerpt(plain, *span))
            )
    return findings


def _first_unnegated(pattern: re.Pattern[str], plain: str) -> tuple[int, int] | None:
    for match in pattern.finditer(plain):
        before = plain[max(0, match.start() - _NEGATION_REACH) : match.start()]
        if _NEGATION.search(before) is None:
            return match.span()
    return None
