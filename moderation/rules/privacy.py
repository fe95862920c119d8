"""Personal data: phone, NHS, social security and National Insurance numbers, email addresses (also
spelled out), street addresses and postcodes, held for a moderator.

Phone numbers are read by libphonenumber (the `phonenumbers` package, which ships its metadata) for
the regions most members write from. It only ever sees short windows of digit groups that this
module picks out in one pass, so its cost stays linear in the post; the shapes it would accept that
are doses, readings, dates or lists are turned away before it is asked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher

from moderation.rules.findings import GUIDELINE_PRIVACY, Action, Finding, Kind
from moderation.rules.matching import any_of, excerpt

Span = tuple[int, int]

# Links are looked at by links(); blanked here so a URL's "@" or digits are not taken for an email
# or a phone number. Markdown link targets are blanked as well, except mailto: addresses.
_WEB_ADDRESS = re.compile(r"(?:\bhttps?://|(?<![\w.@/-])www\.)[^\s<>\[\]()\"']+", re.IGNORECASE)
# "tel:" loses its colon, so the number after it reads like any other.
_TEL = re.compile(r"\btel:", re.IGNORECASE)
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

# Public helplines members share to help each other: never held. Short codes (999, 911, 112, 111,
# 988, 116 123, 1737, 13 11 14, SHOUT 85258, HOME 741741) are too short to be read as a number.
_HELPLINES = (
    # UK
    ("GB", "0300 123 3393"),  # Mind Infoline
    ("GB", "08457 90 90 90"),  # Samaritans (old number, still quoted)
    ("GB", "0808 164 0123"),  # Samaritans Cymraeg
    ("GB", "0800 1111"),  # Childline
    ("GB", "0800 58 58 58"),  # CALM
    ("GB", "0800 068 4141"),  # Papyrus HOPELINE247
    ("GB", "0300 304 7000"),  # SANEline
    ("GB", "0800 83 85 87"),  # Breathing Space (Scotland)
    ("GB", "0808 2000 247"),  # National Domestic Abuse Helpline
    ("GB", "0808 808 00 00"),  # Macmillan Support Line
    ("GB", "0808 800 4040"),  # Cancer Research UK nurses
    ("GB", "0345 123 2399"),  # Diabetes UK Helpline
    ("GB", "0808 802 1234"),  # British Heart Foundation
    ("GB", "0800 5200 520"),  # Versus Arthritis
    ("GB", "0808 800 8000"),  # MS Society
    ("GB", "0333 150 3456"),  # Alzheimer's Society
    ("GB", "0808 801 0677"),  # Beat (eating disorders)
    ("GB", "0800 678 1602"),  # Age UK Advice Line
    ("GB", "0808 808 1677"),  # Cruse Bereavement Support
    ("GB", "0300 123 6600"),  # FRANK
    ("GB", "0800 917 7650"),  # Alcoholics Anonymous
    # Ireland
    ("IE", "1800 247 247"),  # Pieta
    ("IE", "1800 80 48 48"),  # Aware
    ("IE", "1800 66 66 66"),  # Childline Ireland
    # US and Canada
    ("US", "1-800-273-8255"),  # 988 Lifeline's old number, still quoted
    ("US", "1-800-662-4357"),  # SAMHSA National Helpline
    ("US", "1-800-950-6264"),  # NAMI HelpLine
    ("US", "1-800-799-7233"),  # National Domestic Violence Hotline
    ("US", "1-866-488-7386"),  # The Trevor Project
    ("US", "1-877-565-8860"),  # Trans Lifeline
    ("US", "1-800-222-1222"),  # Poison Control
    ("US", "1-800-656-4673"),  # RAINN
    ("CA", "1-833-456-4566"),  # Talk Suicide Canada
    ("CA", "1-800-668-6868"),  # Kids Help Phone
    ("CA", "1-855-242-3310"),  # Hope for Wellness
    # Australia and New Zealand
    ("AU", "1300 22 4636"),  # Beyond Blue
    ("AU", "1800 55 1800"),  # Kids Helpline
    ("AU", "1300 659 467"),  # Suicide Call Back Service
    ("AU", "1800 737 732"),  # 1800RESPECT
    ("AU", "1300 78 99 78"),  # MensLine
    ("AU", "1800 022 222"),  # healthdirect
    ("NZ", "0800 543 354"),  # Lifeline Aotearoa
    ("NZ", "0508 828 865"),  # Suicide Crisis Helpline
    ("NZ", "0800 611 116"),  # Healthline
    ("NZ", "0800 376 633"),  # Youthline
)


def _helpline_numbers() -> dict[bool, dict[str, str]]:
    """Each helpline's digits as dialled at home (no trunk prefix) and from abroad (country code)."""
    national, international = {}, {}
    for region, written in _HELPLINES:
        number = phonenumbers.parse(written, region)
        national[str(number.national_number)] = written
        international[f"{number.country_code}{number.national_number}"] = written
    return {False: national, True: international}


