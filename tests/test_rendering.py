"""Members' Markdown becomes stored HTML: hostile input must come out inert, ordinary writing intact.

Plain unit tests of pure functions; no fixtures, no app, no database.
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

import pytest

from forum.rendering import link_scan_window, quote_for_reply, render_markdown

# Written out here rather than imported, so widening the module's allowlist has to be a decision
# that also changes this file.
SAFE_TAGS = frozenset(
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
SAFE_ATTRIBUTES = {"a": {"href", "title", "rel"}, "ol": {"start"}}
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"
SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")


class _Collector(HTMLParser):
    """Every tag, attribute, comment and declaration in a piece of HTML, plus its visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.start_tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.end_tags: list[str] = []
        self.other_markup: list[str] = []
        self.text_parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.start_tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.start_tags.append((tag, attrs))

    def handle_endtag(self, tag):
        self.end_tags.append(tag)

    def handle_data(self, data):
        self.text_parts.append(data)

    def handle_comment(self, data):
        self.other_markup.append(f"comment {data!r}")

    def handle_decl(self, decl):
        self.other_markup.append(f"declaration {decl!r}")

    def unknown_decl(self, data):
        self.other_markup.append(f"declaration {data!r}")

    def handle_pi(self, data):
        self.other_markup.append(f"processing instruction {data!r}")

    @property
    def text(self) -> str:
        return "".join(self.text_parts)


def parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector


def squeeze_url(value: str) -> str:
    """An href as a browser's URL parser sees it, made stricter still.

    html.parser has already decoded character references once, exactly as a browser does; decoding
    a second time would turn harmless literal text such as ``&#106;`` into a false alarm. Browsers
    drop tabs and newlines anywhere in a URL and ignore leading control characters and spaces; here
    every whitespace, control and format character is dropped, wherever it is.
    """
    kept = (ch for ch in value if not (ch.isspace() or unicodedata.category(ch) in {"Cc", "Cf"}))
    return "".join(kept).lower()


def safety_problems(html: str) -> list[str]:
    """Everything in rendered output that could run script, load content or leave the allowlist."""
    collector = parse(html)
    problems = [f"unexpected {markup}" for markup in collector.other_markup]
    problems += [f"closing tag </{tag}>" for tag in collector.end_tags if tag not in SAFE_TAGS]
    for tag, attrs in collector.start_tags:
        if tag not in SAFE_TAGS:
            problems.append(f"tag <{tag}>")
        names = [name for name, _ in attrs]
        for name, value in attrs:
            if name.startswith("on"):
                problems.append(f"event handler {name}={value!r} on <{tag}>")
            if name in {"style", "src"}:
                problems.append(f"{name}={value!r} on <{tag}>")
            if name not in SAFE_ATTRIBUTES.get(tag, set()):
                problems.append(f"attribute {name}={value!r} not allowed on <{tag}>")
        if tag != "a":
            continue
        rels = [value for name, value in attrs if name == "rel"]
        if rels != [LINK_REL]:
            problems.append(f"<a> rel is {rels!r}, not [{LINK_REL!r}]")
        if names.count("href") > 1:
            problems.append("<a> has more than one href")
        for name, value in attrs:
            if name != "href":
                continue
            href = squeeze_url(value or "")
            for bad in ("javascript:", "vbscript:", "data:"):
                if bad in href:
                    problems.append(f"href {value!r} contains {bad!r}")
            scheme = SCHEME.match(href)
            if scheme and scheme.group(1) not in SAFE_SCHEMES:
                problems.append(f"href {value!r} uses scheme {scheme.group(1)!r}")
    return problems


def test_the_checker_itself_catches_dangerous_html():
    """Guards the guard: each of these must be reported, or the tables below prove nothing."""
    dangerous = [
        "<script>alert(1)</script>",
        "<img src=x>",
        '<p onclick="x()">a</p>',
        '<p style="color:red">a</p>',
        '<a href="javascript:alert(1)" rel="nofollow ugc noopener">x</a>',
        '<a href="&#106;ava&#x09;script:alert(1)" rel="nofollow ugc noopener">x</a>',
        '<a href=" JaVaScRiPt:alert(1)" rel="nofollow ugc noopener">x</a>',
        '<a href="data:text/html,x" rel="nofollow ugc noopener">x</a>',
        '<a href="ftp://example.com" rel="nofollow ugc noopener">x</a>',
        '<a href="https://example.com">no rel</a>',
        "<!-- hidden -->",
        "<![CDATA[x]]>",
        "<h1>too big</h1>",
    ]
    for html in dangerous:
        assert safety_problems(html), html
    assert (
        safety_problems('<p><a href="https://example.com/a" rel="nofollow ugc noopener">a</a></p>')
        == []
    )


