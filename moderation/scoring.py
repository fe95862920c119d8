"""Scored findings: the trained classifier's view of a post, beside the exact rules.

The model is trained once per process from the examples shipped in moderation/data (and, once
moderators have decided some posts, their decisions): a counting pass of well under a second.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from moderation.classifier import Classifier, train
from moderation.rules.findings import (
    GUIDELINE_CRISIS,
    GUIDELINE_EXPERIENCE,
    GUIDELINE_KIND,
    GUIDELINE_NO_SPAM,
    GUIDELINE_PRIVACY,
    Action,
    Finding,
    Kind,
)
from moderation.teaching import decided_examples

DATA = Path(__file__).resolve().parent / "data"
# Log-odds above which a kind is reported, chosen on the development part of the evaluation
# set (bench/moderation_quality.py), never on its frozen part. Crisis is set lowest on purpose:
# a missed crisis is worse than a false alert.
THRESHOLDS = {
    "crisis": 0.162,
    "medical": -1.49,
    "personal_data": -3.485,
    "spam": -4.087,
    "abuse": -1.742,
}
# What a scored finding does: crisis is urgent; the rest are published and queued for a look,
# so a wrong guess costs a moderator a glance, not a member their post.
_FINDINGS = {
    "crisis": (Kind.CRISIS, Action.URGENT, GUIDELINE_CRISIS,
               "This post may be about ending your life or hurting yourself."),
    "medical": (Kind.MEDICAL, Action.FLAG, GUIDELINE_EXPERIENCE,
                "This post may advise others about medicines or treatment."),
    "personal_data": (Kind.PERSONAL_DATA, Action.FLAG, GUIDELINE_PRIVACY,
                      "This post may contain someone's personal details."),
    "spam": (Kind.LINKS, Action.FLAG, GUIDELINE_NO_SPAM,
             "This post may be advertising or asking members to get in touch elsewhere."),
    "abuse": (Kind.WATCHED_WORD, Action.FLAG, GUIDELINE_KIND,
              "This post may be unkind to another member."),
}

_lock = threading.Lock()
_model: Classifier | None = None


def shipped_examples() -> list[tuple[str, str]]:
    examples = []
    for path in sorted(DATA.glob("training_*.json")):
        examples += [(item["text"], item["kind"]) for item in json.loads(path.read_text())]
    return examples


def model() -> Classifier:
    """The process's classifier, fitted on first use from the shipped examples and every
    decision moderators have made so far; `moderation retrain` refits it."""
    global _model
    with _lock:
        if _model is None:
            _model = train(shipped_examples() + decided_examples())
        return _model


def refit() -> Classifier:
    global _model
    with _lock:
        _model = None
    return model()


def scored_findings(text: str, thresholds: dict[str, float] | None = None) -> list[Finding]:
    """A finding for each kind the classifier scores above its threshold."""
    limits = thresholds or THRESHOLDS
    found = []
    for kind, score in model().scores(text).items():
        if score > limits.get(kind, THRESHOLDS[kind]):
            rule_kind, action, guideline, reason = _FINDINGS[kind]
            found.append(Finding(rule_kind, action, guideline, reason, excerpt=f"score {score:.1f}"))
    return found
