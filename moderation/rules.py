"""The board guidelines as checks on a post's Markdown source, run before it is published; no Flask.

Every pattern here runs on whatever a member pastes (posts can be 20,000 characters), so none has a
quantifier inside a repeated group that could match the same text in two ways, and every check is
close to linear in the length of the post.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache


class Action(StrEnum):
    BLOCK = "block"  # refused, with the reason; the member keeps their text
    HOLD = "hold"  # saved but waits for a moderator before others see it
    FLAG = "flag"  # published, and queued for a moderator to look at
    MASK = "mask"  # published with the matched words shown as ***
    URGENT = "urgent"  # crisis language: published, author shown crisis resources, top of the queue


class Kind(StrEnum):
    WATCHED_WORD = "watched_word"
    MEDICAL = "medical"
    PERSONAL_DATA = "personal_data"
    LINKS = "links"
    CRISIS = "crisis"


# The bold lead of each written guideline (forum.seeding.COMMON_GUIDELINES), so a finding can name it.
GUIDELINE_KIND = "Be kind."
GUIDELINE_EXPERIENCE = "Share experience, not prescriptions."
GUIDELINE_NO_CURES = "No miracle cures."
GUIDELINE_PRIVACY = "Protect privacy."
GUIDELINE_CRISIS = "If you are in crisis, get help now."
GUIDELINE_NO_SPAM = "No spam or advertising."


@dataclass(frozen=True)
class Finding:
    """One guideline a post appears to break, and what happens to the post because of it."""

    kind: Kind
    action: Action
    guideline: str  # which written guideline it enforces
    reason: str  # one plain, kind sentence shown to the author and moderators
    excerpt: str = ""  # the matched text (for moderators)


@dataclass(frozen=True)
class WatchedWord:
    """A word or phrase a board's moderators have asked members not to use."""

    pattern: str  # a word or phrase; '*' is letters within a word ("scam*" matches "scammer")
    action: Action  # BLOCK, HOLD, FLAG or MASK
    guideline: str = GUIDELINE_KIND


# --- shared helpers -------------------------------------------------------------------------------

# Typographic apostrophes become ASCII ones, one character for one, so match offsets stay valid in
# the member's own text and "I’m" is read like "I'm".
_APOSTROPHES = str.maketrans(dict.fromkeys("\u2018\u2019\u02bc\u2032\u00b4`", "'"))
# Long enough for a moderator to judge a match in context; a wildcard can match a 20,000-letter word.
MAX_EXCERPT = 200


def _plain(text: str) -> str:
    return text.translate(_APOSTROPHES)


def _excerpt(text: str, start: int, end: int) -> str:
    snippet = text[start:end]
    return snippet if len(snippet) <= MAX_EXCERPT else snippet[: MAX_EXCERPT - 1] + "\u2026"


def _words(*alternatives: str) -> str:
    """A non-capturing alternation of regex fragments (each already written as regex)."""
    return "(?:" + "|".join(alternatives) + ")"


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE | re.VERBOSE)


# --- watched words --------------------------------------------------------------------------------

_WILDCARDS = re.compile(r"\*+")


@lru_cache(maxsize=1024)
def compile_watched(pattern: str) -> re.Pattern[str]:
    """A watched word or phrase as a whole-word, case-insensitive regex with '*' for letters."""
    words = pattern.split()
    if not words:
        raise ValueError("A watched word cannot be empty.")
    if not any(_WILDCARDS.sub("", word) for word in words):
        raise ValueError("A watched word needs at least one letter besides '*'.")
    body = r"\s+".join(_watched_word(word) for word in words)
    # Lookarounds rather than \b, so a pattern that starts or ends with punctuation still works.
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def _watched_word(word: str) -> str:
    """One word of a watched pattern; '*' matches any letters within that word."""
    if not _WILDCARDS.sub("", word):
        return r"\w+"  # a lone '*' in a phrase stands for any one word
    first, *rest = (_watched_literal(part) for part in _WILDCARDS.split(word))
    if not rest:
        return first
    *middle, last = rest
    # Each middle piece is taken at its first occurrence and never retried (an atomic group): that
    # is always a correct way to match a wildcard pattern, and it keeps "*a*b*c*" linear in the
    # word where plain \w* pieces would try every split of a long word.
    return first + "".join(rf"(?>\w*?{piece})" for piece in middle) + rf"\w*{last}"


