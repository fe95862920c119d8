"""Links: a new member's links, and any post with many, are held for a moderator as possible spam;
anyone's link to a shop, a shortened address or a chat app is flagged for a moderator to look at.

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
from moderation.rules.email_addresses import EMAIL
from moderation.rules.findings import GUIDELINE_NO_SPAM, Action, Finding, Kind
from moderation.rules.matching import excerpt

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


# Links that sell or lead elsewhere whoever posts them: shortened addresses hide where they go, chat
# invitations take members off the forum, and shop words, spam's favourite top-level domains and
# affiliate tags sell. Host names are matched by their dot- and dash-separated words, so
# "diabetes.org" is not a bet and "workshop.org.uk" not a shop.
_SHORTENERS = frozenset(
    "bit.ly tinyurl.com t.co goo.gl ow.ly is.gd buff.ly rebrand.ly cutt.ly shorturl.at tiny.cc "  # noqa: SIM905
    "rb.gy amzn.to amzn.eu linktr.ee".split()
)
_CHAT_INVITES = frozenset(
    "t.me telegram.me wa.me chat.whatsapp.com api.whatsapp.com signal.me discord.gg m.me".split()  # noqa: SIM905
)
_SELLING_WORDS = frozenset(
    (  # noqa: SIM905 (a word list reads best as words)
        "shop store buy cheap sale sales deal deals discount offer offers pills pill meds rx viagra "
        "cialis casino bet betting loan loans payday crypto forex"
    ).split()
)
_SELLING_DOMAINS = frozenset(
    "shop store xyz top click loan bet casino win vip buzz sbs cfd".split()  # noqa: SIM905
)
_HOST = re.compile(
    r"(?:[a-z][a-z+.-]*:/*)?(?:[^\s@/()<>\[\]]+@)?(?P<host>[\w-]+(?:\.[\w-]+)+)", re.I
)
_AFFILIATE = re.compile(r"[?&](?:aff|affiliate|aff_?id|partner|ref|referral|tag)=", re.IGNORECASE)


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
    """New members' links and posts with many links, held for a moderator as possible spam; a
    trusted member's link that sells or leads elsewhere, published and flagged for a look."""
    spans = _link_spans(text)
    if not spans:
        return []
    action, where = Action.HOLD, spans[0]
    if len(spans) > max_links:
        reason = f"Posts with more than {max_links} links are checked by a moderator first, as they are often spam."
    elif not trusted:
        reason = (
            "New members' links are checked by a moderator first, to keep the forum free of spam."
        )
    else:
        selling = next((span for span in spans if _sells(text[span[0] : span[1]])), None)
        if selling is None:
            return []
        action, where = Action.FLAG, selling
        reason = "Your post links to a shop, a shortened address or a chat app, so a moderator will take a look."
    return [Finding(Kind.LINKS, action, GUIDELINE_NO_SPAM, reason, excerpt(text, *where))]


def _sells(link: str) -> bool:
    """Whether a link (as written: [text](target), <address> or bare) sells or leads elsewhere."""
    target = link.rsplit("](", 1)[-1].lstrip(" \t<")
    # Anchored where the address starts, and no host is longer than _LONGEST_HOST: linear.
    found = _HOST.match(target, 0, _LONGEST_HOST + 20)
    if found is None:
        return False
    host = found.group("host").lower().removeprefix("www.")
    words = set(re.split(r"[.-]", host))
    return (
        host in _SHORTENERS
        or host in _CHAT_INVITES
        or host.rsplit(".", 1)[-1] in _SELLING_DOMAINS
        or not words.isdisjoint(_SELLING_WORDS)
        or _AFFILIATE.search(target) is not None
    )
