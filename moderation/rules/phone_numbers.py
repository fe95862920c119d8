"""Phone numbers, as libphonenumber reads them for the regions most members write from.

libphonenumber comes from the phonenumberslite package (imported as `phonenumbers`), which ships
its metadata. It only ever sees short windows of digit groups that this module picks out in one
pass, so its cost stays linear in the post; the shapes it would accept that are doses, readings,
dates or lists are turned away before it is asked. Public helplines (moderation.rules.helplines) are
never taken for a member's number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher

from moderation.rules.helplines import is_helpline

Span = tuple[int, int]

# A run of digit groups with single separators: "+44 20 7946 0958", "(555) 123-4567", "2024-03-15".
# Groups are split by a separator that is never a digit, so there is one way to read a run.
_DIGIT_GROUP = r"\+?\(?\d+(?:\)\d*)?"
_DIGIT_RUN = re.compile(
    rf"(?<![\w.,/:+\-]){_DIGIT_GROUP}(?:[ \t.\-]{{1,2}}{_DIGIT_GROUP})*(?![\w/:%])"
)
_DIGIT_GROUPS = re.compile(_DIGIT_GROUP)
# Phone numbers are at most 15 digits (E.164), and an international dialling prefix ("0011" from
# Australia) adds up to four; a window of more groups than this is not one number.
_MAX_PHONE_GROUPS = 7
_MIN_PHONE_DIGITS, _MAX_PHONE_DIGITS = 8, 19
# Written nationally, with the trunk prefix 0: Ireland's and New Zealand's shortest have 9 digits,
# the UK's longest 11 (the UK's few 8-digit numbers are helplines, allowed below).
_NATIONAL_DIGITS = range(9, 12)
_E164_DIGITS = range(8, 16)
# National numbers that start with the trunk prefix 0, read as each of these would dial them.
_TRUNK_REGIONS = ("GB", "IE", "AU", "NZ")
# The US and Canada share one numbering plan, so reading as the US reads both: 3-3-4, maybe a 1.
_NORTH_AMERICAN = re.compile(r"(?:1[ .\-]?)?\(?\d{3}\)?[ .\-]{0,2}\d{3}[ .\-]?\d{4}")
# Dialled from abroad: "00" from the UK, Ireland and New Zealand, "0011" from Australia, "011" from
# North America (whose "011..." may also be a UK number: Sheffield is 0114, read nationally first).
_DIALLING_OUT = (("0011", "AU"), ("00", "GB"), ("011", "US"))
# A time or a date with dots or dashes, which the trunk prefix alone would let through: "07.30 08.45".
_DATE = re.compile(r"\d{1,2}([.\-])\d{1,2}\1\d{2,4}|\d{4}([.\-])\d{1,2}\2\d{1,2}")


@dataclass
class _Lookups:
    """libphonenumber is asked about at most this many candidates in a post (about 30 µs each).

    Past that, a candidate shaped like a phone number counts as one: a post with hundreds of
    phone-shaped runs is no ordinary post, and holding it for a moderator beats a stuck worker.
    """

    left: int = 300


def phone_number(text: str) -> Span | None:
    """The span of the first phone number, tried on every few consecutive groups of each digit run.

    A window of groups is only looked at closely when it holds 8 to 19 digits, as every phone number
    does (dialling prefix included): a 20,000-character run of "0 " has 60,000 windows, and building
    and testing each one took 0.13 s. Digits are counted once per group (a group is digits with at
    most "+", "(" and ")"). The longest window from each group is tried first, and a helpline's
    groups are passed over whole, so no part of it is taken for a number.
    """
    lookups = _Lookups()
    for run in _DIGIT_RUN.finditer(text):
        found = run.group()
        groups = [group.span() for group in _DIGIT_GROUPS.finditer(found)]
        digits_before = [0]
        for start, end in groups:
            digits_before.append(digits_before[-1] + sum(c.isdigit() for c in found[start:end]))
        first = 0
        while first < len(groups):
            after = first + 1
            for last in range(min(len(groups), first + _MAX_PHONE_GROUPS) - 1, first - 1, -1):
                digits = digits_before[last + 1] - digits_before[first]
                if not _MIN_PHONE_DIGITS <= digits <= _MAX_PHONE_DIGITS:
                    continue
                start, end = groups[first][0], groups[last][1]
                if found[end - 1] == ")" and found.count("(", start, end) < found.count(
                    ")", start, end
                ):
                    end -= 1  # "(ring 07700 900123)": the bracket closes the aside
                reading = _reading(found[start:end], digits, lookups)
                if reading == "phone":
                    return run.start() + start, run.start() + end
                if reading == "helpline":
                    after = last + 1
                    break
            first = after
    return None


def _reading(candidate: str, digits: int, lookups: _Lookups) -> str | None:
    """ "phone" for a number someone could ring, "helpline" for a public helpline, else None."""
    if "+" in candidate[1:] or _DATE.fullmatch(candidate):
        return None
    number = re.sub(r"\(0\)|\D", "", candidate)
    readings = _ways_to_read(candidate, number, digits)
    if not readings:
        return None
    if any(
        is_helpline(number[skip:], international=international)
        for _, international, skip in readings
    ):
        return "helpline"
    if lookups.left <= 0:
        return "phone"
    for region, international, _ in readings:
        lookups.left -= 1
        if _possible_number(candidate, region, international=international):
            return "phone"
    return None


def _ways_to_read(candidate: str, number: str, digits: int) -> list[tuple[str, bool, int]]:
    """How the candidate may be dialled: (region, dialled from abroad, digits before the number)."""
    lead = candidate.lstrip("(")
    if lead.startswith("+"):
        return [("GB", True, 0)] if _country_code_at(number, 0) else []
    if lead.startswith("0"):
        ways = []
        if digits in _NATIONAL_DIGITS and _grouped_like_a_phone(candidate):
            ways = [(region, False, 1) for region in _TRUNK_REGIONS]
        for prefix, region in _DIALLING_OUT:
            if lead.startswith(prefix):
                if _country_code_at(number, len(prefix)):
                    ways.append((region, True, len(prefix)))
                break
        return ways
    if _NORTH_AMERICAN.fullmatch(candidate):
        return [("US", False, len(number) - 10)]
    return []


def _country_code_at(number: str, start: int) -> bool:
    return any(
        int(number[start : start + size] or 0) in phonenumbers.COUNTRY_CODE_TO_REGION_CODE
        for size in (1, 2, 3)
    )


def _grouped_like_a_phone(candidate: str) -> bool:
    """National numbers are written with an area code of two digits or more, then groups of three
    or four with at most two pairs among them ("0808 808 00 00"): "05 06 07 08 09" is a list,
    "07.30 08.45" two times, "0-306-40615-7" an ISBN."""
    area, *groups = re.findall(r"\d+", candidate)
    short = [group for group in groups if len(group) < 3]
    return len(area) >= 2 and len(short) <= 2 and all(len(group) == 2 for group in short)


def _possible_number(candidate: str, region: str, *, international: bool) -> bool:
    """Whether libphonenumber reads the whole candidate as a possible number of the region (or,
    dialled out, of a number abroad); fictional and unallocated ranges count, as members' may."""
    for match in PhoneNumberMatcher(candidate, region, leniency=Leniency.POSSIBLE):
        number = match.number
        whole = (match.start, match.end) == (0, len(candidate))
        e164 = len(f"{number.country_code}{number.national_number}")
        return whole and (not international or e164 in _E164_DIGITS)
    return False
