"""The board guidelines as checks on a post's Markdown source, run before it is published; no Flask.

Every pattern here runs on whatever a member pastes (posts can be 20,000 characters), so none has a
quantifier inside a repeated group that could match the same text in two ways, and every check is
close to linear in the length of the post. (The one borrowed pattern, the renderer's link pattern
used by link_spam, is kept linear by what link_spam feeds it.)

One module per concern:
    findings         Action, Kind, Finding and the guidelines a finding names
    matching         text helpers the checks share: apostrophes, excerpts, sentences, negation,
                     each sentence once, one word-start test before many alternatives
    watchlist        watched words moderators set: find, mask as ***, and say what was hidden
    medicine_advice  advice to someone else to start, stop or change a medicine or dose
    cure_claims      miracle cures, and cures said to be hidden
    medical          the medical-safety check built from those two
    warning_signs    the clinical warning signs of suicide (C-SSRS, AFSP / IS PATH WARM), strong and weak
    crisis_framing   a crisis told as past, someone else's danger or words, or said in jest
    crisis           suicide, self-harm or harming someone: phrases, signs and the classifier's score
    abuse            threats, wishing harm, insults and belittling aimed at someone
    helplines        public helplines members share, never taken for a member's phone number
    phone_numbers    phone numbers as libphonenumber reads them, found in one pass over digit runs
    identity_numbers NHS (with its check digit), social security and National Insurance numbers
    email_addresses  email addresses, plain or spelled out ("jane dot smith at gmail dot com")
    postal_addresses house numbers with a street, and UK postcodes
    privacy          personal data: those four kinds, found once links are blanked, held
    link_spam        counting links as the renderer makes them; new members', many, and selling links
    promotion        selling, contact elsewhere, money-making, medicines without a prescription
    checking         check_text, every enabled check in order of urgency
"""

from __future__ import annotations

from moderation.rules.checking import check_text
from moderation.rules.crisis import crisis_language
from moderation.rules.findings import (
    GUIDELINE_CRISIS,
    GUIDELINE_EXPERIENCE,
    GUIDELINE_KIND,
    GUIDELINE_NO_CURES,
    GUIDELINE_NO_SPAM,
    GUIDELINE_PRIVACY,
    Action,
    Finding,
    Kind,
)
from moderation.rules.link_spam import count_links, links
from moderation.rules.matching import MAX_EXCERPT
from moderation.rules.medical import medical_safety
from moderation.rules.privacy import personal_data
from moderation.rules.promotion import promotion
from moderation.rules.watchlist import (
    WatchedWord,
    compile_watched,
    mask_watched,
    masking_notices,
    watched_words,
)

__all__ = [
    "GUIDELINE_CRISIS",
    "GUIDELINE_EXPERIENCE",
    "GUIDELINE_KIND",
    "GUIDELINE_NO_CURES",
    "GUIDELINE_NO_SPAM",
    "GUIDELINE_PRIVACY",
    "MAX_EXCERPT",
    "Action",
    "Finding",
    "Kind",
    "WatchedWord",
    "check_text",
    "compile_watched",
    "count_links",
    "crisis_language",
    "links",
    "mask_watched",
    "masking_notices",
    "medical_safety",
    "personal_data",
    "promotion",
    "watched_words",
]
