"""Time Markdown rendering for ordinary posts and for hostile ones at the 20,000-character limit."""

from __future__ import annotations

import argparse
import statistics
import time

from forum.posting import BODY_MAX
from forum.rendering import render_markdown

ORDINARY = {
    "short reply": "Same here. Ice packs and a **slow** walk help me most evenings.",
    "tips list": "What helped me:\n\n- pace the day\n- [NHS advice](https://www.nhs.uk/)\n- rest *before* tired\n"
    * 5,
    "long story": (
        "I was diagnosed three years ago (after months of tests) and learned a lot. " * 60
    ),
}
HOSTILE = {
    "open brackets": "[" * BODY_MAX,
    "nested brackets": "[" * (BODY_MAX // 2) + "]" * (BODY_MAX // 2),
    "unclosed links": "[a](" * (BODY_MAX // 4),
    "open parentheses": "(" * BODY_MAX,
    "image openers": "![" * (BODY_MAX // 2),
    "reference openers": "[a][" * (BODY_MAX // 4),
    "emphasis runs": "*a" * (BODY_MAX // 2),
    "backtick runs": "`a" * (BODY_MAX // 2),
    "nested quotes": "> " * (BODY_MAX // 2),
    "entities": "&" * BODY_MAX,
    "hyphenated dotted run": "a-a." * (BODY_MAX // 4),
    "dotted words": "aa.aa-" * (BODY_MAX // 6),
}


def time_case(source: str, repeat: int) -> list[float]:
    """Milliseconds per render, `repeat` times."""
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        render_markdown(source)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"{'case':24} {'chars':>7} {'median ms':>10} {'max ms':>9}")
    for group in (ORDINARY, HOSTILE):
        for name, source in group.items():
            timings = time_case(source, args.repeat)
            print(
                f"{name:24} {len(source):7d} {statistics.median(timings):10.2f} {max(timings):9.2f}"
            )


if __name__ == "__main__":
    main()
