"""Time every text function run on a post on hostile input, at 5,000, 10,000 and 20,000 characters.

For each function every input below is tried at the largest size; the slowest one is then timed at
each size (the fastest of --repeat runs), so growth shows: from 5,000 to 20,000 characters a linear
function takes about 4 times as long, a quadratic one 16 times. A run still going after --give-up
seconds is stopped and shown as ">N".
"""

from __future__ import annotations

import argparse
import math
import signal
import time
from collections.abc import Callable

from forum.rendering import quote_for_reply, render_markdown
from forum.slugs import slugify
from forum.text import clean_line, clean_text
from moderation.rules import (
    Action,
    WatchedWord,
    check_text,
    crisis_language,
    links,
    mask_watched,
    medical_safety,
    personal_data,
    watched_words,
)
from search.plain_text import hashtags, markdown_to_text
from search.query import parse_query

SIZES = (5_000, 10_000, 20_000)
WATCHED = (
    WatchedWord("*a*b*c*", Action.FLAG),
    WatchedWord("scam*", Action.MASK),
    WatchedWord("big * cure", Action.HOLD),
    WatchedWord("*ing", Action.MASK),
)

# Units repeated to the size wanted: openers without closers, each pattern's own near misses,
# runs of separators, nesting, and many short lines or elements.
# fmt: off
UNITS = [
    # links, brackets, images, references
    "[", "[a", "[a](", "[a](b", "[a](<", '[a](b "', "[](", "![", "![a](", "[a][", "[[]", "](",
    "(", "[a](b) ", "[a]: b\nc\n", "[a]:\n", "a\n[a]: b\n",
    # inline markup without partners
    "*", "*a", "*a*", "**a", "***a", "*_", "_*", " _a", "`", "`a", "``a", "`\n", "\\", "\\\n",
    "&", "&a;", "<", "<a", "<a@", "<a@a>", "<http://a", "~", "|", "|a",
    # block structure, one short line at a time
    "a\n", "a  \n", "=\n", "-\n", "a\n=\n", "a\n-\n", "#\n", "# a\n", "---\n", "___\n", "* * *\n",
    "a\n---\n", "|-|\n", "||\n", "a|b\n", "a|b\n-|-\n", "```\n", "```a\n", "~~~a\n", "    a\nb\n",
    "- \n", "- a\n", "- a\n\n", "- *a*\n", "- a\nb\n", "1. a\n", "1. ", "+ ", "1. > ", "> ", ">",
    "> a\n", "- > a\n",
    # addresses, emails, phone numbers, dates, doses, street addresses
    "http://", "www.", "a.co ", "(a.co) ", "a-", "a.", "a-a.", "a.a-", "a@", "a@a.", "a+a",
    "1 ", "0 ", "1-", "1.", "1-1.", "(1)", "+1 ", "1  ", "0000 ", "12 Aaa ", "12 a'", "AA1 1A",
    # the rules' own phrases, repeated without ever completing
    "I stop your meds ", "you should really just ", "don't want to ", "take 1,", "cures the ",
    "big pharma is hiding ", "kill my ", "self-", "no reason to ", "wish i ", "ab", "scam",
    # whitespace, long words, other scripts
    " ", "\t", "\n", "\n\n", "a", "a ", "é", "\u2019", "\ufdfa", "\u202e", "\r\x00",
]
# fmt: on
SPECIAL: dict[str, Callable[[int], str]] = {
    "one [ then text": lambda n: "[" + "a" * (n - 1),
    "[a]( then address": lambda n: "[a](" + "b" * (n - 4),
    "x then digit groups": lambda n: "x " + ("0 " * n)[: n - 2],
    "self then dashes": lambda n: "self" + "-" * (n - 4),
    "take then digits": lambda n: "take " + ("1," * n)[: n - 5],
    "word then ectomy": lambda n: "a" * (n - 6) + "ectomy",
    "email, long domain": lambda n: "a@" + ("a." * n)[: n - 3] + "1",
    "quote ladder": lambda n: "".join(">" * depth + " a\n" for depth in range(1, n))[:n],
    "increasing backtick runs": lambda n: "".join("`" * k + "a" for k in range(1, n))[:n],
}


