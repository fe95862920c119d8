"""Public helplines members share to help each other, which the phone number check never holds.

Short codes (999, 911, 112, 111, 988, 116 123, 1737, 13 11 14, SHOUT 85258, HOME 741741) are too
short to be read as a number, so only the longer numbers are listed.
"""

from __future__ import annotations

import re

import phonenumbers

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
    ("GB", "0808 808 7777"),  # Carers UK Helpline
    ("GB", "0808 800 0303"),  # Parkinson's UK
    ("GB", "0303 3033 100"),  # Stroke Association
    ("GB", "0300 222 5800"),  # Asthma + Lung UK
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


def is_helpline(digits: str, *, international: bool) -> bool:
    """Whether the digits are a listed helpline's: without the trunk prefix, or from abroad with
    the country code and no dialling prefix."""
    return digits in _HELPLINE_FOR[international]


# A run of digits with the spaces, dots and dashes people write numbers with, bounded.
_WRITTEN_NUMBER = re.compile(r"\+?\d[\d .\-]{4,18}\d")


def without_helplines(text: str) -> str:
    """The text with each listed helpline's number written as the word "helpline".

    For the classifier, which sees a number's shape and not whose it is: "Samaritans on 116 123"
    or "Mind's Infoline: 0300 123 3393" should not read like a member giving out their own.
    """

    def word_for(match: re.Match[str]) -> str:
        written = match.group()
        digits = re.sub(r"\D", "", written)
        if written.startswith("+") or digits.startswith("00"):
            number = digits[2:] if digits.startswith("00") else digits
            return " helpline " if is_helpline(number, international=True) else written
        national = digits[1:] if digits.startswith("0") else digits
        found = is_helpline(national, international=False) or is_helpline(digits, international=False)
        return " helpline " if found else written

    return _WRITTEN_NUMBER.sub(word_for, text)