def _watched_literal(text: str) -> str:
    return re.escape(_plain(text)).replace("'", "['\u2019]")


def watched_words(text: str, words: Iterable[WatchedWord]) -> list[Finding]:
    """One finding for each watched word or phrase the text uses."""
    findings = []
    for word in words:
        match = compile_watched(word.pattern).search(text)
        if match:
            findings.append(
                Finding(
                    Kind.WATCHED_WORD,
                    word.action,
                    word.guideline,
                    _WATCHED_REASONS[word.action],
                    _excerpt(text, match.start(), match.end()),
                )
            )
    return findings


_WATCHED_REASONS = {
    Action.BLOCK: "Your post uses words this community has asked members not to use, so please reword it before posting.",
    Action.HOLD: "Your post uses words this community has asked members not to use, so a moderator will check it first.",
    Action.FLAG: "Your post uses words this community has asked members not to use, so a moderator will take a look.",
    Action.MASK: "Your post uses words this community has asked members not to use, so they are shown as ***.",
}


def mask_watched(text: str, words: Iterable[WatchedWord]) -> str:
    """The text with every match of a MASK entry replaced by '***'."""
    spans = sorted(
        match.span()
        for word in words
        if word.action == Action.MASK
        for match in compile_watched(word.pattern).finditer(text)
    )
    # Spans are gathered from the original text and merged, so one entry's *** never meets another's
    # pattern and overlapping entries produce a single ***.
    pieces, position = [], 0
    for start, end in spans:
        if end <= position:
            continue
        if start >= position:
            pieces.append(text[position:start])
            pieces.append("***")
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


# --- sentences ------------------------------------------------------------------------------------

# A sentence ends at . ! or ? followed by a space or the end, or at a line break; "2.5mg" stays whole.
# The two alternatives cannot match the same character, so the repetition never backtracks.
_SENTENCE = re.compile(r"(?:[^.!?\n]|[.!?](?=[^\s.!?]))+[.!?]*")
# Where a clause starts within a sentence: advice is usually the first thing in its clause.
_CLAUSE_BREAK = re.compile(r"[,;:()\u2013\u2014\"]|\s-\s")
# Only the end of a clause before a match matters; longer prefixes are cut to this many characters.
_LOOKBACK = 120


def _sentences(text: str) -> Iterator[re.Match[str]]:
    return _SENTENCE.finditer(text)


def _clause_before(sentence: str, position: int) -> str:
    before = sentence[max(0, position - _LOOKBACK) : position]
    return _CLAUSE_BREAK.split(before)[-1].strip().lower()


# --- medical safety -------------------------------------------------------------------------------

