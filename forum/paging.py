"""Keyset cursors for board pages: opaque in the URL, checked when read back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from forum.text import MAX_ROW_ID, parse_row_id


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
        row_id = parse_row_id(ident)
        # An id past what the database stores cannot be bound by SQLite (OverflowError).
        if row_id is None or not (stamp.isascii() and stamp.isdigit()):
            return None
        try:
            return cls(at=datetime.strptime(stamp, "%Y%m%d%H%M%S%f"), id=row_id)
        except ValueError:
            return None


@dataclass(frozen=True)
class RankCursor:
    """A position in a list ordered by (helpful count, id), most helpful first (Top tips)."""

    count: int
    id: int

    def encode(self) -> str:
        return f"{self.count}.{self.id}"

    @classmethod
    def decode(cls, value: str | None) -> RankCursor | None:
        """The cursor in a page link, or None when the value is missing or malformed."""
        if not value or len(value) > 24:
            return None
        count, _, ident = value.partition(".")
        post_id = parse_row_id(ident)
        if post_id is None or not (count.isascii() and count.isdigit()) or len(count) > 10:
            return None
        if int(count) > MAX_ROW_ID:
            return None
        return cls(count=int(count), id=post_id)
