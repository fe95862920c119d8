"""Choose each kind's classifier threshold on the development parts only.

For each harmful kind, the lowest threshold that lets at most ALLOWED_PER_100[kind] in every
100 ordinary posts of the two development parts score above it. Crisis allows more: a missed crisis is worse than a false
alert. Paste the printed values into moderation/scoring.py THRESHOLDS.

    .venv/bin/python bench/moderation_thresholds.py
"""

from __future__ import annotations

import json
from pathlib import Path

from moderation.classifier import KINDS, train
from moderation.scoring import shipped_examples

DATA = Path(__file__).resolve().parent / "data"
# Both development parts, never the frozen one.
DEV_PARTS = (DATA / "moderation_dev.json", DATA / "moderation_dev2.json")
# Ordinary development posts allowed above each threshold, per 100 of them (the two parts
# have 290): crisis allows more, since a missed crisis is worse than a false alert.
ALLOWED_PER_100 = {"crisis": 6, "medical": 1.5, "personal_data": 1.5, "spam": 1.5, "abuse": 1.5}
# Beside a weaker warning sign (hopelessness, feeling trapped or a burden) a crisis score this
# many ordinary posts reach is enough: the sign itself is rare in ordinary posts.
ALLOWED_WITH_SIGN_PER_100 = 18


def text_of(post: dict) -> str:
    return "\n\n".join(part for part in (post.get("title"), post["text"]) if part)


def main() -> None:
    posts = [post for part in DEV_PARTS if part.exists() for post in json.loads(part.read_text())]
    classifier = train(shipped_examples())  # the shipped examples alone, no database
    scores = [classifier.scores(text_of(post)) for post in posts]
    chosen = {}
    for kind in KINDS:
        ordinary = sorted(
            (s[kind] for s, post in zip(scores, posts, strict=True) if post["kind"] == "ordinary"),
            reverse=True,
        )
        allowed = round(ALLOWED_PER_100[kind] * len(ordinary) / 100)
        threshold = ordinary[allowed] if len(ordinary) > allowed else min(ordinary)
        inside = [s[kind] for s, post in zip(scores, posts, strict=True) if post["kind"] == kind]
        caught = sum(score > threshold for score in inside)
        chosen[kind] = round(threshold, 3)
        print(f"{kind:<14} threshold {threshold:8.3f}  dev recall {caught}/{len(inside)}")
    ordinary = sorted(
        (s["crisis"] for s, post in zip(scores, posts, strict=True) if post["kind"] == "ordinary"),
        reverse=True,
    )
    print("THRESHOLDS =", json.dumps(chosen))
    print("CRISIS_WITH_SIGN =", round(ordinary[round(ALLOWED_WITH_SIGN_PER_100 * len(ordinary) / 100)], 3))


if __name__ == "__main__":
    main()
