"""Email addresses, written plainly or spelled out to dodge filters ("jane dot smith at gmail dot
com")."""

from __future__ import annotations

import re

from moderation.rules.matching import any_of

Span = tuple[int, int]

# Also how link_spam tells an email address, which is not a link, from a web address.
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?![\w-])", re.IGNORECASE)
# An address written out to dodge filters: "jane dot smith at gmail dot com", "jane(at)gmail(dot)com",
# "jane @ gmail.com". Each repetition is bounded and every separator starts with a space, a bracket,
# "." or "@", none of which a word can hold, so a failed attempt gives up within a few words.
_SPELLED_AT = r"\s*[(\[{<]\s*at\s*[)\]}>]\s*|\s+at\s+|\s*@\s*"
_SPELLED_DOT = r"\s*[(\[{<]\s*dot\s*[)\]}>]\s*|\s+dot\s+|\."
_TOP_LEVEL = any_of(
    *"com net org edu gov info biz io me co uk ie au nz ca us de fr es it nl eu ac".split()  # noqa: SIM905
)
_SPELLED_EMAIL = re.compile(
    rf"(?<![\w.+-])(?P<local>[\w+-]+(?:(?:{_SPELLED_DOT})[\w+-]+){{0,4}})(?P<at>{_SPELLED_AT})"
    rf"(?P<domain>[\w-]+(?:(?:{_SPELLED_DOT})[\w-]+){{0,3}})(?P<dot>{_SPELLED_DOT}){_TOP_LEVEL}(?![\w-])",
    re.IGNORECASE,
)
_PLAIN_AT = re.compile(r"\s+at\s+|@", re.IGNORECASE)
# "jane at gmail.com" is an address where "look at nhs.uk" is a web page: mail providers' domains.
_MAIL_PROVIDERS = frozenset(
    (  # noqa: SIM905 (a word list reads best as words)
        "gmail googlemail hotmail outlook live msn yahoo ymail icloud aol protonmail proton "
        "btinternet sky virginmedia talktalk gmx yandex zoho mail"
    ).split()
)
# "Look at the dot com boom" is not an address.
_NOT_A_MAILBOX = frozenset("a an the my your our his her their this that".split())  # noqa: SIM905


# Helplines that answer by email, shared to help (like the numbers in moderation.rules.helplines).
PUBLIC_ADDRESSES = frozenset({"jo@samaritans.org", "info@mind.org.uk"})


def email_address(text: str) -> Span | None:
    """The first email address, written plainly or spelled out, that is no public helpline's."""
    plain = next(
        (m for m in EMAIL.finditer(text) if m.group().lower() not in PUBLIC_ADDRESSES), None
    )
    spans = [span for span in (plain.span() if plain else None, _spelled_email(text)) if span]
    return min(spans, default=None)


def _spelled_email(text: str) -> Span | None:
    for match in _SPELLED_EMAIL.finditer(text):
        local, domain = match.group("local"), match.group("domain")
        if local.lower() in _NOT_A_MAILBOX or domain.lower() in _NOT_A_MAILBOX:
            continue
        dots = [match.group("dot"), *re.findall(_SPELLED_DOT, local + domain, re.IGNORECASE)]
        # "look at nhs.uk" and plain addresses are not spelled out: a dot or the "at" must be,
        # or the "at" comes before a mail provider.
        at = match.group("at")
        provider = domain.split(".")[0].lower() in _MAIL_PROVIDERS and at.strip().lower() == "at"
        if any(dot != "." for dot in dots) or not _PLAIN_AT.fullmatch(at) or provider:
            return match.span()
    return None