HOSTILE = [
    # <script> in its many shapes
    pytest.param("<script>alert(1)</script>", id="script"),
    pytest.param("<SCRIPT>alert(1)</SCRIPT>", id="script-uppercase"),
    pytest.param("<ScRiPt>alert(1)</sCrIpT>", id="script-mixed-case"),
    pytest.param("<scr<script>ipt>alert(1)</script>", id="script-nested-to-survive-one-strip"),
    pytest.param("<script>alert(1)", id="script-unclosed"),
    pytest.param("<script src=https://evil.example/x.js></script>", id="script-src"),
    pytest.param("Hello <script>alert(1)</script> friends", id="script-inside-a-sentence"),
    pytest.param("<svg><script>alert(1)</script></svg>", id="svg-with-script"),
    # event handlers
    pytest.param("<img src=x onerror=alert(1)>", id="img-onerror"),
    pytest.param("<body onload=alert(1)>", id="body-onload"),
    pytest.param("<svg onload=alert(1)>", id="svg-onload"),
    pytest.param("<div onmouseover=alert(1)>hover me</div>", id="div-onmouseover"),
    pytest.param(
        "[<img src=x onerror=alert(1)>](https://example.com)", id="img-onerror-as-link-text"
    ),
    pytest.param(
        '![x" onerror="alert(1)](https://example.com/x.png)', id="image-alt-breaking-quote"
    ),
    # javascript: links, Markdown and HTML
    pytest.param("[x](javascript:alert(1))", id="md-link-javascript"),
    pytest.param("[x][ref]\n\n[ref]: javascript:alert(1)", id="md-reference-link-javascript"),
    pytest.param(
        "[x][ref]\n\n[ref]: <javascript:alert(1)> 'title'", id="md-reference-angle-javascript"
    ),
    pytest.param("[x](<javascript:alert(1)>)", id="md-link-angle-destination-javascript"),
    pytest.param("<javascript:alert(1)>", id="md-autolink-javascript"),
    pytest.param('<a href="javascript:alert(1)">x</a>', id="html-a-javascript"),
    pytest.param('<a href="jav&#x09;ascript:alert(1)">x</a>', id="html-a-javascript-entity-tab"),
    pytest.param(
        "[https://example.com](javascript:alert(1))", id="safe-looking-text-javascript-href"
    ),
    # encoded and obfuscated schemes
    pytest.param("[x](&#106;avascript:alert(1))", id="decimal-entity-j"),
    pytest.param("[x](&#x6A;avascript:alert(1))", id="hex-entity-j"),
    pytest.param("[x](&#0000106avascript:alert(1))", id="zero-padded-entity-no-semicolon"),
    pytest.param("[x](%6Aavascript:alert(1))", id="percent-encoded-j"),
    pytest.param("[x](java\tscript:alert(1))", id="tab-inside-scheme"),
    pytest.param("[x](java\nscript:alert(1))", id="newline-inside-scheme"),
    pytest.param("[x](java&#9;script:alert(1))", id="entity-tab-inside-scheme"),
    pytest.param("[x](jav&#x0A;ascript:alert(1))", id="entity-newline-inside-scheme"),
    pytest.param("[x](   javascript:alert(1))", id="leading-spaces"),
    pytest.param("[x](\x01javascript:alert(1))", id="leading-control-character"),
    pytest.param("[x](JaVaScRiPt:alert(1))", id="mixed-case-scheme"),
    pytest.param("[x](javascript&colon;alert(1))", id="named-entity-colon"),
    pytest.param("[x](javascript&#58;alert(1))", id="numeric-entity-colon"),
    pytest.param("javascript://example.com/%0aalert(1)", id="bare-javascript-comment-trick"),
    # data: and vbscript:
    pytest.param(
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        id="md-link-data-html-base64",
    ),
    pytest.param("<data:text/html,<script>alert(1)</script>>", id="md-autolink-data"),
    pytest.param("data:example.com/,hello", id="bare-data-url-linkified"),
    pytest.param("[x](vbscript:msgbox(1))", id="md-link-vbscript"),
    pytest.param("[x](VBScript:msgbox(1))", id="md-link-vbscript-mixed-case"),
    pytest.param("ftp://example.com/file", id="bare-ftp-url-linkified-outside-allowlist"),
    # styles and embedded content
    pytest.param("<style>body { display: none }</style>", id="style-block"),
    pytest.param('<p style="position:fixed;top:0">x</p>', id="style-attribute"),
    pytest.param("<iframe src=https://evil.example></iframe>", id="iframe"),
    pytest.param("<object data=https://evil.example/x.swf></object>", id="object"),
    pytest.param("<embed src=https://evil.example/x.swf>", id="embed"),
    pytest.param(
        '<form action="https://evil.example"><input name="password"><button>Go</button></form>',
        id="form-input-button",
    ),
    pytest.param(
        '<meta http-equiv="refresh" content="0;url=https://evil.example">', id="meta-refresh"
    ),
    pytest.param('<base href="https://evil.example/">', id="base-href"),
    pytest.param('<link rel="stylesheet" href="https://evil.example/x.css">', id="link-stylesheet"),
    pytest.param("<math><mi xlink:href=javascript:alert(1)>x</mi></math>", id="math-xlink"),
    # images never load
    pytest.param("![x](https://evil.example/track.png)", id="md-image-remote"),
    pytest.param('<img src="https://evil.example/track.png">', id="html-image-remote"),
    pytest.param("![x](javascript:alert(1))", id="md-image-javascript"),
    pytest.param("![x](data:image/svg+xml;base64,PHN2Zz4=)", id="md-image-data-svg"),
    # comments and other markup
    pytest.param("<!-- <script>alert(1)</script> -->", id="html-comment"),
    pytest.param("<!--[if IE]><script>alert(1)</script><![endif]-->", id="conditional-comment"),
    pytest.param("<![CDATA[<script>alert(1)</script>]]>", id="cdata"),
    pytest.param(
        "<!DOCTYPE html><?xml-stylesheet href='x'?>", id="doctype-and-processing-instruction"
    ),
    # breaking out of attributes
    pytest.param(
        '[x](https://a.example "a\\" onmouseover=\\"alert(1)")', id="link-title-breaking-quote"
    ),
    pytest.param('[x](https://example.com/"onmouseover=alert(1))', id="link-href-breaking-quote"),
    pytest.param(
        'https://example.com/?q="><img src=x onerror=alert(1)>', id="bare-url-breaking-quote"
    ),
    # headings the page itself uses
    pytest.param("# Official notice\n\n## From the moderators", id="h1-h2-headings"),
]


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_input_renders_inert(source):
    html = render_markdown(source)
    assert safety_problems(html) == [], html