_HELPLINE_FOR = _helpline_numbers()

# NHS numbers: ten digits, usually 3-3-4, the last a mod-11 check digit. England's and Wales's start
# with 4 to 9; those starting lower are Scotland's and Northern Ireland's, and UK phone numbers.
_NHS = re.compile(r"(?<![\w.,/:+\-])\d{3}([ \-]?)\d{3}\1\d{4}(?![\w/:%]|[.,]\d)")
_NHS_CUE = re.compile(r"\b(?:nhs|chi|h\s*&\s*c|health\s+(?:and|&)\s+care)\b", re.IGNORECASE)
# US social security numbers: area-group-serial; never area 000, 666 or 900-999, group 00 or
# serial 0000. Nine digits without dashes count only after "SSN" or "social security".
_SSN = re.compile(
    r"(?<![\w.,/:+\-])(?!000|666|9)\d{3}(?P<sep>[ \-]?)(?!00)\d{2}(?P=sep)(?!0000)\d{4}"
    r"(?![\w/:%]|[.,]\d)"
)
_SSN_CUE = re.compile(r"\b(?:ssn|social\s+security)\b", re.IGNORECASE)
# How far before a number its name ("my NHS number is") is looked for.
_CUE_REACH = 40
# UK National Insurance numbers: "QQ 12 34 56 C". The first letter is never D, F, I, Q, U or V, the
# second never those or O; BG, GB, KN, NK, NT, TN and ZZ are never issued. QQ is HMRC's example,
# which members copy. Written in lower case ("at 12 34 56 a") it counts only after its name.
_NINO = re.compile(
    r"\b(?!BG|GB|KN|NK|NT|TN|ZZ)(?:QQ|[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b",
    re.IGNORECASE,
)
_NINO_CUE = re.compile(r"\b(?:national\s+insurance|ni\s+(?:number|no)|nino)\b", re.IGNORECASE)

# Also how link_spam tells an email address, which is not a link, from a web address.
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?![\w-])", re.IGNORECASE)
# An address written out to dodge filters: "jane dot smith at gmail dot com", "jane(at)gmail(dot)com",
# "jane @ gmail.com". Each repetition is bounded and every separator starts with a space, a bracket,
# "." or "@", none of which a word can hold, so a failed attempt gives up within a few words.
_SPELLED_AT = r"\s*[(\[{<]\s*at\s*[)\]}>]\s*|\s+at\s+|\s*@\s*"
_SPELLED_DOT = r"\s*[(\[{<]\s*dot\s*[)\]}>]\s*|\s+dot\s+|\."
_TOP_LEVEL = any_of(
    *"com net org edu gov info biz io me co uk ie au nz ca us de fr es it nl eu ac".split()  # noqa: SIM905
)
_SPELLED_EMAIL = re.compile(
    rf"(?<![\w.+-])(?P<local>[\w+-]+(?:(?:{_SPELLED_DOT})[\w+-]+){{0,4}})(?P<at>{_SPELLED_AT})"
    rf"(?P<domain>[\w-]+(?:(?:{_SPELLED_DOT})[\w-]+){{0,3}})(?P<dot>{_SPELLED_DOT}){_TOP_LEVEL}(?![\w-])",
    re.IGNORECASE,
)
_PLAIN_AT = re.compile(r"\s+at\s+|@", re.IGNORECASE)
# "jane at gmail.com" is an address where "look at nhs.uk" is a web page: mail providers' domains.
_MAIL_PROVIDERS = frozenset(
    (  # noqa: SIM905 (a word list reads best as words)
        "gmail googlemail hotmail outlook live msn yahoo ymail icloud aol protonmail proton "
        "btinternet sky virginmedia talktalk gmx yandex zoho mail"
    ).split()
)
# "Look at the dot com boom" is not an address.
_NOT_A_MAILBOX = frozenset("a an the my your our his her their this that".split())  # noqa: SIM905

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

# What each finding names, in the reason shown to the author and moderators.
_WHAT = {
    "phone": "a phone number",
    "nhs": "an NHS number",
    "ssn": "a social security number",
    "nino": "a National Insurance number",
    "email": "an email address",
    "address": "a street address",
    "postcode": "a postcode",
}