_MEDICINE = _words(
    r"meds?",
    r"medications?",
    r"medicines?",
    r"tablets?",
    r"pills?",
    r"capsules?",
    r"insulin",
    r"statins?",
    r"anti-?depressants?",
    r"anti-?psychotics?",
    r"chemo(?:therapy)?",
    r"radio(?:therapy)?",
    r"radiation",
    r"treatments?",
    r"prescriptions?",
    r"injections?",
    r"jabs?",
    r"inhalers?",
    r"puffers?",
    r"steroids?",
    r"doses?",
    r"dosages?",
    r"drugs",
    r"blood\s+thinners?",
    r"pain\s*killers?",
    r"antibiotics?",
    r"beta[\s-]?blockers?",
    r"immuno-?suppressants?",
    r"biologics?",
    r"dmards?",
    r"ssris?",
    r"snris?",
    r"opioids?",
    r"opiates?",
    r"infusions?",
    r"thyroxine",
    r"levothyroxine",
    r"metformin",
    r"gliclazide",
    r"ozempic",
    r"mounjaro",
    r"lantus",
    r"novorapid",
    r"humalog",
    r"levemir",
    r"tresiba",
    r"sertraline",
    r"citalopram",
    r"escitalopram",
    r"fluoxetine",
    r"prozac",
    r"venlafaxine",
    r"mirtazapine",
    r"amitriptyline",
    r"gabapentin",
    r"pregabalin",
    r"lithium",
    r"quetiapine",
    r"olanzapine",
    r"diazepam",
    r"warfarin",
    r"aspirin",
    r"clopidogrel",
    r"amlodipine",
    r"furosemide",
    r"prednisolone",
    r"prednisone",
    r"methotrexate",
    r"hydroxychloroquine",
    r"sulfasalazine",
    r"humira",
    r"tamoxifen",
    r"letrozole",
    r"anastrozole",
    r"morphine",
    r"tramadol",
    r"codeine",
    r"oxycodone",
    r"ibuprofen",
    r"naproxen",
    r"paracetamol",
    r"acetaminophen",
    r"allopurinol",
    r"salbutamol",
    r"ventolin",
    r"omeprazole",
    r"epipen",
    # Generic-name endings cover most of what is not listed: atorvastatin, ramipril, losartan,
    # bisoprolol, lansoprazole, adalimumab, apixaban, dapagliflozin, semaglutide...
    r"[a-z]{2,}(?:statin|pril|sartan|olol|prazole|xetine|triptyline|gliptin|gliflozin|glutide"
    r"|xaban|parin|cillin|mycin|mab|nib|olone)s?",
)
# "your blood pressure meds", "the 20mg dose": a determiner may bring up to two describing words.
_DETERMINER = (
    r"(?:all\s+(?:of\s+)?)?(?:your|ur|yr|yer|the|those|these|that|this|them|a|an|any|some)"
)
# "Change your injection site" and "bin your insulin pen needles" are about the kit, not the medicine.
_NOT_THE_MEDICINE = (
    r"(?!\s+(?:sites?|pens?|needles?|boxe?s?|organi[sz]ers?|cases?|pumps?|cartridges?|timings?"
    r"|reminders?|alarms?|diary|log|apps?|cards?|lists?|bags?|pouch|packets?|wrappers?|bottles?))"
)
_OBJECT = rf"(?:{_DETERMINER}\s+(?:[\w'-]+\s+){{0,2}}?|all\s+)?{_MEDICINE}\b{_NOT_THE_MEDICINE}"

