"""The medical synonym list, applied when a query is run; pure functions, no Flask."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

SYNONYMS_FILE = Path(__file__).with_name("synonyms.txt")


def parse_synonyms(text: str) -> dict[str, tuple[str, ...]]:
    """Each entry of a group maps to the whole group (lower-case, spaces normalised)."""
    table: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        group = tuple(dict.fromkeys(" ".join(entry.lower().split()) for entry in line.split(",")))
        group = tuple(entry for entry in group if entry)
        for entry in group:
            table[entry] = tuple(dict.fromkeys(table.get(entry, ()) + group))
    return table


@lru_cache(maxsize=1)
def default_synonyms() -> dict[str, tuple[str, ...]]:
    return parse_synonyms(SYNONYMS_FILE.read_text(encoding="utf-8"))


def alternatives(phrase: str, table: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The phrase and everything the list says means the same."""
    key = " ".join(phrase.lower().split())
    return table.get(key, (key,))
