"""Postal addresses: a house number and street ("221B Baker Street") and UK postcodes."""

from __future__ import annotations

import re

from moderation.rules.matching import any_of

Span = tuple[int, int]

_STREET_WORD = any_of(
    *(  # noqa: SIM905 (a word list reads best as words)
        "street st road rd avenue ave lane ln drive dr boulevard blvd close way court ct crescent "
        "place"
    ).split()
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


def street_address(text: str) -> Span | None:
    """The first house number and street, unless the words between show it is not one."""
    for match in _STREET.finditer(text):
        names = match.group("name").split()
        if any(name.lower().strip(".'") in _NOT_STREET_NAME for name in names):
            continue
        street = match.group("street").lower()
        if street in _AMBIGUOUS_STREET and not all(name[0].isupper() for name in names):
            continue
        return match.span()
    return None


def postcode(text: str) -> Span | None:
    """The first UK postcode written in capitals."""
    match = _POSTCODE.search(text)
    return match.span() if match else None
