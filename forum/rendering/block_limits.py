"""Python-Markdown's block parsing, kept linear on hostile text: no rereading, bounded nesting."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from bisect import bisect_left, bisect_right

import markdown
from markdown.blockprocessors import BlockProcessor, SetextHeaderProcessor
from markdown.extensions.fenced_code import FencedBlockPreprocessor
from markdown.extensions.tables import PIPE_LEFT, PIPE_NONE, PIPE_RIGHT, TableProcessor

# Python-Markdown's block parser handles the first lines of a block and puts the rest back, and
# then every block processor looks at that rest again. Each class below does the same as the
# library's own, but without rereading the whole rest of the block each time: 10,000 one-line
# headings, rules or "=" underlines in one block took 2 to 5 s. (Python-Markdown is pinned in
# requirements.lock; tests/test_linear_time.py times each of these shapes.)


def _line_start(block: str, match: re.Match[str]) -> int:
    """Where the line of a match starts: after its leading newline, if the match took one."""
    return match.start() + (block[match.start() : match.start() + 1] == "\n")


class _RestOfBlockSearch:
    """regex.search(block) for block processors that look for a line anywhere in a block.

    The heading, rule, quote and reference processors search the whole block. When another processor
    has taken the first lines, the block searched next is the rest of the one searched before, so the
    first match found in a block is remembered: a search of its rest starts at that match, and a
    search that found nothing is not repeated. These patterns match from a line start and never
    look behind it, so a match in the rest of a block is the same match in the block.
    """

    _KEPT = 8  # blocks remembered: the one being worked through, and the pieces recursed into

    def __init__(self, regex: re.Pattern[str]) -> None:
        self.regex = regex
        # [text, searched_from, first]: no match has its line start in [searched_from, first);
        # first is None when there is none at all from searched_from on.
        self._memo: list[list] = []

    def __getattr__(self, name: str):
        # match, finditer, pattern...: the pattern's own.
        return getattr(self.regex, name)

    def search(self, block: str, pos: int = 0) -> re.Match[str] | None:
        if pos:
            return self.regex.search(block, pos)
        for index, entry in enumerate(self._memo):
            text, searched_from, first = entry
            offset = len(text) - len(block)
            if offset < 0 or (offset and text[offset - 1] != "\n") or not text.endswith(block):
                continue
            if index:
                self._memo.insert(0, self._memo.pop(index))
            if searched_from <= offset:
                if first is None:
                    return None
                if first >= offset:
                    return self.regex.search(block, max(0, first - offset - 1))
            match = self.regex.search(block)
            entry[1:] = [offset, None if match is None else offset + _line_start(block, match)]
            return match
        match = self.regex.search(block)
        self._memo.insert(0, [block, 0, None if match is None else _line_start(block, match)])
        del self._memo[self._KEPT :]
        return match


class _TableProcessor(TableProcessor):
    """The tables extension's test without splitting the whole block into rows each time.

    It needs the first two rows, and, for a one-column table, the rows down to the first one
    without a pipe; the separator row is checked first because it is one row.
    """

    def test(self, parent: etree.Element, block: str) -> bool:
        first_end = block.find("\n")
        if first_end < 0:
            return False
        second_end = block.find("\n", first_end + 1)
        header = block[:first_end].strip(" ")
        self.border = PIPE_NONE
        if header.startswith("|"):
            self.border |= PIPE_LEFT
        if self.RE_END_BORDER.search(header) is not None:
            self.border |= PIPE_RIGHT
        columns = len(self._split_row(header))
        if columns < 1 or (columns == 1 and not self.border):
            return False
        separator = self._split_row(
            block[first_end + 1 : None if second_end < 0 else second_end].strip(" ")
        )
        if len(separator) != columns or not set("".join(separator)) <= set("|:- "):
            return False
        # Each row in a single column table needs at least one pipe.
        if columns == 1 and not self._every_row_has_a_pipe(block, first_end + 1):
            return False
        self.separator = separator
        return True

    def _every_row_has_a_pipe(self, block: str, start: int) -> bool:
        while True:
            end = block.find("\n", start)
            row = block[start : None if end < 0 else end].strip(" ")
            if not row.startswith("|") and self.RE_END_BORDER.search(row) is None:
                return False
            if end < 0:
                return True
            start = end + 1


class _SetextHeaderProcessor(SetextHeaderProcessor):
    """The library's, taking the two heading lines off the block without splitting all of it."""

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        block = blocks.pop(0)
        first_end = block.index("\n")  # test() matched a text line and an underline
        second_end = block.find("\n", first_end + 1)
        heading = etree.SubElement(parent, "h1" if block[first_end + 1] == "=" else "h2")
        heading.text = block[:first_end].strip()
        if second_end >= 0:
            blocks.insert(0, block[second_end + 1 :])


