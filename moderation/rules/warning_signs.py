"""Suicide warning signs as members write them, by the categories clinicians use; no Flask.

The categories come from published screening and warning-sign guidance, not from our examples:

- the Columbia Suicide Severity Rating Scale (C-SSRS): wish to be dead, suicidal thoughts,
  thoughts of a method, intent, a plan, and preparatory behaviour (collecting pills, giving
  valuables away, writing a note or will, going to a height and turning back);
- the American Foundation for Suicide Prevention's warning signs and the IS PATH WARM mnemonic
  (Ideation, Substance, Purposelessness, Anxiety, Trapped, Hopelessness, Withdrawal, Anger,
  Recklessness, Mood): talk of being a burden, feeling trapped or in unbearable pain, looking
  for a way to end one's life, saying goodbye, giving possessions away, acting recklessly;
- guidance for online communities from suicide-prevention charities (Samaritans' online
  safety guidelines): final-sounding posts and goodbyes, and stopping a life-sustaining
  treatment on purpose.

Each sign is a family of bounded patterns (a gap is at most a few words of at most 30 letters),
so every pattern stays linear in the post. A sign is "strong" when it is enough on its own for
an urgent alert (a plan, means, preparation, goodbyes, self-harm, a wish to be dead); the
others (hopelessness, feeling trapped, a burden, withdrawing) raise one only together with
another sign or with the classifier's agreement, because people in pain say them often and
safely.
"""

from __future__ import annotations

import re
from enum import StrEnum

from moderation.rules.matching import at_word_starts

# Up to n words in between: each word at most 30 letters, so a gap can never run away.
_WORD = r"[\w'-]{1,30}"


def _gap(most: int, across: str = ",") -> str:
    """A space, then up to `most` words, each with the space after it: "X{gap}Y" reads as X, a
    few words, Y. `across` is the punctuation a gap may cross (commas, or sentence ends).
    Letters and spaces never overlap, so there is one way to match a gap and no backtracking.
    """
    return rf"[\s{across}]+(?:{_WORD}[\s{across}]+){{0,{most}}}"


_I = r"(?:i|i'?m|i\s+am|i'?ve|i\s+have|i'?d|i'?ll|me|my)"
_MEDS = (
    r"(?:pills|tablets|tabs|meds|medication|medicines?|insulin|novorapid|lantus|humalog|morphine"
    r"|oramorph|oxy\w*|codeine|co-?codamol|tramadol|paracetamol|acetaminophen|tylenol|ibuprofen"
    r"|painkillers|sleeping\s+pills|zopiclone|diazepam|pregabalin|gabapentin|amitriptyline"
    r"|sertraline|citalopram|fluoxetine|lithium|warfarin|digoxin|beta[\s-]*blockers?|bisoprolol"
    r"|propranolol|fentanyl|patches|opioids?|antidepressants|metformin|a\s+packet|the\s+packets?"
    r"|the\s+box(?:es)?|the\s+lot)"
)


class Sign(StrEnum):
    WISH_TO_BE_DEAD = "wish to be dead"
    METHOD = "looking for a method"
    PLAN = "a plan or a date"
    PREPARATION = "putting things in order"
    GOODBYE = "saying goodbye"
    SELF_HARM = "self-harm"
    TREATMENT = "stopping treatment to die"
    RECKLESS = "reckless on purpose"
    BURDEN = "feeling a burden"
    HOPELESS = "hopelessness"
    TRAPPED = "trapped or unbearable"
    WITHDRAWN = "withdrawing"
    # Asked for safety as often as for harm ("how much vitamin D is too much?"): weak alone.
    DOSE_QUESTION = "asking how much is too much"


# Enough on its own for an urgent alert.
STRONG = frozenset(
    {
        Sign.WISH_TO_BE_DEAD,
        Sign.METHOD,
        Sign.PLAN,
        Sign.PREPARATION,
        Sign.GOODBYE,
        Sign.SELF_HARM,
        Sign.TREATMENT,
        Sign.RECKLESS,
    }
)

