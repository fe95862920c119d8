"""One source of 'now' so every timestamp is naive UTC, the same on SQLite and PostgreSQL."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """The current time in UTC without tzinfo (what the database columns store)."""
    return datetime.now(UTC).replace(tzinfo=None)
