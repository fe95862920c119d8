"""Choose each kind's classifier threshold on the development part only.

For each harmful kind, the lowest threshold that lets at most ALLOWED[kind] ordinary posts of
the development part score above it. Crisis allows more: a missed crisis is worse than a false
alert. Paste the printed values into moderation/scoring.py THRESHOLDS.

    .venv/bin/python bench/moderation_thresholds.py
"""

from __future__ import annotations

import json
from pathlib import Path

from moderation.classifier import KINDS
from moderation.scoring import model

DEV = Path(__file__).resolve().parent / "data" / "moderation_dev.json"
# Ordinary development posts allowed above each threshold (the part has about 140).
ALLOWED = {"crisis": 4, "medical": 2, "personal_data": 2, "spam": 2, "abuse": 2}


def text_of(post: dict) -> str:
    return "\n\n".join(part for part in (post.get("title"), post["text"]) if part)


def main() -> None:
    posts = json.loads(DEV.read_text())
    classifier = model()
    scores = [classifier.scores(text_of(post)) for post in posts]
    chosen = {}
    for kind in KINDS:
        ordinary = sorted(
            (s[kind] for s, post in zip(scores, posts, strict=True) if post["kind"] == "ordinary"),
            reverse=True,
        )
        threshold = ordinary[ALLOWED[kind]] if len(ordinary) > ALLOWED[kind] else min(ordinary)
        inside = [s[kind] for s, post in zip(scores, posts, strict=True) if post["kind"] == kind]
        caught = sum(score > threshold for score in inside)
        chosen[kind] = round(threshold, 3)
        print(f"{kind:<14} threshold {threshold:8.3f}  dev recall {caught}/{len(inside)}")
    print("THRESHOLDS =", json.dumps(chosen))


if __name__ == "__main__":
    main()
