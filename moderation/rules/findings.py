"""What a check reports: the action taken on a post, the kind of check, and the guideline it enforces."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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
    # Selling, contact elsewhere, money-making, medicines without a prescription: found by the
    # spam check the links rule switches on and off, so it is no rule of its own.
    PROMOTION = "promotion"
    # Threats, wishing harm, insults and belittling aimed at someone: always checked, like
    # crisis language, so it is no rule of its own either.
    ABUSE = "abuse"


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
