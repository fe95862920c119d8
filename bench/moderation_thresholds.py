"""Choose each kind's classifier threshold on the development part only.

For each harmful kind, the lowest threshold that lets at most ALLOWED[kind] ordinary posts of
the development part score above it. Crisis allows more: a missed crisis is worse than a false
alert. Paste the printed values into moderation/scoring.py THRESHOLDS.

    .venv/bin/python bench/moderation_thresholds.py
"""

from __future__ import annotations

import json
from pathlib import Path

from moderation.classifier import KINDS, train
from moderation.scoring import shipped_examples

DEV = Path(__file__).resolve().parent / "data" / "moderation_dev.json"
# Ordinary development posts allowed above each threshold (the part has about 140).
ALLOWED = {"crisis": 8, "medical": 2, "personal_data": 2, "spam": 2, "abuse": 2}
# Beside a weaker warning sign (hopelessness, feeling trapped or a burden) a crisis score this
# many ordinary posts reach is enough: the sign itself is rare in ordinary posts.
ALLOWED_WITH_SIGN = 25


def text_of(post: dict) -> str:
    return "\n\n".join(part for part in (post.get("title"), post["text"]) if part)


def main() -> None:
    posts = json.loads(DEV.read_text())
    classifier = train(shipped_examples())  # the shipped examples alone, no database
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
    ordinary = sorted(
        (s["crisis"] for s, post in zip(scores, posts, strict=True) if post["kind"] == "ordinary"),
        reverse=True,
    )
    print("THRESHOLDS =", json.dumps(chosen))
    print("CRISIS_WITH_SIGN =", round(ordinary[ALLOWED_WITH_SIGN], 3))


if __name__ == "__main__":
    main()