def test_hostile_table_is_large_enough():
    assert len(HOSTILE) >= 45


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("```\nhttps://example.com/fenced\n```", id="fenced-code"),
        pytest.param("    https://example.com/indented", id="indented-code"),
        pytest.param("`https://example.com/inline`", id="inline-code"),
        pytest.param("```\n[x](https://example.com/md)\n```", id="markdown-link-in-fenced-code"),
        pytest.param(
            "```\n<a href='https://example.com/page'>x</a>\n```", id="html-link-in-fenced-code"
        ),
    ],
)
def test_links_inside_code_stay_text(source):
    """Code is shown exactly as written; example.com is a real TLD, so the linkifier would bite."""
    html = render_markdown(source)
    collector = parse(html)
    assert "a" not in {tag for tag, _ in collector.start_tags}, html
    assert "example.com/" in collector.text
    assert "<code>" in html


@pytest.mark.parametrize(
    ("source", "expected_tag"),
    [
        pytest.param("# Title", "h3", id="atx-h1"),
        pytest.param("## Section", "h4", id="atx-h2"),
        pytest.param("### Smaller", "h5", id="atx-h3"),
        pytest.param("#### Smaller still", "h6", id="atx-h4"),
        pytest.param("###### Smallest", "h6", id="atx-h6-stays-h6"),
        pytest.param("Title\n=====", "h3", id="setext-h1"),
        pytest.param("Section\n-------", "h4", id="setext-h2"),
    ],
)
def test_headings_are_demoted_below_the_page_title(source, expected_tag):
    tags = [tag for tag, _ in parse(render_markdown(source)).start_tags]
    assert tags == [expected_tag]
    assert not {"h1", "h2"} & set(tags)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("a" * 20_000, id="one-long-word"),
        pytest.param(("Tired today. " * 2000)[:20_000], id="one-long-paragraph"),
        pytest.param(
            ("**bold** [x](javascript:alert(1)) <script>x</script> https://example.com/a\n" * 400)[
                :20_000
            ],
            id="hostile-mix-repeated",
        ),
        pytest.param(("- item\n" * 3000)[:20_000], id="long-list"),
        pytest.param(("> " * 10_000), id="deeply-nested-quotes"),
    ],
)
def test_a_body_of_the_maximum_length_renders_safely(source):
    assert len(source) == 20_000
    html = render_markdown(source)
    assert html
    assert safety_problems(html) == []


