"""Links: a new member's links, and any post with many, are held for a moderator as possible spam.

A link is what the renderer (forum.rendering) would make clickable, so bare addresses are found with
the renderer's own pattern: "buy-pills.ru" or "cheap-meds.com/offer" count as surely as
"https://...". Counting errs towards more, never fewer: links in code, a bare "mailto:", and
addresses written with http(s):// whose top-level domain bleach does not know (".shop") count even
though the renderer shows them as text. Email addresses are not links (personal_data holds them)
unless written as a Markdown link or as <name@example.com>, which the renderer does link.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator

from markdown.inlinepatterns import AUTOMAIL_RE

from forum.rendering import LINKABLE_URL
from moderation.rules.findings import GUIDELINE_NO_SPAM, Action, Finding, Kind
from moderation.rules.matching import excerpt
from moderation.rules.privacy import EMAIL

Span = tuple[int, int]

# [text](target) or ![alt](target), optionally with a "title"; counted as one link whatever the text.
# No class overlaps its neighbour's, so a failed match gives up at the next bracket.
_MARKDOWN_LINK = re.compile(
    r"!?\[[^\[\]\n]*\]\(\s*<?[^\s()<>]+>?(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)"
)
# <name@example.com>: Markdown's own pattern for an email address written as a link (a mailto: link).
_MAIL_AUTOLINK = re.compile(AUTOMAIL_RE)
# Addresses written out with a scheme or www., linked by the renderer or not.
_WRITTEN_ADDRESS = re.compile(
    r"(?:\bhttps?://|\bmailto:|(?<![\w.@/-])www\.)[^\s<>\[\]()\"']+", re.IGNORECASE
)
# bleach's pattern retries a run of letters, digits, dots and hyphens from every hyphen in it, which
# is quadratic in the run ("a-a." 5,000 times takes the renderer 45 s). No host name is longer than
# 253 characters, so a longer run is taken out before the pattern runs, and counted as one link if
# it has a dot: it is no working address, and counting it can only hold the post for a moderator.
_LONGEST_HOST = 253
_OVERLONG_RUN = re.compile(rf"(?<![\w.-])[\w.-]{{{_LONGEST_HOST + 1},}}")


def count_links(text: str) -> int:
    """How many links the Markdown source makes: [text](url), URLs, www. and bare domains, mailto:."""
    return len(_link_spans(text))


def _link_spans(text: str) -> list[Span]:
    """Where each link is, in order; each finder sees the text with earlier finds blanked out.

    So a link is counted once, and a Markdown link once whatever its text and target.
    """
    spans: list[Span] = []
    for find in (_markdown_links, _mail_autolinks, _rendered_addresses, _written_addresses):
        found = list(find(text))
        spans += found
        text = _blanked(text, found)
    return sorted(spans)


def _markdown_links(text: str) -> Iterator[Span]:
    return (match.span() for match in _MARKDOWN_LINK.finditer(text))


def _mail_autolinks(text: str) -> Iterator[Span]:
    return (match.span() for match in _MAIL_AUTOLINK.finditer(text))


def _rendered_addresses(text: str) -> Iterator[Span]:
    """Addresses the renderer links (https://..., www..., buy-pills.ru/offer), but not emails."""
    overlong = [match.span() for match in _OVERLONG_RUN.finditer(text)]
    yield from (span for span in overlong if "." in text[span[0] : span[1]])
    text = _blanked(text, overlong)
    # The pattern never starts at an "@", but it does link "john.de" in "john.de@example.com" and
    # "-pills.ru" in "hello@buy-pills.ru"; anything inside an email address is left out.
    emails = [match.span() for match in EMAIL.finditer(text)]
    email_starts = [start for start, _ in emails]
    for match in LINKABLE_URL.finditer(text):
        # The pattern may take an opening bracket before the address; bleach leaves it out.
        start = match.start() + match.group().startswith("(")
        before = bisect_right(email_starts, start) - 1
        if before < 0 or emails[before][1] < match.end():
            yield start, match.end()


def _written_addresses(text: str) -> Iterator[Span]:
    """http(s)://, www. and mailto: addresses left: ones bleach does not link, such as ".shop"."""
    return (match.span() for match in _WRITTEN_ADDRESS.finditer(text))


def _blanked(text: str, spans: Iterable[Span]) -> str:
    """The text with each span (none overlapping) replaced by as many spaces, so offsets still hold."""
    pieces, position = [], 0
    for start, end in sorted(spans):
        pieces += [text[position:start], " " * (end - start)]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def links(text: str, *, trusted: bool, max_links: int = 3) -> list[Finding]:
    """New members' links, and posts with many links, held for a moderator as possible spam."""
    spans = _link_spans(text)
    if not spans:
        return []
    if len(spans) > max_links:
        reason = f"Posts with more than {max_links} links are checked by a moderator first, as they are often spam."
    elif not trusted:
        reason = (
            "New members' links are checked by a moderator first, to keep the forum free of spam."
        )
    else:
        return []
    first = spans[0]
    return [Finding(Kind.LINKS, Action.HOLD, GUIDELINE_NO_SPAM, reason, excerpt(text, *first))]