_PATTERNS: dict[Sign, str] = {
    # C-SSRS 1: "wished you were dead or could go to sleep and not wake up", passively.
    Sign.WISH_TO_BE_DEAD: rf"""
        \b(?:wouldn'?t|would\s+not|won'?t|wouldnt)\s+(?:really\s+)?(?:mind|care)(?:\s+if)?
            {_gap(2)}(?:i\s+)?(?:didn'?t|did\s+not|never|not)\s+(?:wake|waking|woke)
        |\b(?:wouldn'?t|would\s+not|won'?t)\s+(?:really\s+)?(?:mind|care)\s+(?:if\s+)?(?:i\s+)?
            (?:died|dying|went|was\s+gone|wasn'?t\s+here|didn'?t\s+make\s+it)
        |\b(?:wouldn'?t|would\s+not)\s+(?:really\s+)?(?:mind|care)\s+if\s+(?:it|this|the\s+\w+)\s+
            (?:killed|took|finished|got)\s+me
        |\b(?:hope|hoping|pray|praying|wish|wishing)\s+(?:that\s+)?(?:i\s+)?(?:don'?t|do\s+not|won'?t
            |wouldn'?t|never|didn'?t)\s+wake\s+up
        |\b(?:hope|hoping|wish|wishing|pray|praying)\s+(?:that\s+)?(?:the|a)\s+(?:car|bus|lorry|truck
            |train|van)\s+(?:hits|would\s+hit|will\s+hit|takes)\s+me
        |\blet\s+(?:it|the\s+\w+|my\s+\w+|nature|god)\s+(?:just\s+)?(?:take\s+me|finish\s+me
            |get\s+on\s+with\s+it|do\s+its\s+(?:job|thing)|decide\s+for\s+me)
        |\b(?:just\s+)?decide\s+for\s+me\s+before\s+i\s+do
        |\b(?:might|may)\s+as\s+well\s+(?:just\s+)?(?:make\s+it\s+a\s+(?:full\s+)?set|be\s+dead|die
            |not\s+be\s+here|go\s+now|end\s+it|finish\s+the\s+job)
        |\b(?:i\s+)?(?:want|wanted|need)\s+(?:it|this|everything)\s+(?:all\s+)?to\s+(?:be\s+over|stop)
            \s+(?:for\s+good|forever|permanently)
        |\b(?:wish|wishing)\s+(?:it|the\s+\w+|my\s+\w+)\s+(?:would|'?d)\s+(?:just\s+)?(?:hurry\s+up
            |get\s+on\s+with\s+it|finish\s+me|take\s+me|kill\s+me)
        |\bready\s+to\s+(?:go|be\s+gone|stop\s+existing)\s*(?:[.!,]|now|for\s+good)
        |\b(?:disappear|stop\s+existing|not\s+exist)\s+(?:for\s+good|forever|permanently)
        |\bnot\s+(?:be|being)\s+here\s+(?:by|at|after|for)\s+(?:christmas|next|the\s+end)
        |\bwake\s+up\s+(?:disappointed|gutted|angry)\s+(?:that\s+)?(?:i\s+)?(?:did|still|woke|am)
        |\b(?:disappointed|gutted)\s+(?:to|that\s+i)\s+(?:wake|woke|still)
        |\b(?:pray|praying|hope|hoping|wish|wishing)\s+(?:every\s+night\s+)?(?:that\s+)?(?:god|he|someone)\s+
            (?:takes|would\s+take|will\s+take)\s+me
        |\b(?:hope|hoping|hoped|wish|wishing)\s+(?:i\s+)?(?:just\s+)?(?:don'?t|dont|wouldn'?t|won'?t|didn'?t)\s+
            (?:have\s+to\s+do\s+another|wake|come\s+round|get\s+back\s+up|make\s+it)
        |\b(?:hope|hoping|hoped)\s+(?:that\s+)?(?:i'?d|i\s+would|i\s+just)\s+(?:just\s+)?(?:go|sit\s+down|not\s+get)
        |\b(?:hope|hoping|hoped)\s+(?:that\s+)?the\s+(?:plane|train|car|ship)\s+(?:goes\s+down|crashes)
        |\bgo\s+in\s+my\s+sleep\b
        |\bif\s+i\s+got\s+hit\s+by\s+a\s+(?:bus|car|lorry|truck){_gap(3)}(?:ok|fine|glad|relieved|happy)
        |\bwouldn'?t\s+mind\s+if\s+(?:the\s+)?next\s+(?:\w+\s+)?(?:was|is|were)\s+the\s+one
        |\b(?:or|leaning\s+(?:heavily\s+)?towards)\s+no\s+me\b
        |\bi\s+(?:really\s+)?hope\s+not\b
        |\b(?:won'?t|will\s+not|wont|not\s+going\s+to)\s+be\s+(?:there|around|here)\s+(?:after|by|for|much
            |next|in|when|to\s+see)
        |\b(?:don'?t|do\s+not)\s+want\s+(?:a\s+forever|to\s+keep\s+(?:waiting|going|doing\s+this)|it\b\s*$)
        |\bnot\s+(?:exist|existing)\s+(?:for\s+a\s+while|any\s*more|permanently)
        |\bi'?m\s+not\s+doing\s+(?:decades|years|another)
        |\bwoke\s+up\s+(?:annoyed|anyway|again)\b""",
    # C-SSRS 3 and AFSP "looking for a way": lethal amounts, heights, vehicles, a place.
    Sign.METHOD: rf"""
        \bhow\s+(?:much|many){_gap(4)}(?:would|will|is|does|do|it\s+takes?|to){_gap(3)}
            (?:lethal|fatal|kill|not\s+wake|stop\s+(?:my|your|a)\s+heart|end\s+it|do\s+it|be\s+fatal)
        |\b(?:lethal|fatal|deadly)\s+(?:dose|amount|level|quantity)
        |\benough\s+{_MEDS}\s+to\s+(?:kill|end|not\s+wake|do\s+it|stop)
        |\b(?:enough|all)\s+(?:of\s+)?{_MEDS}\s+(?:saved|put\s+by|put\s+aside|stashed|hidden|collected)
        |\b(?:sav(?:e|ed|ing)|stockpil\w*|hoard\w*|collect(?:ed|ing)|stash(?:ed|ing)?|hid(?:e|ing|den)
            |squirrel\w*|put(?:ting)?\s+(?:by|aside|away))\s+(?:up\s+)?(?:my\s+|some\s+|all\s+(?:my\s+)?
            |the\s+|a\s+few\s+|a\s+month'?s?\s+(?:of\s+)?|months?\s+of\s+)?(?:\w+\s+)?{_MEDS}
        |\bnot\s+(?:wake|waking)\s+up\s+(?:from|after)\s+(?:it|them|that|an?\s+\w+)
        |\b(?:stand|stood|standing|sat|sit|sitting|been|go|went|going|walk(?:ed|ing)?|drove|driving)\s+
            (?:up\s+)?(?:on|at|to|by|onto|over|off)\s+(?:the\s+)?(?:edge\s+of\s+(?:the\s+|a\s+)?)?
            (?:\w+\s+)?(?:bridge|cliff|cliffs|ledge|roof|rooftop|multi[\s-]*storey|car\s+park\s+roof
            |railway|train\s+tracks|tracks|level\s+crossing|platform\s+edge|viaduct)
            {_gap(6)}(?:wondering|thinking|imagin\w+|jump|step|fall|how\s+(?:easy|high|quick|long))
        |\b(?:jump|jumping|step|stepping|throw\s+myself|walk|walking)\s+(?:off|in\s+front\s+of|under
            |into)\s+(?:a|the|an)\s+(?:\w+\s+)?(?:bridge|cliff|roof|train|bus|lorry|truck|motorway|traffic
            |river|sea|car)
        |\b(?:drive|driving|steer|steering|swerve|crash|crashing)\s+(?:my\s+car\s+|the\s+car\s+)?
            (?:into|off)\s+(?:a|the)\s+(?:\w+\s+)?(?:wall|tree|bridge|lorry|truck|oncoming|river|cliff)
        |\b(?:rope|noose|hanging\s+myself|hang\s+myself)\b
        |\b(?:dignitas|dignitas'?s|go\s+to\s+switzerland|going\s+to\s+switzerland|one[\s-]+way\s+ticket
            \s+to\s+switzerland)
        |\b(?:my|a|the)\s+way\s+out\b
        |\bgoogl\w*\s+(?:ways|how\s+to\s+(?:die|do\s+it|end)|methods)
        |\bhow\s+(?:much|many)\s+(?:of\s+)?(?:either|it|them|units|tablets|pills){_gap(4)}
            (?:actually\s+)?(?:need|before|would\s+it\s+take|to\s+not)
        |\bwould\s+it\s+be\s+quick\b
        |\b(?:tallest|highest)\s+(?:bridge|building|cliff|car\s+park)
        |\b(?:railway\s+line|train\s+line|level\s+crossing|stairwell|trains?\s+go\s+past|bridge|reservoir
            |cliffs?){_gap(10, ",.;:")}(?:i'?ve\s+been\s+thinking|think\s+about\s+it|picture\s+it
            |don'?t\s+trust\s+myself|finish\s+it|doing\s+the\s+maths|count\s+them|the\s+edge)
        |\b(?:took|take|taking)\s+(?:the|a)\s+whole\s+(?:month|pen|box|packet|bottle|strip|lot)
        |\b(?:three|four|five|several|\d+)\s+(?:boxes|packets|months'?\s+worth){_gap(4)}(?:drawer|hidden
            |saved|in\s+(?:a|my|the))
        |\bkeeping\s+it\s+all\s+in\s+a\s+(?:shoebox|box|drawer|bag)
        |\bbigger\s+supply{_gap(8, ",.;:")}(?:don'?t|drawer|boxes)
        |\b(?:think|thinking|thought)\s+about\s+how\s+i'?d\s+(?:go|do\s+it)
        |\bthe\s+(?:different\s+)?ways\s+go\s+round
        |\b(?:too\s+much|enough|how\s+much|how\s+many)\s+(?:of\s+)?(?:[\w'-]{1,30}\s+){0,3}(?:would\s+)?(?:stops?|stop)
            \s+(?:my|your|a|the)\s+heart
        |\b(?:open\s+side|fencing|fences|railings|barriers?|netting)\b{_gap(10, ",.;:?")}(?:multi[\s-]*stor\w*|car\s+park
            |bridge|roof|top\s+(?:level|floor|deck))
        |\b(?:multi[\s-]*stor\w*|car\s+park|bridge|roof|top\s+(?:level|floor|deck))\b{_gap(10, ",.;:?")}(?:open\s+side
            |fencing|fences|railings|barriers?|netting)""",
    # C-SSRS intent and plan: a time, a date, a place decided.
    Sign.PLAN: r"""
        \b(?:i\s+)?(?:know|picked|chosen|chose|set|decided\s+on|worked\s+out)\s+(?:the|a)\s+
            (?:date|day|time|place|way|method|how\s+and\s+when)\b(?!\s+(?:for|of)\s+(?:my|the|our)\s+
            (?:appointment|scan|op|operation|surgery|wedding|holiday|party))
        |\b(?:been\s+)?making\s+(?:my\s+|the\s+)?(?:plans|a\s+plan)\s*[.,;]
        |\bi'?(?:ve|\s+have)\s+(?:got\s+)?(?:a\s+plan|it\s+(?:all\s+)?(?:planned|worked\s+out))
            \s*(?:[.!;]|$|now\b|this\s+time)
        |\b(?:after|once|when)\s+(?:my\s+|the\s+)?(?:[\w'-]{1,30}\s+){0,2}(?:birthday|wedding|christmas
            |exams|graduation)\s+(?:is\s+over\s+|has\s+passed\s+|'?s\s+done\s+)?(?:i'?m|i\s+am|i'?ll\s+be
            |i\s+will\s+be)\s+(?:done|gone|going|out)
        |\b(?:tonight|this\s+weekend|tomorrow|on\s+\w+day)\s+(?:is\s+the\s+night|i'?m\s+doing\s+it
            |i'?ll\s+do\s+it|is\s+when)
        |\b(?:that'?s|this\s+is)\s+it\s+for\s+me\b
        |\b(?:then|after\s+that|once\s+\w+\s+\w+)\s+i'?m\s+(?:done|finished|gone|going\s+to\s+go)
        |\bi'?m\s+(?:going\s+to|gonna)\s+(?:go|be\s+with\s+(?:him|her|them|my\s+\w+))\s*(?:[.!,]|now|on|when|after)
        |\bi\s+know\s+what\s+i'?m\s+doing\s+on\b
        |\bthat'?s\s+when\s*[.!]
        |\bthe\s+plan\s+is\s+(?:the|when|after|for)
        |\b(?:is|will\s+be)\s+the\s+last\s+one\b
        |\b(?:made|make|making)\s+(?:my|the)\s+decision\b
        |\bmade\s+my\s+mind\s+up\b
        |\bat\s+peace\s+with\s+my\s+decision
        |\bi'?ve\s+decided\s+i'?m\s+(?:finished|done|going)
        |\bbeen\s+planning\s+it\b
        |\bplanning\s+it\b
        |\b(?:very\s+)?final\s+ones\b
        |\bnot\s+going\s+back\b
        |\btonight'?s\s+the\s+night\b|\btonight\s+is\s+the\s+night\b""",
    # C-SSRS preparatory behaviour; AFSP: giving possessions away, putting affairs in order.
    Sign.PREPARATION: rf"""
        \b(?:giv(?:e|en|ing)|gave)(?:[\s,]+{_WORD}){{0,8}}[\s,]+away{_gap(14, ",.;:!")}
            (?:won'?t|will\s+not|wont|shan'?t)\s+(?:be\s+)?need(?:ing)?\s+(?:them|it|they|those|these)
        |\b(?:won'?t|will\s+not|wont|shan'?t)\s+(?:be\s+)?need(?:ing)?\s+(?:them|it|any\s+of\s+(?:it|them)
            |those|these|my\s+\w+)\s*(?:any\s*more|much\s+longer|where\s+i'?m\s+going|soon|for\s+long)
        |\b(?:putting|put|got|getting|sorting|sorted)\s+(?:my\s+|all\s+my\s+)?(?:things|affairs|stuff
            |everything|life)\s+(?:in\s+order|straight|sorted)
        |\bso\s+(?:that\s+)?(?:nobody|no\s+one|noone|they|he|she|the\s+kids|my\s+\w+)\s+(?:has|have|will
            \s+have|won'?t\s+have|doesn'?t\s+have|don'?t\s+have)\s+(?:to\s+)?(?:to\s+)?(?:sort|deal|worry
            |find|clear|go\s+through){_gap(3)}(?:after|when|once)\s+(?:i'?m|i\s+am)\s+gone
        |\b(?:passwords?|pin\s+numbers?|direct\s+debits)\s+(?:all\s+)?(?:written\s+down|in\s+an?\s+envelope
            |left\s+(?:for|with))
        |\b(?:wrote|written|writing|write|left|leaving)\s+(?:a|my|the)\s+(?:\w+\s+)?(?:note|letter|letters
            |notes)\s+(?:for|to)\s+(?:the\s+kids|my\s+(?:kids|children|son|daughter|husband|wife|partner
            |mum|mom|dad|family|parents|boyfriend|girlfriend)|everyone|them)
            {_gap(8)}(?:explaining|for\s+after|for\s+when|in\s+case|goodbye|why|sorry)
        |\b(?:wrote|written|writing)\s+(?:a|my|the)\s+(?:goodbye|final|last|suicide)\s+(?:note|letter)
        |\bwrote\s+a\s+note\s+(?:tonight|today|last\s+night|this\s+morning)
        |\b(?:rehom\w+|found\s+a\s+(?:new\s+)?home\s+for|finding\s+a\s+(?:new\s+)?home\s+for)\s+
            (?:my\s+|our\s+)?(?:cat|cats|dog|dogs|pets?|rabbits?|budgie)
        |\bcancel(?:led|ed|ling|ing)?\s+(?:all\s+)?(?:my\s+)?(?:\w+\s+)?(?:appointments?|prescriptions?
            |repeat){_gap(4)}(?:won'?t|not\s+going\s+to)\s+(?:need|be\s+needing|be\s+here)
        |\b(?:she|he|they|someone|somebody|you|my\s+\w+)(?:'ll|\s+will)\s+find\s+(?:the|my)\s+(?:note|letter|letters)""",
    # Samaritans: final-sounding posts; AFSP: visiting or calling people to say goodbye.
    Sign.GOODBYE: rf"""
        \b(?:this\s+is|this'?ll\s+be|this\s+will\s+be|probably)\s+(?:my\s+)?(?:last|final)\s+
            (?:post|message|time\s+(?:posting|writing|on\s+here))
        |\b(?:wanted|want|just\s+wanted)\s+to\s+(?:come\s+back\s+(?:and|to)\s+)?say\s+(?:goodbye|bye
            |thank\s+you|thanks){_gap(8)}(?:before\s+i\s+(?:go|leave)|one\s+last\s+time|while\s+i\s+
            (?:still\s+)?can|for\s+everything|who\s+(?:were|was|have\s+been)\s+kind\s+to\s+me)
        |\b(?:goodbye|bye|farewell)\s+(?:everyone|all|friends|lovely\s+people|guys),?{_gap(6)}
            (?:look\s+after|take\s+care\s+of|thank|won'?t\s+be|love)
        |\blook\s+after\s+each\s+other\s+for\s+me
        |\bremember\s+me\s+(?:when|as|kindly)
        |\bsaying\s+(?:my\s+)?goodbyes?\b
        |\bsaid\s+(?:my\s+)?goodbyes?\s+to\s+(?:everyone|my|the\s+kids)
        |\b(?:goodbye|bye\s+everyone|bye\s+all|last\s+check[\s-]*in|proper\s+goodbye)\b
        |\bclosing\s+my\s+account\b
        |\bnot\s+going\s+to\s+be\s+(?:around|on\s+here)\s+after
        |\b(?:it\s+)?(?:wasn'?t|isn'?t|was\s+not)\s+your\s+fault{_gap(6, ",.;:")}(?:sorry|none\s+of\s+it)
        |\bif\s+i\s+don'?t\s+post\s+again
        |\bwhen\s+i\s+go\s+quiet\b
        |\bthank\s+you\s+(?:to\s+)?(?:this\s+group|all\s+of\s+you|everyone|for\s+every){_gap(12, ",.;:")}
            (?:too\s+tired|take\s+care\s+of\s+yourselves|be\s+gentle|at\s+peace|deserve|done|going\s+to\s+go)
        |\byou\s+were\s+a\s+good\s+bunch
        |\bdont\s+be\s+sad|\bdon'?t\s+be\s+sad\b""",
    # Self-harm described in plain words, without the clinical term.
    Sign.SELF_HARM: rf"""
        \b(?:scratch(?:ed|ing)?|burn(?:ed|t|ing)?|hit(?:ting)?|punch(?:ed|ing)?|bang(?:ed|ing)?|bit(?:e|ing)?
            |pinch(?:ed|ing)?|slash(?:ed|ing)?|carv(?:e|ed|ing)|cut|cuts|cutting)\s+(?:into\s+)?
            (?:myself|my\s+(?:own\s+)?(?:arms?|legs?|wrists?|thighs?|skin|stomach|hips?))
            {_gap(6)}(?:again|on\s+purpose|till|until|to\s+(?:feel|stop|cope|punish|get)|so\s+(?:i|it)
            |because|when|every|bleed|blood|razor|blade|lighter|hurt)
        |\b(?:razor|blade|blades|lighter|compass){_gap(6)}(?:again|my\s+(?:arms?|legs?|wrists?|thighs?
            |skin)|relapse|cut|cuts|bleed)
        |\b(?:did|done|doing)\s+it\s+again\s+with\s+the\s+(?:razor|blade|lighter|scissors)
        |\bthe\s+only\s+thing\s+that\s+(?:helps|works|stops\s+it)\s+(?:is|was)\s+(?:when\s+)?
            (?:i\s+)?(?:hurt|hurting|cut|cutting|burn|burning)
        |\b(?:hurt|hurting)\s+myself\s+(?:again|on\s+purpose|to\s+(?:feel|cope|stop))
        |\bfresh\s+(?:cuts|scars|burns)\s+(?:on\s+)?(?:my|me)
        |\b(?:relapsed|relapse){_gap(3)}(?:cutting|self[\s-]*harm|sh\b|the\s+razor|blade)
        |\b(?:blade|lighter|razor|knife|knives){_gap(6, ",.;:")}(?:arm|arms|thigh|thighs|tonight|in\s+my\s+hand
            |went\s+back|again|hurt|did\s+it)
        |\bwent\s+back\s+to\s+the\s+(?:blade|razor|lighter)
        |\b(?:dig|digging|dug)\s+my\s+nails\b
        |\btill\s+it\s+bleeds|\buntil\s+it\s+bleeds
        |\bhurt\s+(?:somewhere\s+else|myself)\s+on\s+purpose
        |\b(?:cutting|burning|scratching)\s+my\s+(?:arms?|thighs?|legs?|wrists?|stomach)
        |\b(?:bang|banging|hit|hitting)\s+my\s+head\s+(?:on|against){_gap(4)}when
        |\bthe\s+urges?\b
        |\bi\s+want\s+it\s+to\s+hurt""",
    # Stopping a life-sustaining treatment on purpose, to let the illness end it.
    Sign.TREATMENT: rf"""
        \b(?:stop|stopped|stopping|skip|skipped|skipping|quit|quitting|not\s+taking|not\s+doing|refus\w+
            |come\s+off|coming\s+off|missed|missing|hiding|binned|binning|flushed|flushing|pretending\s+to\s+take)
            \s+(?:all\s+)?(?:my\s+|the\s+)?(?:\w+\s+)?(?:insulin|dialysis|heart\s+(?:meds|tablets|pills)
            |meds|medication|tablets|pills|chemo|treatment|warfarin|transplant\s+meds|anti[\s-]*rejection
            |oxygen|inhalers?|injections?|feeds?){_gap(8)}(?:on\s+purpose|deliberately|to\s+see\s+what
            \s+happens|let\s+(?:it|nature|things)|get\s+it\s+over|be\s+over|take\s+me|finish\s+me|so\s+i\s+can
            \s+go|won'?t\s+(?:wake|be\s+here)|hasten|speed\s+(?:it|things)\s+up|end\s+it|easiest\s+way
            |nobody\s+would\s+(?:know|question|notice)|no\s+one\s+would\s+(?:know|question|notice)
            |without\s+(?:telling|them\s+knowing))
        |\b(?:don'?t|do\s+not)\s+want\s+(?:the\s+)?(?:next|another|any\s+more)\s+(?:round|cycle|session
            |dialysis|treatment){_gap(12)}(?:want\s+it\s+(?:to\s+be\s+)?over|easiest\s+way|let\s+(?:it|nature)
            |nobody\s+would\s+question|no\s+one\s+would\s+question)
        |\beasiest\s+way\s*,?\s+(?:nobody|no\s+one)\s+would\s+(?:question|know|notice)
        |\b(?:stopped|stopping|skipped|skipping|binned|threw|thrown|haven'?t\s+taken|not\s+taken|stopped\s+using
            |stopped\s+wearing|stopped\s+bolusing|withdraw\s+from|left){_gap(6)}(?:meds|medication|tablets
            |pills|dialysis|insulin|oxygen|inhaler|creon|everything|treatment|bolusing|sensors?|gtn|feeds?)
            {_gap(14, ",.;:")}(?:on\s+purpose|not\s+telling|haven'?t\s+told|nobody\s+knows|told\s+(?:my\s+)?\w+
            \s+(?:the|it|i)|let\s+(?:it|the|me)|whole\s+point|don'?t\s+mind|takes\s+me|go\s+in\s+my\s+sleep
            |then\s+fine|looks\s+like|die\b|slow\s+way|don'?t\s+want\s+to\s+be\s+here|so\s+be\s+it|that'?s\s+that)""",
    # IS PATH WARM's Recklessness: risks taken so that dying would not be one's own act.
    Sign.RECKLESS: rf"""
        \bif\s+i\s+(?:keel\s+over|drop\s+dead|don'?t\s+wake\s+up|die|go|pop\s+off|crash|have\s+a\s+
            (?:heart\s+attack|hypo|stroke)){_gap(8)}(?:saves|so\s+be\s+it|good|fine|all\s+the\s+better
            |wouldn'?t\s+mind|won'?t\s+mind|don'?t\s+care|whatever|better\s+for|one\s+less|less\s+hassle)
        |\b(?:not|stopped|quit)\s+(?:bothering|caring|even\s+trying)\s+(?:with|about)\s+(?:my\s+|the\s+)?
            (?:\w+\s+)?(?:gtn|insulin|inhaler|meds|tablets|blood\s+sugars?|bloods|warfarin|seatbelt|checks)
            {_gap(10)}(?:keel\s+over|drop\s+dead|die|dying|don'?t\s+care|what'?s\s+the\s+point|saves)
        |\b(?:driv\w+){_gap(3)}(?:too\s+fast|without\s+a\s+seatbelt|hoping)
        |\bon\s+purpose{_gap(8, ",.;:")}if\s+i\s+(?:have|go|get)
        |\blet\s+my\s+(?:heart|body|kidneys?|lungs?)\s+decide
        |\b(?:didn'?t|did\s+not|won'?t)\s+(?:ring|call|phone)\s+(?:999|911|112|an\s+ambulance)\b
        |\bwithout\s+looking{_gap(8, ",.;:")}(?:don'?t\s+care|don'?t\s+stop)
        |\bwhatever\s+happens\s+happens\b""",
    # AFSP: talking about being a burden to others.
    Sign.BURDEN: rf"""
        \b(?:i'?m|i\s+am|i\s+feel\s+like|i\s+feel|just|nothing\s+but|only)\s+(?:such\s+|a\s+massive\s+|a\s+huge\s+
            |a\s+big\s+)?(?:a\s+)?(?:burden|drain|waste\s+of\s+(?:space|oxygen|money|air)|dead\s+weight)
        |\b(?:they|everyone|everybody|my\s+\w+|he|she|the\s+kids|the\s+world)\s+(?:would|'?d|will)\s+be\s+
            (?:so\s+much\s+|much\s+|far\s+)?(?:better\s+off|free|happier|relieved|fine)\s+(?:without\s+me
            |if\s+i\s+(?:was|were)(?:n'?t|\s+not)|once\s+i'?m|when\s+i'?m|if\s+i\s+(?:went|died|disappeared)
            |with\s+me\s+gone)
        |\b(?:just\s+)?(?:costing|draining|ruining)\s+(?:my\s+family|everyone|them|my\s+\w+){_gap(3)}
            (?:money|life|lives|everything)
        |\b(?:my\s+\w+|he|she|they)\s+(?:would|could)\s+(?:finally\s+)?(?:be\s+free|move\s+on|have\s+a\s+life)
            \s+(?:without\s+me|if\s+i|once\s+i)
        |\bif\s+i\s+(?:wasn'?t|was\s+not|weren'?t|wasnt)\s+(?:around|here)\b
        |\bonce\s+i'?m\s+gone\b
        |\bgive\s+(?:her|him|them)\s+(?:her|his|their)\s+life\s+back
        |\bi'?m\s+(?:the\s+problem|holding\s+(?:him|her|them)\s+back)
        |\b(?:life\s+insurance|death\s+in\s+service|payout){_gap(10, ",.;:")}(?:better\s+off|more|pays|claim)
        |\bif\s+i\s+disappeared\b
        |\bwithout\s+having\s+to\s+see\s+me|\bnot\s+having\s+to\s+see\s+me
        |\bi'?ve\s+had\s+my\s+turn\b
        |\b(?:happier|easier)\s+(?:for\s+them\s+)?(?:not\s+having|without)\s+me""",
    # AFSP and IS PATH WARM: hopelessness, no purpose.
    Sign.HOPELESS: r"""
        \b(?:nothing|it|things|life)\s+(?:is\s+|'?s\s+)?(?:ever\s+)?(?:going\s+to|gonna|will)\s+(?:ever\s+)?
            (?:get\s+better|change|improve)\s*(?:[.!,]|$)
        |\b(?:it'?s|it\s+is)\s+only\s+(?:going\s+to|gonna)\s+get\s+worse
        |\bno\s+(?:hope|future|point)\s+(?:left|any\s*more|at\s+all|for\s+me|in\s+(?:anything|trying))
        |\b(?:can'?t|cannot)\s+see\s+(?:a|any)\s+(?:future|way\s+(?:out|forward)|point|light)
        |\bwhat'?s\s+the\s+point\s+(?:any\s*more|of\s+(?:anything|me|it\s+all|carrying\s+on|trying))
        |\b(?:wake|woke|waking)\s+up\s+(?:every\s+\w+\s+)?(?:disappointed|gutted)
        |\b(?:given|giving)\s+up\s+(?:on\s+)?(?:everything|life|hope|myself|trying)
        |\bnothing\s+(?:left|to\s+look\s+forward\s+to)\b
        |\bthere\s+is\s+no\s+eventually|\bthere'?s\s+no\s+eventually
        |\b(?:don'?t|dont)\s+(?:even\s+)?bother\s+hoping
        |\bout\s+of\s+(?:options|hope)\b
        |\bnothing\s+left\s+to\s+try\b
        |\b(?:i\s+)?(?:don'?t|dont)\s+care\s+about\s+anything\b""",
    # IS PATH WARM: Trapped; AFSP: unbearable pain.
    Sign.TRAPPED: r"""
        \b(?:can'?t|cannot|can\s+not)\s+(?:do|take|face|stand|bear|survive|cope\s+with)\s+(?:this|it|another
            |one\s+more)\s+(?:\w+\s+)?(?:any\s*more|much\s+longer|day|year|month|week|night|winter|round)
        |\bno\s+way\s+out\b
        |\b(?:trapped|unbearable|can'?t\s+escape)\b
        |\b(?:only|one)\s+way\s+(?:out|to\s+(?:stop|end)\s+(?:it|this|the\s+pain))
        |\b(?:can'?t|cannot)\s+survive\b
        |\bboxed\s+in\b
        |\bone\s+exit\b
        |\b(?:can'?t|cannot)\s+get\s+out\b
        |\b(?:just\s+)?want\s+out\b""",
    Sign.DOSE_QUESTION: rf"""
        \bhow\s+(?:much|many){_gap(4)}(?:would|will|is|does|do|it\s+takes?|to){_gap(3)}
            (?:too\s+(?:much|many)|enough)\b""",
    # AFSP: withdrawing from people, isolating.
    Sign.WITHDRAWN: rf"""
        \b(?:cut|cutting|shut|shutting)\s+(?:everyone|everybody|people|my\s+\w+)\s+(?:off|out)
        |\bi'?ve\s+(?:made\s+up\s+my\s+mind|decided)\s*[.!]
        |\b(?:stopped|not)\s+(?:eating|answering|replying|opening\s+the\s+door){_gap(4)}
            (?:point|bother|anyone|anybody|everyone)
        |\b(?:pulling|pulled)\s+away\b
        |\b(?:stopped|stop)\s+answering\b
        |\b(?:muted|unfollowed)\s+(?:every|all|everyone)
        |\bpushed\s+(?:\w+\s+){0,2}away\s+on\s+purpose
        |\bforget\s+about\s+me\s+before
        |\bgetting\s+everyone\s+used\s+to""",
}


_COMPILED: dict[Sign, re.Pattern[str]] = {
    sign: at_word_starts(pattern) for sign, pattern in _PATTERNS.items()
}


def warning_signs(plain: str) -> dict[Sign, tuple[int, int]]:
    """Each warning sign the prepared text shows, with where its first instance is."""
    found = {}
    for sign, pattern in _COMPILED.items():
        match = pattern.search(plain)
        if match is not None:
            found[sign] = match.span()
    return found
