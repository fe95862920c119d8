"""Markdown to safe HTML, done once when a post is saved; no Flask here."""

from __future__ import annotations

import re
import threading
import xml.etree.ElementTree as etree
from bisect import bisect_left, bisect_right
from collections import deque
from functools import partial
from html import escape as html_escape
from itertools import chain

import bleach
import markdown
from bleach import html5lib_shim
from bleach.linkifier import LinkifyFilter, build_url_re
from markdown.blockprocessors import BlockProcessor, SetextHeaderProcessor
from markdown.extensions import Extension
from markdown.extensions.fenced_code import FencedBlockPreprocessor
from markdown.extensions.tables import PIPE_LEFT, PIPE_NONE, PIPE_RIGHT, TableProcessor
from markdown.inlinepatterns import LinkInlineProcessor
from markdown.treeprocessors import InlineProcessor, Treeprocessor

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "hr",
        "strong",
        "em",
        "b",
        "i",
        "del",
        "s",
        "ul",
        "ol",
        "li",
        "blockquote",
        "code",
        "pre",
        "a",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"], "ol": ["start"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"
# The page title is the h1 and the post sits under h2-level sections, so members' headings start at h3.
HEADING_SHIFT = 2


class _SafeStructure(Treeprocessor):
    """Demote headings and turn images into plain links: no remote images are ever loaded."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            match = re.fullmatch(r"h([1-6])", element.tag)
            if match:
                element.tag = f"h{min(int(match.group(1)) + HEADING_SHIFT, 6)}"
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag == "img":
                    parent[index] = _image_as_link(child)


def _image_as_link(image: etree.Element) -> etree.Element:
    link = etree.Element("a", {"href": image.get("src", "")})
    link.text = f"[image: {image.get('alt') or 'untitled'}]"
    link.tail = image.tail
    return link


# Markdown looks for a link's closing bracket or parenthesis from every opening one, to the end of
# the paragraph: 20,000 "[" took 45 s. The scan is bounded so its total work stays near
# LINK_SCAN_BUDGET characters whatever the post; ordinary posts keep the full window.
MAX_LINK_SCAN = 2_000
MIN_LINK_SCAN = 64
LINK_SCAN_BUDGET = 200_000
_LINK_PROCESSORS = {
    "reference": 170,
    "link": 160,
    "image_link": 150,
    "image_reference": 140,
    "short_reference": 130,
    "short_image_ref": 125,
}


def link_scan_window(source: str) -> int:
    """How far Markdown may look for the end of a link, given how many links the text could start."""
    openings = source.count("[") + source.count("(")
    return max(MIN_LINK_SCAN, min(MAX_LINK_SCAN, LINK_SCAN_BUDGET // max(openings, 1)))


class _LinkTexts:
    """What getText found after each "[" of the text being scanned, shared by the link processors.

    Six processors (links, images, references) read the same brackets from every "[" of a
    paragraph, one character at a time; each answer is kept until the text changes, and a window
    with no "]" in it is known not to close without reading it.
    """

    def __init__(self) -> None:
        self.data: str | None = None
        self.found: dict[int, tuple[str, int, bool]] = {}


def _bounded(processor: LinkInlineProcessor, window: int, texts: _LinkTexts) -> LinkInlineProcessor:
    class Bounded(type(processor)):
        def getText(self, data: str, index: int):  # noqa: N802 (Markdown's API name)
            if texts.data is not data:
                texts.data, texts.found = data, {}
            found = texts.found.get(index)
            if found is None:
                if data.find("]", index, index + window) < 0:
                    found = ("", index, False)
                else:
                    text, end, handled = super().getText(data[index : index + window], 0)
                    found = (text, index + end, handled)
                texts.found[index] = found
            return found

        def getLink(self, data: str, index: int):  # noqa: N802 (Markdown's API name)
            return super().getLink(data[: index + window], index)

    return Bounded(processor.compiled_re.pattern, processor.md)


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


# The characters each inline pattern's match starts with ("  \n" cannot match without its newline).
_INLINE_PATTERN_CHARS = {
    "backtick": "`\\",
    "escape": "\\",
    "reference": "[",
    "link": "[",
    "image_link": "!",
    "image_reference": "!",
    "short_reference": "[",
    "short_image_ref": "!",
    "autolink": "<",
    "automail": "<",
    "linebreak": "\n",
    "entity": "&",
    "em_strong": "*_",
    "nl": "\n",
}


def _inline_pattern_chars(md: markdown.Markdown) -> re.Pattern[str] | None:
    """A pattern finding any character an inline pattern could start at; None if one is unknown."""
    patterns = md.inlinePatterns
    known = [name for name in _INLINE_PATTERN_CHARS if name in patterns]
    delimiters = getattr(md, "delimiters", None)
    if len(known) != len(patterns) or (delimiters and not set(delimiters.tokens) <= set("*_")):
        return None
    chars = "".join(sorted({char for name in known for char in _INLINE_PATTERN_CHARS[name]}))
    return re.compile(f"[{re.escape(chars)}]")


class _InlineProcessor(InlineProcessor):
    """Markdown's inline processor, finding each element's place without searching its parent.

    The library looks each child up with list(parent).index(child), for every element with text
    after it, which is quadratic in the number of elements in a paragraph: 10,000 line breaks, or
    6,666 "*a*", took 0.3 s. This is its run() and __processElementText() (Python-Markdown 3.11)
    with the position kept instead, and a queue that does not shift on every element.
    """

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        self._pattern_chars = _inline_pattern_chars(self.md)
        self.stashed_nodes = {}
        self._positions: dict[etree.Element, int] = {}
        tree_parents = [] if ancestors is None else ancestors[:]
        self.parent_map = {c: p for p in tree.iter() for c in p}
        stack = deque([(tree, tree_parents)])
        self._InlineProcessor__build_ancestors(tree, tree_parents)
        while stack:
            element, parents = stack.popleft()
            self.ancestors = parents
            if element is not tree:
                self.ancestors.append(element.tag.lower())
            insert_queue = []
            index = 0
            # The children inserted after a child's tail are visited too, as by iterating it.
            while index < len(element):
                child = element[index]
                if child.text and not isinstance(child.text, markdown.util.AtomicString):
                    self.ancestors.append(child.tag.lower())
                    text = child.text
                    child.text = None
                    found = self._InlineProcessor__processPlaceholders(
                        self._InlineProcessor__handleInline(text), child
                    )
                    for item in found:
                        self.parent_map[item[0]] = child
                    stack += found
                    insert_queue.append((child, found))
                    self.ancestors.pop()
                if child.tail:
                    tail = self._InlineProcessor__handleInline(child.tail)
                    dummy = etree.Element("d")
                    child.tail = None
                    tail_result = self._InlineProcessor__processPlaceholders(tail, dummy, False)
                    if dummy.tail:
                        child.tail = dummy.tail
                    tail_result.reverse()
                    for new_child in tail_result:
                        self.parent_map[new_child[0]] = element
                        element.insert(index + 1, new_child[0])
                if len(child):
                    self.parent_map[child] = element
                    stack.append((child, self.ancestors[:]))
                index += 1
            for parent, found in insert_queue:
                for position, item in enumerate(found):
                    parent.insert(position, item[0])
        return tree

    def _InlineProcessor__handleInline(  # noqa: N802 (overrides the library's private method)
        self,
        data: str,
        patternIndex: int = 0,  # noqa: N803
    ) -> str:
        # Most text (a table cell, a list item) holds nothing any inline pattern could match; trying
        # all 14 on each of 10,000 cells took 0.15 s.
        if self._pattern_chars is not None and self._pattern_chars.search(data) is None:
            return data
        return super()._InlineProcessor__handleInline(data, patternIndex)

    def _InlineProcessor__processElementText(  # noqa: N802 (overrides the library's private method)
        self,
        node: etree.Element,
        subnode: etree.Element,
        isText: bool = True,  # noqa: N803
    ) -> None:
        if isText:
            text = subnode.text
            subnode.text = None
        else:
            text = subnode.tail
            subnode.tail = None
        child_result = self._InlineProcessor__processPlaceholders(text, subnode, isText)
        position = self._position(node, subnode) + 1 if not isText and node is not subnode else 0
        child_result.reverse()
        for new_child in child_result:
            node.insert(position, new_child[0])

    def _position(self, parent: etree.Element, child: etree.Element) -> int:
        """parent's index of child, looked for from where its previous child was found.

        A stashed element's children are handled in order and new ones go right after each, so
        the search moves forward over what was inserted: linear in all.
        """
        start = min(self._positions.get(parent, 0), len(parent))
        for index in chain(range(start, len(parent)), range(start)):
            if parent[index] is child:
                self._positions[parent] = index
                return index
        raise ValueError("child not in parent")


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


class _PeerCircleMarkdown(Extension):
    def __init__(self, link_scan: int) -> None:
        super().__init__()
        self.link_scan = link_scan

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API name)
        # Raw HTML is shown as text rather than interpreted: members write Markdown only.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        texts = _LinkTexts()
        for name, priority in _LINK_PROCESSORS.items():
            md.inlinePatterns.register(
                _bounded(md.inlinePatterns[name], self.link_scan, texts), name, priority
            )
        md.treeprocessors.register(_SafeStructure(md), "peercircle_safe_structure", 0)
        md.treeprocessors.register(_InlineProcessor(md), "inline", 20)
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


def _set_link_rel(attrs: dict, new: bool = False) -> dict:
    attrs[(None, "rel")] = LINK_REL
    return attrs


_bleach_url = build_url_re(protocols=sorted(ALLOWED_PROTOCOLS - {"mailto"}))
# bleach's pattern retries every run of "(" and every run of letters, dots and hyphens from each
# position inside it (quadratic: 20,000 characters took 45 s). A link may only start where such a
# run starts, and a "(" run is matched once.
LINKABLE_URL = re.compile(
    _bleach_url.pattern.replace(r"\(*", r"\(?", 1).replace(r"(?<![@.])", r"(?<![@.\w-])", 1),
    _bleach_url.flags,
)
_local = threading.local()


class _TreeWalker(html5lib_shim.getTreeWalker("etree")):
    """html5lib's ElementTree walker, remembering each element's place among its siblings.

    The stock walker finds it again with list(parent).index() and .count() each time it climbs back
    up, which is quadratic in the number of siblings: a 5,000-row table took bleach 1.6 s. Here the
    stack of ancestors holds (element, index) pairs.
    """

    def getFirstChild(self, node):  # noqa: N802 (html5lib's API name)
        element, key, parents, flag = node if isinstance(node, tuple) else (node, None, [], None)
        if flag in ("text", "tail"):
            return None
        if element.text:
            return element, key, parents, "text"
        if len(element):
            parents.append((element, key))
            return element[0], 0, parents, None
        return None

    def getNextSibling(self, node):  # noqa: N802 (html5lib's API name)
        if not isinstance(node, tuple):
            return None
        element, key, parents, flag = node
        if flag == "text":
            if len(element):
                parents.append((element, key))
                return element[0], 0, parents, None
            return None
        if element.tail and flag != "tail":
            return element, key, parents, "tail"
        parent = parents[-1][0]
        if key < len(parent) - 1:
            return parent[key + 1], key + 1, parents, None
        return None

    def getParentNode(self, node):  # noqa: N802 (html5lib's API name)
        if not isinstance(node, tuple):
            return None
        element, key, parents, flag = node
        if flag == "text":
            return (element, key, parents, None) if parents else element
        parent, parent_key = parents.pop()
        return (parent, parent_key, parents, None) if parents else parent


def _cleaner() -> bleach.Cleaner:
    # A Cleaner keeps parser state between calls, so each thread gets its own.
    cleaner = getattr(_local, "cleaner", None)
    if cleaner is None:
        cleaner = _local.cleaner = _new_cleaner()
    return cleaner


def _new_cleaner() -> bleach.Cleaner:
    cleaner = bleach.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
        filters=[
            partial(
                LinkifyFilter,
                callbacks=[_set_link_rel],
                skip_tags={"pre", "code"},
                # Only schemes we allow become links; bleach's default list includes data: and ftp:.
                url_re=LINKABLE_URL,
            )
        ],
    )
    cleaner.walker = _TreeWalker
    return cleaner


def render_markdown(source: str) -> str:
    """Render a member's Markdown to HTML that is safe to store and show as is."""
    md = markdown.Markdown(
        extensions=[
            "fenced_code",
            "tables",
            "sane_lists",
            "nl2br",
            _PeerCircleMarkdown(link_scan_window(source)),
        ],
        output_format="html",
    )
    html = md.convert(source)
    if _markup_weight(html) > MAX_MARKUP:
        return _plain_paragraphs(source)
    return _cleaner().clean(html)


