"""Advice to someone else to start, stop or change a medicine or dose, found sentence by sentence."""

from __future__ import annotations

import re

from moderation.rules.matching import any_of, compile_verbose, sentences

# Where a clause starts within a sentence: advice is usually the first thing in its clause.
_CLAUSE_BREAK = re.compile(r"[,;:()\u2013\u2014\"]|\s-\s")
# Only the end of a clause before a match matters; longer prefixes are cut to this many characters.
_LOOKBACK = 120

_MEDICINE = any_of(
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
_CHANGE_BASE = compile_verbose(rf"\b{any_of(*_CHANGE_VERBS)}{_AFTER_VERB}{_OBJECT}")
_CHANGE_GERUND = compile_verbose(rf"\b{any_of(*_CHANGE_VERBS.values())}{_AFTER_VERB}{_OBJECT}")
# "Don't take your statins", "never bother with chemo": telling someone not to take it at all.
_REFUSE = compile_verbose(
    rf"\b(?:don'?t|do\s+not|never)\s+(?:take|use|start|touch|fill|trust|inject|bother\s+(?:with|taking))\s+{_OBJECT}"
)
# "Take 2000mg", "try taking 4 tablets": a dose, told to someone.
_DOSE = compile_verbose(
    r"""\b(?:take|taking|try|trying|use|using|start\s+(?:on|taking|with)|go\s+(?:up|down)\s+to
        |(?:up|increase|raise|lower|reduce|drop)\s+(?:it|your\s+dose)\s+to)
        \s+(?:about\s+|around\s+|at\s+least\s+|up\s+to\s+)?\d[\d,.]*\s*
        (?:mg|mcg|\u00b5g|ug|g|grams?|iu|ml|units?|tablets?|pills?|capsules?|drops?)\b"""
)
# Advice that needs no imperative: "you don't need insulin", "instead of your meds".
_ADVICE_ANYWHERE = compile_verbose(
    rf"""\byou\s+(?:really\s+|honestly\s+)?(?:don'?t|do\s+not|won'?t|will\s+not|never)\s+(?:really\s+)?
            (?:need(?:\s+to\s+(?:take|use))?|have\s+to\s+(?:take|use))\s+{_OBJECT}
        |\b(?:nobody|no\s+one|no-one)\s+(?:really\s+)?needs?\s+{_OBJECT}
        |\b(?:instead\s+of|rather\s+than|in\s+place\s+of)\s+(?:taking\s+|using\s+)?(?:your|ur|yr)\s+
            (?:[\w'-]+\s+){{0,2}}?{_MEDICINE}\b
        |\b{_MEDICINE}\s+(?:are|is)\s+(?:pure\s+|literally\s+|just\s+)?(?:poison|toxic|killing\s+you)\b"""
)

# Words that can come before an imperative in its clause without making it something else.
_FILLER = any_of(
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
_SUGGESTING = any_of(
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
_TELLING = any_of(
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
_CARE_TEAM = compile_verbose(
    r"""\b(?:talk\w*|speak\w*|chat\w*|check\w*|discuss\w*|ask\w*|consult\w*|see|call|ring|phone
        |contact|with|unless|until|(?:only\s+)?if|run\s+it\s+(?:past|by))
        \s+(?:to\s+|with\s+)?(?:your|ur|yr|a|the)\s+(?:own\s+)?
        (?:doctor|doc|gp|nurse|pharmacist|consultant|specialist|prescriber|physician|endo\w*|onc\w*
        |rheum\w*|cardio\w*|psych\w*|neuro\w*|dsn|care\s+team|medical\s+team|diabetes\s+team|team|clinic)"""
)


def first_medicine_advice(plain: str) -> tuple[int, int] | None:
    """The span of the first sentence that tells someone to change their medicine, if any."""
    for sentence_match in sentences(plain):
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


def _clause_before(sentence: str, position: int) -> str:
    before = sentence[max(0, position - _LOOKBACK) : position]
    return _CLAUSE_BREAK.split(before)[-1].strip().lower()