BENIGN = [
    pytest.param(
        "**really** tired and *a bit* hopeful",
        ["<strong>really</strong>", "<em>a bit</em>"],
        [],
        id="bold-and-italic",
    ),
    pytest.param(
        "- rest\n- water\n- pacing",
        ["<ul>", "<li>rest</li>", "<li>water</li>", "<li>pacing</li>", "</ul>"],
        [],
        id="bullet-list",
    ),
    pytest.param(
        "1. call the clinic\n2. ask about dosage",
        ["<ol>", "<li>call the clinic</li>", "<li>ask about dosage</li>"],
        [],
        id="numbered-list",
    ),
    pytest.param("3. third\n4. fourth", ['<ol start="3">', "<li>third</li>"], [], id="list-start"),
    pytest.param(
        "> It gets easier.\n\nThank you for this.",
        ["<blockquote>", "<p>It gets easier.</p>", "</blockquote>", "<p>Thank you for this.</p>"],
        [],
        id="blockquote",
    ),
    pytest.param(
        "```\n<b>not bold</b>\n```",
        ["<pre><code>&lt;b&gt;not bold&lt;/b&gt;"],
        ["<b>"],
        id="fenced-code-shows-html-as-text",
    ),
    pytest.param(
        "Typing <b>this</b> shows the tags",
        ["&lt;b&gt;this&lt;/b&gt;"],
        ["<b>"],
        id="raw-html-shown-as-text",
    ),
    pytest.param(
        "See https://example.com/guide for more",
        [
            '<a href="https://example.com/guide" rel="nofollow ugc noopener">https://example.com/guide</a>'
        ],
        [],
        id="plain-url-becomes-link",
    ),
    pytest.param(
        "www.example.com",
        ['<a href="http://www.example.com" rel="nofollow ugc noopener">www.example.com</a>'],
        [],
        id="www-address-becomes-link",
    ),
    pytest.param(
        "[the clinic](https://example.com/clinic)",
        ['<a href="https://example.com/clinic" rel="nofollow ugc noopener">the clinic</a>'],
        [],
        id="https-markdown-link",
    ),
    pytest.param(
        '[the clinic](https://example.com/clinic "Opening hours")',
        ['title="Opening hours"', 'href="https://example.com/clinic"'],
        [],
        id="markdown-link-title",
    ),
    pytest.param(
        "[write to me](mailto:helper@example.com)",
        ['<a href="mailto:helper@example.com" rel="nofollow ugc noopener">write to me</a>'],
        [],
        id="mailto-link",
    ),
    pytest.param(
        "[see the FAQ](/boards/faq)",
        ['<a href="/boards/faq" rel="nofollow ugc noopener">see the FAQ</a>'],
        [],
        id="relative-link",
    ),
    pytest.param(
        "![my scan](https://example.com/scan.png)",
        ['<a href="https://example.com/scan.png" rel="nofollow ugc noopener">[image: my scan]</a>'],
        ["<img"],
        id="image-becomes-plain-link",
    ),
    pytest.param("I take <5 units", ["I take &lt;5 units"], [], id="less-than-sign"),
    pytest.param("Tom & Jerry", ["Tom &amp; Jerry"], [], id="ampersand"),
    pytest.param("first line\nsecond line", ["first line<br>", "second line"], [], id="line-break"),
    pytest.param("one\n\n---\n\ntwo", ["<hr>"], [], id="horizontal-rule"),
    pytest.param(
        "| Drug | Dose |\n|------|------|\n| A | 5mg |",
        ["<table>", "<thead>", "<th>Drug</th>", "<th>Dose</th>", "<tbody>", "<td>5mg</td>"],
        [],
        id="table",
    ),
    pytest.param("# Title", ["<h3>Title</h3>"], ["<h1>"], id="heading-becomes-h3"),
]


@pytest.mark.parametrize(("source", "present", "absent"), BENIGN)
def test_ordinary_writing_renders_as_members_expect(source, present, absent):
    html = render_markdown(source)
    for fragment in present:
        assert fragment in html, html
    for fragment in absent:
        assert fragment not in html, html
    assert safety_problems(html) == [], html


