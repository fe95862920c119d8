"""Every enabled check on a post's source, in order of urgency."""

from __future__ import annotations

from collections.abc import Iterable

from moderation.rules.abuse import abuse
from moderation.rules.crisis import crisis_language
from moderation.rules.findings import Finding, Kind
from moderation.rules.link_spam import links
from moderation.rules.medical import medical_safety
from moderation.rules.privacy import personal_data
from moderation.rules.promotion import promotion
from moderation.rules.watchlist import WatchedWord, watched_words


def check_text(
    text: str,
    *,
    words: Iterable[WatchedWord] = (),
    trusted: bool = True,
    kinds: frozenset[Kind] = frozenset(Kind),
) -> list[Finding]:
    """Every enabled check on a post's source: crisis, watched words, medical, personal data, links
    and promotion (the links rule is the spam check: it switches both)."""
    # Crisis comes first so the most urgent finding is the first one a caller sees.
    checks = (
        (Kind.CRISIS, lambda: crisis_language(text)),
        (Kind.WATCHED_WORD, lambda: watched_words(text, words)),
        (Kind.ABUSE, lambda: abuse(text)),
        (Kind.MEDICAL, lambda: medical_safety(text)),
        (Kind.PERSONAL_DATA, lambda: personal_data(text)),
        (Kind.LINKS, lambda: links(text, trusted=trusted)),
        (Kind.LINKS, lambda: promotion(text, trusted=trusted)),
    )
    return [finding for kind, check in checks if kind in kinds for finding in check()]
