"""Keyset cursors for the board page: opaque in the URL, checked when read back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class ActivityCursor:
    """A position in a list ordered by (last activity, id), newest first."""

    at: datetime
    id: int

    def encode(self) -> str:
        return f"{self.at.strftime('%Y%m%d%H%M%S%f')}.{self.id}"

    @classmethod
    def decode(cls, value: str | None) -> ActivityCursor | None:
        """The cursor in a page link, or None when the value is missing or malformed."""
        if not value or len(value) > 40:
            return None
        stamp, _, ident = value.partition(".")
        if not ident.isdigit() or not stamp.isdigit():
            return None
        try:
            return cls(at=datetime.strptime(stamp, "%Y%m%d%H%M%S%f"), id=int(ident))
        except ValueError:
            return None
