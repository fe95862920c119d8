"""Cleaning what members type before it is stored; pure functions, no Flask."""

from __future__ import annotations

import re

# Control characters are never meant (PostgreSQL refuses NUL outright); newlines and tabs are.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Direction overrides can make a title or name read differently from what it is.
_BIDI_OVERRIDES = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Ids are 32-bit in PostgreSQL's INTEGER columns; larger numbers in a URL name nothing.
MAX_ROW_ID = 2**31 - 1


def clean_text(value: str | None) -> str | None:
    """Newlines normalised to \\n, control characters removed."""
    if value is None:
        return None
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def clean_line(value: str | None) -> str | None:
    """A one-line field (a title): control characters and direction overrides removed, trimmed."""
    if value is None:
        return None
    return _BIDI_OVERRIDES.sub("", clean_text(value).replace("\n", " ")).strip()


def parse_row_id(raw: str | None) -> int | None:
    """The id in a link or form field, or None when it cannot name a row."""
    if not raw or len(raw) > 10 or not raw.isascii() or not raw.isdigit():
        return None
    value = int(raw)
    return value if 0 < value <= MAX_ROW_ID else None