@pytest.mark.parametrize(
    ("source", "visible_text"),
    [
        pytest.param("I take <5 units", "I take <5 units", id="less-than"),
        pytest.param("```\n<b>x</b>\n```", "<b>x</b>", id="code-with-tags"),
        pytest.param(
            "Dose went from 2 -> 4 & back", "Dose went from 2 -> 4 & back", id="arrow-amp"
        ),
        pytest.param("<3 to everyone here", "<3 to everyone here", id="heart"),
    ],
)
def test_what_members_typed_is_what_readers_see(source, visible_text):
    assert visible_text in parse(render_markdown(source)).text


def test_empty_body_renders_empty():
    assert render_markdown("") == ""


def test_rendering_is_deterministic_across_calls():
    """The cleaner is reused per thread; one post must not leak state into the next."""
    first = render_markdown("[x](https://example.com/a)\n\n<script>")
    render_markdown("<b>unclosed **bold")
    assert render_markdown("[x](https://example.com/a)\n\n<script>") == first


@pytest.mark.parametrize(
    ("author", "source", "expected"),
    [
        pytest.param("Sam", "One line.", "> **Sam** wrote:\n>\n> One line.\n\n", id="single-line"),
        pytest.param(
            "Sam",
            "First.\nSecond.",
            "> **Sam** wrote:\n>\n> First.\n> Second.\n\n",
            id="every-line-quoted",
        ),
        pytest.param(
            "Sam",
            "Para one.\n\nPara two.",
            "> **Sam** wrote:\n>\n> Para one.\n>\n> Para two.\n\n",
            id="blank-line-keeps-quote-unbroken",
        ),
        pytest.param(
            "Sam",
            "\n\n  Hello.\n\n",
            "> **Sam** wrote:\n>\n> Hello.\n\n",
            id="surrounding-blank-lines-dropped",
        ),
        pytest.param(
            "Sam",
            "Windows line.\r\nNext.",
            "> **Sam** wrote:\n>\n> Windows line.\n> Next.\n\n",
            id="crlf-lines",
        ),
        pytest.param(
            "Sam",
            "> earlier quote",
            "> **Sam** wrote:\n>\n> > earlier quote\n\n",
            id="nested-quote",
        ),
    ],
)
def test_quote_for_reply(author, source, expected):
    assert quote_for_reply(author, source) == expected


def test_every_line_of_a_quote_starts_with_the_marker():
    quoted = quote_for_reply("Sam", "a\nb\n\nc\r\nd")
    lines = quoted.rstrip("\n").split("\n")
    assert lines[0] == "> **Sam** wrote:"
    assert all(line.startswith(">") for line in lines)
    assert quoted.endswith("\n\n")


def test_a_quote_renders_as_a_blockquote_naming_the_author():
    html = render_markdown(quote_for_reply("Sam", "Hang in there.\n\nIt helps."))
    assert html.startswith("<blockquote>")
    assert "<strong>Sam</strong> wrote:" in html
    assert "<p>Hang in there.</p>" in html
    assert "<p>It helps.</p>" in html
    assert html.count("<blockquote>") == 1


@pytest.mark.parametrize(
    ("source", "window"),
    [
        ("A post with one [link](https://www.nhs.uk/).", 2_000),
        ("(" * 100 + "[" * 100, 1_000),
        ("[" * 20_000, 64),
    ],
    ids=["ordinary-post-full-window", "some-brackets-narrower", "hostile-floor"],
)
def test_link_scan_window_shrinks_only_for_bracket_heavy_posts(source, window):
    assert link_scan_window(source) == window


def test_a_long_link_address_still_becomes_a_link():
    address = "https://www.example.com/" + "a" * 1_500
    html = render_markdown(f"Read [this leaflet]({address}) first.")
    assert f'<a href="{address}" rel="nofollow ugc noopener">this leaflet</a>' in html


@pytest.mark.parametrize(
    "source",
    ["[" * 20_000, "[a](" * 5_000, "(" * 20_000, "![" * 10_000],
    ids=["open-brackets", "unclosed-links", "open-parentheses", "image-openers"],
)
def test_bracket_floods_render_as_plain_text(source):
    html = render_markdown(source)
    assert "<a" not in html
    assert html.startswith("<p>") and html.endswith("</p>")


@pytest.mark.parametrize(
    ("source", "linked"),
    [
        ("a-a." * 5_000, False),
        ("see www.nhs.uk today", True),
        ("(www.diabetes.org.uk)", True),
        ("write to hello@buy-pills.ru", False),
    ],
    ids=["hyphen-dot-flood", "www-address", "in-parentheses", "email-domain-not-a-link"],
)
def test_autolinking_starts_only_at_the_start_of_a_word(source, linked):
    assert ("<a " in render_markdown(source)) is linked