class _FenceSearch:
    """FencedBlockPreprocessor's FENCED_BLOCK_RE.search, without retrying fences that never close.

    The stock pattern scans from every opening fence to the end of the post for its closing fence:
    4,000 lines of "```a", none closed, took 0.75 s. One pass lists the fence lines; an opening fence
    with no closing line after it is passed over, and the pattern is tried only where it can match,
    reading no further than that closing line. (The optional hl_lines="..." is read within its line,
    where the stock pattern could look for its closing quote through the rest of the post.)
    """

    _FENCE_LINE = re.compile(r"^(~{3,}|`{3,})([ ]*$)?", re.MULTILINE)

    def __init__(self, regex: re.Pattern[str]) -> None:
        self.regex = re.compile(
            regex.pattern.replace("(?P<hl_lines>.*?)", r"(?P<hl_lines>[^\n]*?)", 1), regex.flags
        )
        self._text: str | None = None

    def _index(self, text: str) -> None:
        self._text = text
        self._openings: list[int] = []
        self._fences: list[str] = []
        self._closings: dict[str, list[int]] = {}
        for line in self._FENCE_LINE.finditer(text):
            self._openings.append(line.start())
            self._fences.append(line.group(1))
            if line.group(2) is not None:
                self._closings.setdefault(line.group(1), []).append(line.start())

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        # The preprocessor replaces each code block it finds with a placeholder and searches on after
        # it, so what follows pos is the end of the text indexed: positions are counted from the end.
        if pos == 0 or self._text is None or not self._text.endswith(text[pos + 1 :]):
            self._index(text)
        shift = len(self._text) - len(text)
        for index in range(bisect_left(self._openings, pos + shift), len(self._openings)):
            opening = self._openings[index]
            closings = self._closings.get(self._fences[index], ())
            if bisect_right(closings, opening) == len(closings):
                continue  # never closed: the stock pattern would read to the end and fail
            match = self.regex.match(text, opening - shift)
            if match:
                return match
        return None


# Lists and quotes nest by parsing each level in a recursive call that rereads the rest of the post:
# "1. " or "+ " repeated a few hundred times ended in RecursionError (the post could not be saved),
# and 450 levels of "1. > " took 0.3 s. Deeper than this, the rest is read as a paragraph.
MAX_BLOCK_NESTING = 32


class _NestingDepth:
    """BlockParser.parseBlocks, counting how deeply it is running inside itself."""

    def __init__(self, parse_blocks) -> None:
        self.parse_blocks = parse_blocks
        self.depth = 0

    def __call__(self, parent: etree.Element, blocks: list[str]) -> None:
        self.depth += 1
        try:
            self.parse_blocks(parent, blocks)
        finally:
            self.depth -= 1


def _nesting_limited(processor: BlockProcessor, nesting: _NestingDepth) -> BlockProcessor:
    """A list or quote processor that starts no new level deeper than MAX_BLOCK_NESTING."""

    class Limited(type(processor)):
        def test(self, parent: etree.Element, block: str) -> bool:
            return nesting.depth < MAX_BLOCK_NESTING and super().test(parent, block)

    limited = Limited(processor.parser)
    limited.__dict__.update(processor.__dict__)  # the pattern search set up above stays
    return limited


def limit_blocks(md: markdown.Markdown) -> None:
    """Swap in block processors that never reread the rest of a block, and cap nesting."""
    blocks = md.parser.blockprocessors
    for name in ("hashheader", "quote", "reference"):
        blocks[name].RE = _RestOfBlockSearch(blocks[name].RE)
    blocks["hr"].SEARCH_RE = _RestOfBlockSearch(blocks["hr"].SEARCH_RE)
    blocks.register(_TableProcessor(md.parser, blocks["table"].config), "table", 75)
    blocks.register(_SetextHeaderProcessor(md.parser), "setextheader", 60)
    nesting = md.parser.parseBlocks = _NestingDepth(md.parser.parseBlocks)
    for name, priority in (("olist", 40), ("ulist", 30), ("quote", 20)):
        blocks.register(_nesting_limited(blocks[name], nesting), name, priority)
    fences = md.preprocessors["fenced_code_block"]
    fences.FENCED_BLOCK_RE = _FenceSearch(FencedBlockPreprocessor.FENCED_BLOCK_RE)
