"""Identity numbers: NHS numbers (checked by their mod-11 check digit), US social security numbers
and UK National Insurance numbers, each also recognised by its name just before it."""

from __future__ import annotations

import re
from collections.abc import Iterator

Span = tuple[int, int]

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


def nhs_check_digit_valid(digits: str) -> bool:
    """The NHS number's mod-11 check: weights 10 to 2 on the first nine digits."""
    total = sum(
        int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True)
    )
    check = 11 - total % 11
    return check != 10 and (check % 11) == int(digits[9]) and len(set(digits)) > 1


def nhs_numbers(text: str) -> Iterator[Span]:
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


def social_security_numbers(text: str) -> Iterator[Span]:
    """Dashed or spaced social security numbers, and run-on ones named as such."""
    for match in _SSN.finditer(text):
        if match.group("sep") or _cued(_SSN_CUE, text, match.start()):
            yield match.span()


def national_insurance_numbers(text: str) -> Iterator[Span]:
    """National Insurance numbers in capitals, and lower-case ones named as such."""
    for match in _NINO.finditer(text):
        if match.group().isupper() or _cued(_NINO_CUE, text, match.start()):
            yield match.span()


def _cued(cue: re.Pattern[str], text: str, start: int) -> bool:
    return cue.search(text, max(0, start - _CUE_REACH), start) is not None
