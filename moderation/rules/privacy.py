"""Personal data: phone, NHS, social security and National Insurance numbers, email addresses (also
spelled out), street addresses and postcodes, held for a moderator.

Each kind is found by its own module (phone_numbers, identity_numbers, email_addresses,
postal_addresses); this one blanks what must not be mistaken for them and words the findings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from moderation.rules.email_addresses import email_address
from moderation.rules.findings import GUIDELINE_PRIVACY, Action, Finding, Kind
from moderation.rules.identity_numbers import (
    national_insurance_numbers,
    nhs_numbers,
    social_security_numbers,
)
from moderation.rules.matching import excerpt
from moderation.rules.phone_numbers import phone_number
from moderation.rules.postal_addresses import postcode, street_address

Span = tuple[int, int]

# Links are looked at by links(); blanked here so a URL's "@" or digits are not taken for an email
# or a phone number. Markdown link targets are blanked as well, except mailto: addresses.
_WEB_ADDRESS = re.compile(r"(?:\bhttps?://|(?<![\w.@/-])www\.)[^\s<>\[\]()\"']+", re.IGNORECASE)
# "tel:" loses its colon, so the number after it reads like any other.
_TEL = re.compile(r"\btel:", re.IGNORECASE)

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
        "nhs": list(nhs_numbers(scrubbed)),
        "ssn": list(social_security_numbers(scrubbed)),
        "nino": list(national_insurance_numbers(scrubbed)),
    }
    # An identity number is named as one, never also as a phone number.
    numbers = _blanked(scrubbed, (span for spans in identities.values() for span in spans))
    found = {
        "phone": phone_number(numbers),
        **{what: spans[0] if spans else None for what, spans in identities.items()},
        "email": email_address(scrubbed),
        "address": street_address(scrubbed),
        "postcode": postcode(scrubbed),
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
