"""Markdown to safe HTML, done once when a post is saved; no Flask here."""

from __future__ import annotations

import re
import threading
import xml.etree.ElementTree as etree
from functools import partial

import bleach
import markdown
from bleach.linkifier import LinkifyFilter, build_url_re
from markdown.extensions import Extension
from markdown.inlinepatterns import LinkInlineProcessor
from markdown.treeprocessors import Treeprocessor

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


def _bounded(processor: LinkInlineProcessor, window: int) -> LinkInlineProcessor:
    class Bounded(type(processor)):
        def getText(self, data: str, index: int):  # noqa: N802 (Markdown's API name)
            return super().getText(data[: index + window], index)

        def getLink(self, data: str, index: int):  # noqa: N802 (Markdown's API name)
            return super().getLink(data[: index + window], index)

    return Bounded(processor.compiled_re.pattern, processor.md)


class _PeerCircleMarkdown(Extension):
    def __init__(self, link_scan: int) -> None:
        super().__init__()
        self.link_scan = link_scan

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API name)
        # Raw HTML is shown as text rather than interpreted: members write Markdown only.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        for name, priority in _LINK_PROCESSORS.items():
            md.inlinePatterns.register(
                _bounded(md.inlinePatterns[name], self.link_scan), name, priority
            )
        md.treeprocessors.register(_SafeStructure(md), "peercircle_safe_structure", 0)


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


def _cleaner() -> bleach.Cleaner:
    # A Cleaner keeps parser state between calls, so each thread gets its own.
    cleaner = getattr(_local, "cleaner", None)
    if cleaner is None:
        cleaner = _local.cleaner = _new_cleaner()
    return cleaner


def _new_cleaner() -> bleach.Cleaner:
    return bleach.Cleaner(
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
    return _cleaner().clean(md.convert(source))


def quote_for_reply(author_name: str, source: str) -> str:
    """The Markdown a reply starts with when a member quotes a post."""
    quoted = "\n".join(f"> {line}" if line else ">" for line in source.strip().splitlines())
    return f"> **{author_name}** wrote:\n>\n{quoted}\n\n"