# Changing medication, as a verb the adviser tells someone to do: base form and -ing form.
_CHANGE_VERBS = {
    r"stop": r"stopping",
    r"quit": r"quitting",
    r"skip": r"skipping",
    r"ditch": r"ditching",
    r"drop": r"dropping",
    r"bin": r"binning",
    r"dump": r"dumping",
    r"chuck": r"chucking",
    r"flush": r"flushing",
    r"toss": r"tossing",
    r"avoid": r"avoiding",
    r"refuse": r"refusing",
    r"reduce": r"reducing",
    r"lower": r"lowering",
    r"decrease": r"decreasing",
    r"increase": r"increasing",
    r"raise": r"raising",
    r"double": r"doubling",
    r"triple": r"tripling",
    r"halve": r"halving",
    r"change": r"changing",
    r"switch": r"switching",
    r"swap": r"swapping",
    r"adjust": r"adjusting",
    r"alter": r"altering",
    r"taper": r"tapering",
    r"start": r"starting",
    r"replace": r"replacing",
    r"cut": r"cutting",
    r"cut\s+(?:out|down(?:\s+on)?|back(?:\s+on)?)": r"cutting\s+(?:out|down(?:\s+on)?|back(?:\s+on)?)",
    r"up": r"upping",
    r"(?:bump|ramp)\s+up": r"(?:bumping|ramping)\s+up",
    r"give\s+up": r"giving\s+up",
    r"come\s+off": r"coming\s+off",
    r"get\s+off": r"getting\s+off",
    r"go\s+off": r"going\s+off",
    r"wean\s+(?:yourself\s+)?off": r"weaning\s+(?:yourself\s+)?off",
    r"throw\s+(?:away|out)": r"throwing\s+(?:away|out)",
    r"get\s+rid\s+of": r"getting\s+rid\s+of",
    r"forget\s+about": r"forgetting\s+about",
}
_AFTER_VERB = r"(?:\s+(?:taking|using|on|with))?\s+"
_CHANGE_BASE = _compile(rf"\b{_words(*_CHANGE_VERBS)}{_AFTER_VERB}{_OBJECT}")
_CHANGE_GERUND = _compile(rf"\b{_words(*_CHANGE_VERBS.values())}{_AFTER_VERB}{_OBJECT}")
# "Don't take your statins", "never bother with chemo": telling someone not to take it at all.
_REFUSE = _compile(
    rf"\b(?:don'?t|do\s+not|never)\s+(?:take|use|start|touch|fill|trust|inject|bother\s+(?:with|taking))\s+{_OBJECT}"
)
# "Take 2000mg", "try taking 4 tablets": a dose, told to someone.
_DOSE = _compile(
    r"""\b(?:take|taking|try|trying|use|using|start\s+(?:on|taking|with)|go\s+(?:up|down)\s+to
        |(?:up|increase|raise|lower|reduce|drop)\s+(?:it|your\s+dose)\s+to)
        \s+(?:about\s+|around\s+|at\s+least\s+|up\s+to\s+)?\d[\d,.]*\s*
        (?:mg|mcg|\u00b5g|ug|g|grams?|iu|ml|units?|tablets?|pills?|capsules?|drops?)\b"""
)
# Advice that needs no imperative: "you don't need insulin", "instead of your meds".
_ADVICE_ANYWHERE = _compile(
    rf"""\byou\s+(?:really\s+|honestly\s+)?(?:don'?t|do\s+not|won'?t|will\s+not|never)\s+(?:really\s+)?
            (?:need(?:\s+to\s+(?:take|use))?|have\s+to\s+(?:take|use))\s+{_OBJECT}
        |\b(?:nobody|no\s+one|no-one)\s+(?:really\s+)?needs?\s+{_OBJECT}
        |\b(?:instead\s+of|rather\s+than|in\s+place\s+of)\s+(?:taking\s+|using\s+)?(?:your|ur|yr)\s+
            (?:[\w'-]+\s+){{0,2}}?{_MEDICINE}\b
        |\b{_MEDICINE}\s+(?:are|is)\s+(?:pure\s+|literally\s+|just\s+)?(?:poison|toxic|killing\s+you)\b"""
)