# bleach reads the rendered HTML token by token in pure Python: about 12 to 20 microseconds a tag
# and 7 an entity. 20,000 characters of table cells or line breaks become 10,000 to 40,000 tags,
# 0.2 to 0.6 s. A long ordinary post makes a few hundred to a couple of thousand, so a post whose
# HTML weighs more than MAX_MARKUP is shown as plain paragraphs, which need no cleaning.
MAX_MARKUP = 5_000


def _markup_weight(html: str) -> int:
    """Roughly what cleaning this HTML costs: its tags, and its entities at half a tag each."""
    return html.count("<") + html.count("&") // 2


def _plain_paragraphs(source: str) -> str:
    """The text as paragraphs (split at blank lines) of escaped lines ending in <br>."""
    paragraphs: list[list[str]] = [[]]
    for line in source.splitlines():
        if line.strip():
            paragraphs[-1].append(html_escape(line.strip(), quote=False))
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n".join("<p>" + "<br>\n".join(lines) + "</p>" for lines in paragraphs if lines)


def quote_for_reply(author_name: str, source: str) -> str:
    """The Markdown a reply starts with when a member quotes a post."""
    quoted = "\n".join(f"> {line}" if line else ">" for line in source.strip().splitlines())
    return f"> **{author_name}** wrote:\n>\n{quoted}\n\n"