def personal_data(text: str) -> list[Finding]:
    """Phone and identity numbers, email addresses, street addresses and postcodes: held."""
    scrubbed = _TEL.sub("tel ", _blank_web_addresses(text))
    identities = {
        "nhs": list(_nhs_numbers(scrubbed)),
        "ssn": list(_social_security_numbers(scrubbed)),
        "nino": list(_national_insurance_numbers(scrubbed)),
    }
    # An identity number is named as one, never also as a phone number.
    numbers = _blanked(scrubbed, (span for spans in identities.values() for span in spans))
    found = {
        "phone": _phone_number(numbers),
        **{what: spans[0] if spans else None for what, spans in identities.items()},
        "email": _email(scrubbed),
        "address": _street_address(scrubbed),
        "postcode": _first_span(_POSTCODE, scrubbed),
    }
    return [
        Finding(
            Kind.PERSONAL_DATA,
            Action.HOLD,
            GUIDELINE_PRIVACY,
            f"Your post seems to include {_WHAT[what]}, so to protect your privacy a moderator "
            "will check it first.",
            excerpt(text, *span),
        )
        for what, span in found.items()
        if span is not None
    ]


def _blank_web_addresses(text: str) -> str:
    """The text with web addresses replaced by spaces of the same length."""
    return _WEB_ADDRESS.sub(lambda match: " " * len(match.group()), text)


def _blanked(text: str, spans: Iterable[Span]) -> str:
    pieces, position = [], 0
    for start, end in sorted(spans):
        pieces += [text[position:start], " " * (end - start)]
        position = end
    return "".join(pieces) + text[position:]


def _first_span(pattern: re.Pattern[str], text: str) -> Span | None:
    match = pattern.search(text)
    return match.span() if match else None


def _cued(cue: re.Pattern[str], text: str, start: int) -> bool:
    return cue.search(text, max(0, start - _CUE_REACH), start) is not None


# --- identity numbers -----------------------------------------------------------------------------


def nhs_check_digit_valid(digits: str) -> bool:
    """The NHS number's mod-11 check: weights 10 to 2 on the first nine digits."""
    total = sum(
        int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True)
    )
    check = 11 - total % 11
    return check != 10 and (check % 11) == int(digits[9]) and len(set(digits)) > 1


def _nhs_numbers(text: str) -> Iterator[Span]:
    """Numbers named as NHS numbers, and bare ones of England and Wales with a valid check digit.

    A number introduced as an NHS number is held as one whatever its check digit: members mistype.
    """
    for match in _NHS.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if _cued(_NHS_CUE, text, match.start()):
            yield match.span()
        elif match.group(1) != "-" and digits[0] >= "4" and nhs_check_digit_valid(digits):
            # Dashed 3-3-4 is how the US writes phone numbers; NHS numbers are spaced or run on.
            yield match.span()


def _social_security_numbers(text: str) -> Iterator[Span]:
    for match in _SSN.finditer(text):
        if match.group("sep") or _cued(_SSN_CUE, text, match.start()):
            yield match.span()


def _national_insurance_numbers(text: str) -> Iterator[Span]:
    for match in _NINO.finditer(text):
        if match.group().isupper() or _cued(_NINO_CUE, text, match.start()):
            yield match.span()


# --- phone numbers --------------------------------------------------------------------------------


@dataclass
class _Lookups:
    """libphonenumber is asked about at most this many candidates in a post (about 30 µs each).

    Past that, a candidate shaped like a phone number counts as one: a post with hundreds of
    phone-shaped runs is no ordinary post, and holding it for a moderator beats a stuck worker.
    """

    left: int = 300


def _phone_number(text: str) -> Span | None:
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
    if any(_HELPLINE_FOR[international].get(number[skip:]) for _, international, skip in readings):
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


# --- email, street and postcode -------------------------------------------------------------------


def _email(text: str) -> Span | None:
    """The first email address, written plainly or spelled out."""
    spans = [span for span in (_first_span(EMAIL, text), _spelled_email(text)) if span]
    return min(spans, default=None)


def _spelled_email(text: str) -> Span | None:
    for match in _SPELLED_EMAIL.finditer(text):
        local, domain = match.group("local"), match.group("domain")
        if local.lower() in _NOT_A_MAILBOX or domain.lower() in _NOT_A_MAILBOX:
            continue
        dots = [match.group("dot"), *re.findall(_SPELLED_DOT, local + domain, re.IGNORECASE)]
        # "look at nhs.uk" and plain addresses are not spelled out: a dot or the "at" must be,
        # or the "at" comes before a mail provider.
        at = match.group("at")
        provider = domain.split(".")[0].lower() in _MAIL_PROVIDERS and at.strip().lower() == "at"
        if any(dot != "." for dot in dots) or not _PLAIN_AT.fullmatch(at) or provider:
            return match.span()
    return None


def _street_address(text: str) -> Span | None:
    for match in _STREET.finditer(text):
        names = match.group("name").split()
        if any(name.lower().strip(".'") in _NOT_STREET_NAME for name in names):
            continue
        street = match.group("street").lower()
        if street in _AMBIGUOUS_STREET and not all(name[0].isupper() for name in names):
            continue
        return match.span()
    return None