# Words that can come before an imperative in its clause without making it something else.
_FILLER = _words(
    r"just",
    r"simply",
    r"so",
    r"then",
    r"and",
    r"but",
    r"or",
    r"also",
    r"please",
    r"definitely",
    r"honestly",
    r"seriously",
    r"instead",
    r"now",
    r"maybe",
    r"really",
    r"totally",
    r"immediately",
    r"literally",
    r"basically",
    r"okay",
    r"ok",
    r"well",
    r"yes",
    r"yeah",
    r"no",
    r"oh",
    r"hey",
    r"look",
    r"guys",
    r"hun",
    r"mate",
    r"trust\s+me",
    r"if\s+i\s+were\s+you",
    r"imo",
    r"imho",
    r"tbh",
    r"personally",
    r"first",
    r"today",
    r"gradually",
    r"slowly",
    r"completely",
)
# \b after each word means a run of fillers splits into words one way only (no backtracking).
_ONLY_FILLER = re.compile(rf"^\W*(?:{_FILLER}\b\W*)*$")
# Suggestions that may be phrased as questions, and may take an -ing verb: "have you tried ditching".
_SUGGESTING = _words(
    r"why\s+(?:don'?t|not)\s+you",
    r"why\s+not",
    r"how\s+about",
    r"what\s+about",
    r"have\s+you\s+(?:tried|considered|thought\s+(?:about|of))",
    r"(?:can'?t|couldn'?t)\s+you\s+just",
    r"(?:you\s+(?:should|could|might)\s+)?(?:try|consider)",
    r"i\s+(?:would\s+|'?d\s+)?(?:recommend|suggest)",
)
# Second-person or recommending words right before the verb: "you should", "I'd", "tell her to".
_TELLING = _words(
    r"you(?:'?d|\s+would|\s+should|\s+must|\s+need\s+to|\s+have\s+to|\s+ought\s+to|\s+could|\s+can)",
    r"you\s+(?:may|might)\s+want\s+to",
    r"you\s+(?:had|'?d)\s+better",
    r"you\s+(?:gotta|(?:have\s+|'?ve\s+)?got\s+to|just|really\s+(?:should|need\s+to|must))",
    r"i(?:'?d|\s+would)",
    r"i\s+(?:would\s+|'?d\s+)?(?:recommend|suggest|advise|urge)(?:\s+(?:that\s+)?you)?(?:\s+to)?",
    r"tell\s+(?:him|her|them)\s+to",
    r"make\s+sure\s+(?:you|to)",
    r"(?:it'?s\s+|it\s+is\s+)?(?:time|better|best|safer)\s+to",
    r"(?:everyone|everybody|people|y'?all)\s+(?:should|must|needs?\s+to)",
    r"try\s+to",
)
_TAIL = rf"(?:\s+{_FILLER}\b)*\W*$"
_TELLING_LEAD = re.compile(rf"\b(?:{_TELLING}|{_SUGGESTING}){_TAIL}")
_SUGGESTING_LEAD = re.compile(rf"\b{_SUGGESTING}{_TAIL}")
# Pointing someone to their care team is exactly what the guideline asks for.
_CARE_TEAM = _compile(
    r"""\b(?:talk\w*|speak\w*|chat\w*|check\w*|discuss\w*|ask\w*|consult\w*|see|call|ring|phone
        |contact|with|unless|until|(?:only\s+)?if|run\s+it\s+(?:past|by))
        \s+(?:to\s+|with\s+)?(?:your|ur|yr|a|the)\s+(?:own\s+)?
        (?:doctor|doc|gp|nurse|pharmacist|consultant|specialist|prescriber|physician|endo\w*|onc\w*
        |rheum\w*|cardio\w*|psych\w*|neuro\w*|dsn|care\s+team|medical\s+team|diabetes\s+team|team|clinic)"""
)

