"""Personal data: phone numbers, email addresses, street addresses and postcodes, held for a moderator."""

from __future__ import annotations

import re

from moderation.rules.findings import GUIDELINE_PRIVACY, Action, Finding, Kind
from moderation.rules.matching import any_of, excerpt

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
# Every shape _looks_like_phone accepts has this many digits: international 8 to 15, UK and North
# American 10 or 11.
_MIN_PHONE_DIGITS, _MAX_PHONE_DIGITS = 8, 15
# Also how link_spam tells an email address, which is not a link, from a web address.
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?![\w-])", re.IGNORECASE)
_STREET_WORD = any_of(
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
        "email": _first_span(EMAIL, scrubbed),
        "address": _street_address(scrubbed),
        "postcode": _first_span(_POSTCODE, scrubbed),
    }
    return [
        Finding(
            Kind.PERSONAL_DATA,
            Action.HOLD,
            GUIDELINE_PRIVACY,
            _PRIVACY_REASONS[what],
            excerpt(text, *span),
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
    """The span of the first phone number, tried on every few consecutive groups of each digit run.

    A window of groups is only looked at closely when it holds 8 to 15 digits, as every phone number
    does: a 20,000-character run of "0 " has 60,000 windows, and building and testing each one took
    0.13 s. Digits are counted once per group (a group is digits with at most "+", "(" and ")").
    """
    for run in _DIGIT_RUN.finditer(text):
        found = run.group()
        groups = [group.span() for group in _DIGIT_GROUPS.finditer(found)]
        digits_before = [0]
        for start, end in groups:
            group = found[start:end]
            digits = len(group) - group.count("+") - group.count("(") - group.count(")")
            digits_before.append(digits_before[-1] + digits)
        for first in range(len(groups)):
            for last in range(min(len(groups), first + _MAX_PHONE_GROUPS) - 1, first - 1, -1):
                digits = digits_before[last + 1] - digits_before[first]
                if not _MIN_PHONE_DIGITS <= digits <= _MAX_PHONE_DIGITS:
                    continue
                start, end = groups[first][0], groups[last][1]
                if _looks_like_phone(found[start:end], last - first + 1):
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
