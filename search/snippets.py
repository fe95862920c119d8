"""Snippets: the part of a post around the words searched for, those words marked; pure.

The text is the post's stored plain text (rendered Markdown, never its source); the result is
escaped text whose only markup is <mark>. Linear in the text: one pass to find the matched
words, one sliding window to find where most of them stand.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from search.text_match import WORD, Analyser

ELLIPSIS = " … "


def snippet(text: str, wanted: frozenset[str], analyser: Analyser, size: int = 240) -> Markup:
    """Up to about `size` characters of `text` around the densest run of wanted words."""
    spans = [
        (match.start(), match.end())
        for match in WORD.finditer(text)
        if analyser.word(match.group().lower()) in wanted
    ]
    if not spans:
        return escape(_shortened(text, size))
    start, end = _window(text, spans, size)
    shown = [span for span in spans if start <= span[0] and span[1] <= end]
    parts: list[str] = [ELLIPSIS.lstrip() if start > 0 else ""]
    cursor = start
    for first, last in shown:
        parts.append(str(escape(text[cursor:first])))
        parts.append(f"<mark>{escape(text[first:last])}</mark>")
        cursor = last
    parts.append(str(escape(text[cursor:end])))
    if end < len(text):
        parts.append(ELLIPSIS.rstrip())
    # Every piece of the member's text went through escape(); only <mark> is markup.
    return Markup("".join(parts))  # noqa: S704


def _window(text: str, spans: list[tuple[int, int]], size: int) -> tuple[int, int]:
    """The stretch of `size` characters holding the most matches, widened to whole words."""
    best_first, best_count, last = 0, 0, 0
    for first in range(len(spans)):
        last = max(last, first)
        while last + 1 < len(spans) and spans[last + 1][1] - spans[first][0] <= size:
            last += 1
        if last - first + 1 > best_count:
            best_first, best_count = first, last - first + 1
    # A little of what comes before the first match, for context.
    start = max(0, spans[best_first][0] - size // 4)
    end = min(len(text), start + size)
    start = _word_start(text, start)
    end = _word_end(text, end)
    return start, end


def _word_start(text: str, index: int) -> int:
    if index == 0:
        return 0
    space = text.find(" ", index, index + 30)
    return space + 1 if space != -1 else index


def _word_end(text: str, index: int) -> int:
    if index >= len(text):
        return len(text)
    space = text.rfind(" ", max(0, index - 30), index)
    return space if space != -1 else index


def _shortened(text: str, size: int) -> str:
    if len(text) <= size:
        return text
    return text[:size].rsplit(" ", 1)[0] + ELLIPSIS.rstrip()