_CURE_CONDITION = _words(
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
_CURE_VERB = _compile(
    rf"""{_CURE_NEGATION}
        \b(?:cur(?:e|es|ed|ing)|revers(?:e|es|ed|ing)|heal(?:s|ed|ing)?|eliminat(?:e|es|ed|ing)
            |eradicat(?:e|es|ed|ing))
        \s+(?:your\s+|my\s+|his\s+|her\s+|their\s+|the\s+|all\s+)?{_CURE_CONDITION}\b"""
)
# Claims that are never ordinary talk about cures, question or not.
_CURE_TALK = _compile(
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

_ADVICE_REASON = (
    "Your post seems to suggest changing a medicine or dose. A moderator will check it first."
)
_CURE_REASON = "Your post seems to claim a cure, or a treatment that is being hidden, so a moderator will check it first."


def medical_safety(text: str) -> list[Finding]:
    """Advice to start, stop or change someone's medicine, and miracle-cure claims: held for a moderator."""
    plain = _plain(text)
    findings = []
    advice = _medical_advice(plain)
    if advice:
        findings.append(
            Finding(
                Kind.MEDICAL,
                Action.HOLD,
                GUIDELINE_EXPERIENCE,
                _ADVICE_REASON,
                _excerpt(text, *advice),
            )
        )
    cure = _cure_claim(plain)
    if cure:
        findings.append(
            Finding(
                Kind.MEDICAL,
                Action.HOLD,
                GUIDELINE_NO_CURES,
                _CURE_REASON,
                _excerpt(text, *cure),
            )
        )
    return findings


def _medical_advice(plain: str) -> tuple[int, int] | None:
    """The span of the first sentence that tells someone to change their medicine, if any."""
    for sentence_match in _sentences(plain):
        sentence = sentence_match.group()
        if _CARE_TEAM.search(sentence):
            continue
        if _is_advice(sentence):
            # The excerpt is the whole sentence, without the spaces around it.
            start = sentence_match.start() + len(sentence) - len(sentence.lstrip())
            return start, start + len(sentence.strip())
    return None


def _is_advice(sentence: str) -> bool:
    """Whether a sentence tells the reader to start, stop or change a medicine or dose."""
    question = sentence.rstrip().endswith("?")
    if not question and _ADVICE_ANYWHERE.search(sentence):
        return True
    for pattern, gerund in (
        (_CHANGE_BASE, False),
        (_REFUSE, False),
        (_DOSE, None),
        (_CHANGE_GERUND, True),
    ):
        for match in pattern.finditer(sentence):
            before = _clause_before(sentence, match.start())
            if _reads_as_advice(before, question=question, gerund=gerund):
                return True
    return False


def _reads_as_advice(before: str, *, question: bool, gerund: bool | None) -> bool:
    """Whether the words before a medicine change in its clause make it advice to someone else.

    gerund is None for a pattern whose verb may be either form ("take 2000mg", "try taking 2000mg").
    """
    if question or gerund:
        # "Has anyone come off sertraline?" asks for experience, "stopping my meds was hard" is a
        # story; "why not ditch your meds?" and "have you tried coming off them" advise.
        return bool(_SUGGESTING_LEAD.search(before))
    # An imperative opens its clause: "Stop your insulin", "honestly, just double your dose".
    return bool(_ONLY_FILLER.match(before) or _TELLING_LEAD.search(before))


def _cure_claim(plain: str) -> tuple[int, int] | None:
    """The span of the first claim that something cures a condition, or that a cure is hidden."""
    for sentence_match in _sentences(plain):
        sentence = sentence_match.group()
        # "Does anything cure gout?" asks; "turmeric cures gout" claims.
        asking = sentence.rstrip().endswith("?")
        span = None if asking else _first_unnegated(_CURE_VERB, sentence)
        match = _CURE_TALK.search(sentence)
        if match and (span is None or match.start() < span[0]):
            span = match.span()
        if span:
            return sentence_match.start() + span[0], sentence_match.start() + span[1]
    return None


def _first_unnegated(pattern: re.Pattern[str], plain: str) -> tuple[int, int] | None:
    """The span of the first match whose optional "neg" group did not take part."""
    for match in pattern.finditer(plain):
        if match.groupdict().get("neg") is None:
            return match.span()
    return None


# --- crisis language ------------------------------------------------------------------------------

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
_HARM_TARGET = _words(
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
_CRISIS = _compile(
    rf"""\bsuicid\w*
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


def crisis_language(text: str) -> list[Finding]:
    """Words about suicide, self-harm or harming someone: published at once, and answered urgently."""
    span = _first_unnegated(_CRISIS, _plain(text))
    if span is None:
        return []
    return [
        Finding(Kind.CRISIS, Action.URGENT, GUIDELINE_CRISIS, _CRISIS_REASON, _excerpt(text, *span))
    ]


# --- personal data --------------------------------------------------------------------------------

# Links are looked at by links(); blanked here so a URL's "@" or digits are not taken for an email
# or a phone number. Markdown link targets are blanked as well, except mailto: addresses.
_WEB_ADDRESS = re.compile(r"(?:\bhttps?://|(?<![\w.@/-])www\.)[^\s<>\[\]()\"']+", re.IGNORECASE)
# A run of digit groups with single separators: "+44 20 7946 0958", "(555) 123-4567", "2024-03-15".
# Groups are split by a separator that is never a digit, so there is one way to read a run.
_DIGIT_GROUP = r"\+?\(?\d+(?:\)\d*)?"
_DIGIT_RUN = re.compile(
    rf"(?<![\w.,/:+\-]){_DIGIT_GROUP}(?:[ \t.\-]{{1,2}}{_DIGIT_GROUP})*(?![\w/:%])"
)
_DIGIT_GROUPS = re.compile(_DIGIT_GROUP)
_US_PHONE = re.compile(r"(?:1[ .\-]?)?\(?\d{3}\)?[ .\-]{0,2}\d{3}[ .\-]?\d{4}")
# Phone numbers are at most 15 digits (E.164); a window of more groups than this is not one number.
_MAX_PHONE_GROUPS = 6
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?![\w-])", re.IGNORECASE)
_STREET_WORD = _words(
    r"street",
    r"st",
    r"road",
    r"rd",
    r"avenue",
    r"ave",
    r"lane",
    r"ln",
    r"drive",
    r"dr",
    r"boulevard",
    r"blvd",
    r"close",
    r"way",
    r"court",
    r"ct",
    r"crescent",
    r"place",
)
_STREET = re.compile(
    rf"(?<![\w.,/:])\d{{1,5}}[a-z]?,?[ \t]+(?P<name>(?:[a-z][\w'.-]*[ \t]+){{1,3}}?)"
    rf"(?P<street>{_STREET_WORD})\b\.?",
    re.IGNORECASE,
)
# Words that show "10 minutes down the road" or "4 units each way" is not an address.
_NOT_STREET_NAME = frozenset(
    (  # noqa: SIM905 (a word list reads best as words)
        "a an the my your our his her their this that each every per one to in on at of up down "
        "from and or across along around over off out into by for with is was are were had has "
        "have it minutes mins hours hrs days weeks months years miles mile km yards metres meters "
        "blocks doors times units mg ml steps houses streets roads"
    ).split()
)
# Street words that are also everyday words ("way", "close", "Dr" Smith, "St" for stone or saint)
# count only after a capitalised name: "12 Acacia Close", "22 Harley St".
_AMBIGUOUS_STREET = frozenset({"st", "dr", "way", "close", "court", "ct", "place", "drive", "lane"})
# Outward code, then inward code whose letters are never C, I, K, M, O or V: upper case only, so
# "b12 2mg" is a vitamin and a dose.
_POSTCODE = re.compile(r"\b[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?[ \t]?\d[ABD-HJLNP-UW-Z]{2}\b")

_PRIVACY_REASONS = {
    "phone": "Your post seems to include a phone number, so to protect your privacy a moderator will check it first.",
    "email": "Your post seems to include an email address, so to protect your privacy a moderator will check it first.",
    "address": "Your post seems to include a street address, so to protect your privacy a moderator will check it first.",
    "postcode": "Your post seems to include a postcode, so to protect your privacy a moderator will check it first.",
}


def personal_data(text: str) -> list[Finding]:
    """Phone numbers, email addresses, street addresses and postcodes: held for a moderator."""
    scrubbed = _blank_web_addresses(text)
    found = {
        "phone": _phone_number(scrubbed),
        "email": _first_span(_EMAIL, scrubbed),
        "address": _street_address(scrubbed),
        "postcode": _first_span(_POSTCODE, scrubbed),
    }
    return [
        Finding(
            Kind.PERSONAL_DATA,
            Action.HOLD,
            GUIDELINE_PRIVACY,
            _PRIVACY_REASONS[what],
            _excerpt(text, *span),
        )
        for what, span in found.items()
        if span is not None
    ]


def _blank_web_addresses(text: str) -> str:
    """The text with web addresses replaced by spaces of the same length."""
    return _WEB_ADDRESS.sub(lambda match: " " * len(match.group()), text)


def _first_span(pattern: re.Pattern[str], text: str) -> tuple[int, int] | None:
    match = pattern.search(text)
    return match.span() if match else None


def _phone_number(text: str) -> tuple[int, int] | None:
    """The span of the first phone number, tried on every few consecutive groups of each digit run."""
    for run in _DIGIT_RUN.finditer(text):
        groups = list(_DIGIT_GROUPS.finditer(run.group()))
        for first in range(len(groups)):
            last_options = range(min(len(groups), first + _MAX_PHONE_GROUPS) - 1, first - 1, -1)
            for last in last_options:
                start, end = groups[first].start(), groups[last].end()
                if _looks_like_phone(run.group()[start:end], last - first + 1):
                    return run.start() + start, run.start() + end
    return None


def _looks_like_phone(candidate: str, group_count: int) -> bool:
    """Whether a run of digit groups is shaped like a phone number rather than a dose, date or list."""
    digits = "".join(character for character in candidate if character.isdigit())
    if candidate.startswith("+"):
        # International: a country code and 7 to 14 more digits.
        return 8 <= len(digits) <= 15
    if digits.startswith("0"):
        # UK style: 10 or 11 digits starting with 0, in groups of at least two ("0161 496 0000").
        groups = [group for group in re.split(r"\D+", candidate) if group]
        return len(digits) in (10, 11) and all(len(group) >= 2 for group in groups)
    # North American style: 3-3-4, with or without brackets, dashes or dots.
    return group_count <= 4 and _US_PHONE.fullmatch(candidate) is not None


def _street_address(text: str) -> tuple[int, int] | None:
    for match in _STREET.finditer(text):
        names = match.group("name").split()
        if any(name.lower().strip(".'") in _NOT_STREET_NAME for name in names):
            continue
        street = match.group("street").lower()
        if street in _AMBIGUOUS_STREET and not all(name[0].isupper() for name in names):
            continue
        return match.span()
    return None


# --- links ----------------------------------------------------------------------------------------

# [text](target) or ![alt](target), optionally with a "title"; counted as one link whatever the text.
# No class overlaps its neighbour's, so a failed match gives up at the next bracket.
_MARKDOWN_LINK = re.compile(
    r"!?\[[^\[\]\n]*\]\(\s*<?[^\s()<>]+>?(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)"
)
_BARE_LINK = re.compile(
    r"(?:\bhttps?://|\bmailto:|(?<![\w.@/-])www\.)[^\s<>\[\]()\"']+", re.IGNORECASE
)


def count_links(text: str) -> int:
    """How many links the Markdown source makes: URLs, www. addresses, mailto: and [text](url)."""
    markdown_links = _MARKDOWN_LINK.findall(text)
    rest = _MARKDOWN_LINK.sub(" ", text)
    return len(markdown_links) + len(_BARE_LINK.findall(rest))


def _first_link(text: str) -> str:
    matches = [m for m in (_MARKDOWN_LINK.search(text), _BARE_LINK.search(text)) if m]
    first = min(matches, key=lambda match: match.start())
    return _excerpt(text, *first.span())


def links(text: str, *, trusted: bool, max_links: int = 3) -> list[Finding]:
    """New members' links, and posts with many links, held for a moderator as possible spam."""
    count = count_links(text)
    if count == 0:
        return []
    if count > max_links:
        reason = f"Posts with more than {max_links} links are checked by a moderator first, as they are often spam."
    elif not trusted:
        reason = (
            "New members' links are checked by a moderator first, to keep the forum free of spam."
        )
    else:
        return []
    return [Finding(Kind.LINKS, Action.HOLD, GUIDELINE_NO_SPAM, reason, _first_link(text))]


# --- everything -----------------------------------------------------------------------------------


def check_text(
    text: str,
    *,
    words: Iterable[WatchedWord] = (),
    trusted: bool = True,
    kinds: frozenset[Kind] = frozenset(Kind),
) -> list[Finding]:
    """Every enabled check on a post's source: crisis, watched words, medical, personal data, links."""
    # Crisis comes first so the most urgent finding is the first one a caller sees.
    checks = (
        (Kind.CRISIS, lambda: crisis_language(text)),
        (Kind.WATCHED_WORD, lambda: watched_words(text, words)),
        (Kind.MEDICAL, lambda: medical_safety(text)),
        (Kind.PERSONAL_DATA, lambda: personal_data(text)),
        (Kind.LINKS, lambda: links(text, trusted=trusted)),
    )
    return [finding for kind, check in checks if kind in kinds for finding in check()]
