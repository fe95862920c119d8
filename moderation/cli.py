"""`flask --app wsgi moderation ...`: how the detector does, and refitting it."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import click
from flask.cli import AppGroup

from moderation.classifier import KINDS
from moderation.scoring import detected_kinds, refit, shipped_examples
from moderation.teaching import decided_examples

moderation_cli = AppGroup("moderation", help="Evaluate and refit the moderation classifier.")
DEV = Path(__file__).resolve().parent.parent / "bench" / "data" / "moderation_dev.json"


def _figures(label: str, examples: list[tuple[str, str]]) -> None:
    """Recall per kind, and ordinary posts reported, by the rules and classifier together."""
    found = Counter()
    totals = Counter(kind for _, kind in examples)
    false_alarms = 0
    for text, kind in examples:
        reported = detected_kinds(text)
        if kind in reported:
            found[kind] += 1
        if kind == "ordinary" and reported:
            false_alarms += 1
    parts = [f"{kind} {found[kind]}/{totals[kind]}" for kind in KINDS if totals[kind]]
    ordinary = totals["ordinary"]
    click.echo(
        f"{label}: {len(examples)} posts; caught " + (", ".join(parts) or "none")
        + f"; ordinary reported {false_alarms}/{ordinary}"
    )


@moderation_cli.command("evaluate")
def evaluate_command() -> None:
    """The classifier's figures on moderators' decisions and, in a checkout, the dev part."""
    decided = decided_examples()
    _figures("moderators' decisions", decided)
    if DEV.exists():
        posts = json.loads(DEV.read_text())
        _figures("development part", [(p.get("title", "") + "\n\n" + p["text"], p["kind"]) for p in posts])


@moderation_cli.command("retrain")
def retrain_command() -> None:
    """Refit the classifier on the shipped examples and every moderator decision."""
    classifier = refit()
    decided = len(decided_examples())
    click.echo(
        f"Trained on {classifier.trained_on} examples "
        f"({len(shipped_examples())} shipped, {decided} from moderators' decisions). "
        "Running workers refit when they restart."
    )
