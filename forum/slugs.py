"""Readable URL fragments from titles and names."""

import re
import unicodedata

MAX_SLUG_LENGTH = 60


def slugify(text: str, fallback: str = "thread") -> str:
    """'Insulin pump & travel tips!' -> 'insulin-pump-travel-tips'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:MAX_SLUG_LENGTH].rstrip("-") or fallback
