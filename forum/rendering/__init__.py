"""Markdown to safe HTML, done once when a post is saved; no Flask here.

`block_limits` and `inline_limits` replace the few Python-Markdown internals that are
super-linear on hostile input; `sanitizing` holds the allowlist and the bleach set-up.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from html import escape as html_escape

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from forum.rendering.block_limits import limit_blocks
from forum.rendering.inline_limits import limit_inline, link_scan_window
from forum.rendering.sanitizing import LINKABLE_URL, clean_html

__all__ = ["LINKABLE_URL", "link_scan_window", "quote_for_reply", "render_markdown"]

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


class _PeerCircleMarkdown(Extension):
    def __init__(self, link_scan: int) -> None:
        super().__init__()
        self.link_scan = link_scan

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API name)
        # Raw HTML is shown as text rather than interpreted: members write Markdown only.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_SafeStructure(md), "peercircle_safe_structure", 0)
        limit_inline(md, self.link_scan)
        limit_blocks(md)


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
    return clean_html(html)


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
