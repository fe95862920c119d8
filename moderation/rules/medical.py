"""The medical-safety check: medicine advice and miracle-cure claims are held for a moderator."""

from __future__ import annotations

from moderation.rules.cure_claims import first_cure_claim
from moderation.rules.findings import (
    GUIDELINE_EXPERIENCE,
    GUIDELINE_NO_CURES,
    Action,
    Finding,
    Kind,
)
from moderation.rules.matching import each_sentence_once, excerpt
from moderation.rules.medicine_advice import first_medicine_advice

_ADVICE_REASON = (
    "Your post seems to suggest changing a medicine or dose. A moderator will check it first."
)
_CURE_REASON = "Your post seems to claim a cure, or a treatment that is being hidden, so a moderator will check it first."


def medical_safety(text: str) -> list[Finding]:
    """Advice to start, stop or change someone's medicine, and miracle-cure claims: held for a moderator."""
    # Each sentence once: a hostile post repeating one line 10,000 times is read as one.
    plain = each_sentence_once(text)
    findings = []
    advice = first_medicine_advice(plain)
    if advice:
        findings.append(
            Finding(
                Kind.MEDICAL,
                Action.HOLD,
                GUIDELINE_EXPERIENCE,
                _ADVICE_REASON,
                excerpt(plain, *advice),
            )
        )
    cure = first_cure_claim(plain)
    if cure:
        findings.append(
            Finding(
                Kind.MEDICAL,
                Action.HOLD,
                GUIDELINE_NO_CURES,
                _CURE_REASON,
                excerpt(plain, *cure),
            )
        )
    return findings