def _repeated(unit: str) -> Callable[[int], str]:
    return lambda n: (unit * (n // len(unit) + 1))[:n]


def _inputs() -> dict[str, Callable[[int], str]]:
    found = {repr(unit): _repeated(unit) for unit in UNITS}
    found.update(SPECIAL)
    return found


class _Snippets:
    """What search does with a post's text: index analysis (with the synonym list's terms),
    a candidate's coverage analysis, and its highlighted snippet."""

    times_itself = True  # Markdown to text is left out of the figure

    def __init__(self) -> None:
        from search import searching, snippets
        from search.schema import INDEX_ANALYZER

        self.searching, self.snippets, self.analyzer = searching, snippets, INDEX_ANALYZER

    def __call__(self, text: str) -> float:
        body = markdown_to_text(text)
        analyser = self.searching._ANALYSER
        started = time.perf_counter()
        words = [token.text for token in self.analyzer(body)]
        wanted = frozenset(words[:1] or ["a"])
        analyser.analysed("Hostile", body)
        self.snippets.snippet(body, wanted, analyser, self.searching.SNIPPET_CHARS)
        return time.perf_counter() - started


def _functions() -> dict[str, Callable[[str], object]]:
    functions: dict[str, Callable[[str], object]] = {
        "render_markdown": render_markdown,
        "quote_for_reply": lambda text: quote_for_reply("Sam", text),
        "render(quote_for_reply)": lambda text: render_markdown(quote_for_reply("Sam", text)),
        "clean_text": clean_text,
        "clean_line": clean_line,
        "slugify": slugify,
        "markdown_to_text": markdown_to_text,
        "hashtags": hashtags,
        "parse_query": parse_query,
        "check_text": lambda text: check_text(text, words=WATCHED, trusted=False),
        "crisis_language": crisis_language,
        "watched_words": lambda text: watched_words(text, WATCHED),
        "medical_safety": medical_safety,
        "personal_data": personal_data,
        "links": lambda text: links(text, trusted=False),
        "mask_watched": lambda text: mask_watched(text, WATCHED),
    }
    try:
        functions["search analysis and snippet"] = _Snippets()
    except (ImportError, AttributeError) as error:
        print(f"(search snippets left out: {error})")
    return functions


class _TooSlow(BaseException):
    pass


def _time_once(function: Callable[[str], object], text: str, give_up: float) -> float | str:
    """Seconds one run took, math.inf if it had to be stopped, or the name of what it raised."""

    def stop(signum, frame):
        raise _TooSlow

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, give_up)
    try:
        started = time.perf_counter()
        result = function(text)
        elapsed = time.perf_counter() - started
    except _TooSlow:
        return math.inf
    except Exception as error:  # a crash is a finding too (RecursionError, say)
        return type(error).__name__
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return result if getattr(function, "times_itself", False) else elapsed


def _fastest(function, text: str, repeat: int, give_up: float) -> float | str:
    fastest: float | str = math.inf
    for _ in range(repeat):
        seconds = _time_once(function, text, give_up)
        if isinstance(seconds, str) or math.isinf(seconds):
            return seconds
        fastest = min(fastest, seconds)
    return fastest


def _badness(seconds: float | str) -> float:
    return math.inf if isinstance(seconds, str) else seconds


def _shown(seconds: float | str, give_up: float) -> str:
    if isinstance(seconds, str):
        return seconds[:9]
    return f">{give_up:.0f}s" if math.isinf(seconds) else f"{seconds * 1000:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--give-up", type=float, default=10.0, help="seconds before a run is stopped"
    )
    parser.add_argument("--only", default="", help="comma-separated function names")
    args = parser.parse_args()
    functions = _functions()
    if args.only:
        functions = {name: functions[name] for name in args.only.split(",")}
    inputs = _inputs()
    header = "".join(f"{size:>10,}" for size in SIZES)
    print(f"{'function':24} {'worst input':28}{header}  ms  20k/5k (linear: about 4)")
    for name, function in functions.items():
        largest = SIZES[-1]
        worst = max(
            inputs,
            key=lambda case: _badness(_time_once(function, inputs[case](largest), args.give_up)),
        )
        times = [
            _fastest(function, inputs[worst](size), args.repeat, args.give_up) for size in SIZES
        ]
        first, last = _badness(times[0]), _badness(times[-1])
        growth = f"x{last / first:.1f}" if first > 0 and not math.isinf(last) else "-"
        cells = "".join(f"{_shown(seconds, args.give_up):>10}" for seconds in times)
        print(f"{name:24} {worst[:28]:28}{cells}      {growth}", flush=True)


if __name__ == "__main__":
    main()
