"""Python-Markdown's inline work, kept linear on hostile text: bounded link scans, one pass."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections import deque
from itertools import chain

import markdown
from markdown.inlinepatterns import LinkInlineProcessor
from markdown.treeprocessors import InlineProcessor

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


def limit_inline(md: markdown.Markdown, link_scan: int) -> None:
    """Swap in the bounded link processors and the one-pass inline processor."""
    texts = _LinkTexts()
    for name, priority in _LINK_PROCESSORS.items():
        md.inlinePatterns.register(
            _bounded(md.inlinePatterns[name], link_scan, texts), name, priority
        )
    md.treeprocessors.register(_InlineProcessor(md), "inline", 20)
