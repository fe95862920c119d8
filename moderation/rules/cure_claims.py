"""Claims that something cures a condition, or that a cure is being hidden."""

from __future__ import annotations

from moderation.rules.matching import any_of, compile_verbose, first_unnegated, sentences

_CURE_CONDITION = any_of(
    r"(?:type\s*[12]|t[12]d?)(?:\s+diabetes)?",
    r"diabet\w*",
    r"cancers?",
    r"tumou?rs?",
    r"arthritis",
    r"gout",
    r"lupus",
    r"ms",
    r"multiple\s+sclerosis",
    r"fibro(?:myalgia)?",
    r"me(?:/cfs)?",
    r"cfs",
    r"chronic\s+fatigue",
    r"long\s+covid",
    r"crohn'?s",
    r"colitis",
    r"ibs",
    r"heart\s+(?:disease|failure)",
    r"hypertension",
    r"high\s+blood\s+pressure",
    r"cholesterol",
    r"depression",
    r"anxiety",
    r"asthma",
    r"copd",
    r"parkinson'?s",
    r"alzheimer'?s",
    r"dementia",
    r"epilepsy",
    r"psoriasis",
    r"eczema",
    r"endometriosis",
    r"pcos",
    r"hashimoto'?s",
    r"thyroid",
    r"kidney\s+disease",
    r"autism",
    r"(?:all|any|every)\s+(?:diseases?|illness(?:es)?|conditions?)",
    r"everything",
)
# "Nothing cures diabetes", "it won't cure your arthritis", and medicine that really does cure
# ("surgery cured my cancer"): captured as "neg", then skipped.
_CURE_NEGATION = r"""(?P<neg>\b(?:no|nothing|not|never|doesn'?t|does\s+not|don'?t|do\s+not|won'?t
    |will\s+not|can'?t|cannot|isn'?t|nobody|no\s+one|surgery|operations?|op|chemo\w*|radio\w*
    |radiation|transplants?|treatments?|immunotherapy|\w+ectomy|surgeons?|doctors?|antibiotics)
    \s+(?:\w+\s+)?)?"""
_CURE_VERB = compile_verbose(
    rf"""{_CURE_NEGATION}
        \b(?:cur(?:e|es|ed|ing)|revers(?:e|es|ed|ing)|heal(?:s|ed|ing)?|eliminat(?:e|es|ed|ing)
            |eradicat(?:e|es|ed|ing))
        \s+(?:your\s+|my\s+|his\s+|her\s+|their\s+|the\s+|all\s+)?{_CURE_CONDITION}\b"""
)
# Claims that are never ordinary talk about cures, question or not.
_CURE_TALK = compile_verbose(
    r"""\bmiracle\s+(?:cures?|treatments?|remed(?:y|ies)|supplements?|pills?|drugs?|herbs?|diets?)\b
        |\bcure[\s-]alls?\b
        |\b(?:natural|secret|hidden|suppressed|banned|real|simple|herbal|permanent|guaranteed)\s+cures?\b
        |\b(?:doctors?|docs|they|big\s+pharma|pharma|drug\s+companies|pharmaceutical\s+(?:companies|industry)
            |the\s+(?:government|nhs|fda|industry|establishment))
            \s+(?:don'?t|do\s+not|doesn'?t|does\s+not|won'?t|will\s+not|never)\s+(?:want\s+(?:you|us|people|anyone|patients)\s+to\s+know|tell\s+you)
        |\b(?:doctors?|big\s+pharma|pharma)\s+hates?\s+(?:this|him|her|it)\b
        |\b(?:big\s+pharma|pharma|pharmaceutical\s+(?:companies|industry)|drug\s+companies|doctors|they)
            \s+(?:is\s+|are\s+|'re\s+|has\s+been\s+|have\s+been\s+)?
            (?:hiding|suppressing|burying|covering\s+up|hid|hide|hides|suppress(?:es|ed)?|buried|bury)
            \s+(?:the\s+|a\s+|this\s+)?cures?\b"""
)


def first_cure_claim(plain: str) -> tuple[int, int] | None:
    """The span of the first claim that something cures a condition, or that a cure is hidden."""
    for sentence_match in sentences(plain):
        sentence = sentence_match.group()
        # "Does anything cure gout?" asks; "turmeric cures gout" claims.
        asking = sentence.rstrip().endswith("?")
        span = None if asking else first_unnegated(_CURE_VERB, sentence)
        match = _CURE_TALK.search(sentence)
        if match and (span is None or match.start() < span[0]):
            span = match.span()
        if span:
            return sentence_match.start() + span[0], sentence_match.start() + span[1]
    return None
