"""Scored findings: the trained classifier's view of a post, beside the exact rules.

The model is trained once per process, at its first post, from the examples shipped in
moderation/data and every decision moderators have made so far: a counting pass of about 1.5 s
on this machine. `flask moderation retrain` refits the command's own process; workers refit
when they restart.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from moderation.classifier import Classifier, train, words
from moderation.rules.checking import check_text
from moderation.rules.crisis import crisis_language
from moderation.rules.findings import (
    GUIDELINE_EXPERIENCE,
    GUIDELINE_KIND,
    GUIDELINE_NO_SPAM,
    GUIDELINE_PRIVACY,
    Action,
    Finding,
    Kind,
)
from moderation.rules.helplines import without_helplines
from moderation.teaching import decided_examples, kind_of_guideline

DATA = Path(__file__).resolve().parent / "data"
# Log-odds above which a kind is reported, chosen on the two development parts of the evaluation
# set (bench/moderation_quality.py), never on its frozen part. Crisis is set lowest on purpose:
# a missed crisis is worse than a false alert.
THRESHOLDS = {
    "crisis": -0.406,
    "medical": -2.073,
    "personal_data": -2.518,
    "spam": -2.857,
    "abuse": -2.4,
}
# A crisis score above this raises an alert beside one of the weaker warning signs
# (hopelessness, feeling trapped or a burden), which alone raise none; also from the dev part.
CRISIS_WITH_SIGN = -1.277
# What a scored finding does: crisis is urgent; the rest are published and queued for a look,
# so a wrong guess costs a moderator a glance, not a member their post.
_FINDINGS = {
    "medical": (Kind.MEDICAL, Action.FLAG, GUIDELINE_EXPERIENCE,
                "This post may advise others about medicines or treatment."),
    "personal_data": (Kind.PERSONAL_DATA, Action.FLAG, GUIDELINE_PRIVACY,
                      "This post may contain someone's personal details."),
    "spam": (Kind.LINKS, Action.FLAG, GUIDELINE_NO_SPAM,
             "This post may be advertising or asking members to get in touch elsewhere."),
    "abuse": (Kind.ABUSE, Action.FLAG, GUIDELINE_KIND,
              "This post may be unkind to another member."),
}

# Posts shorter than this are left to the rules: "Reply 2" or "One more thought" moved the
# scores more by chance than by meaning.
MIN_WORDS = 8
# A scored finding (crisis aside) needs the words to lean towards its kind by at least this
# much over the prior: a post about nothing in particular is not spam. Chosen on the dev part
# (0.5: the model alone kept its recall with 1 ordinary post over; 1.0 lost 3 medical posts).
EVIDENCE_MARGIN = 0.5
# Which rule findings already name each scored kind.
_RULE_KINDS = {
    "medical": {Kind.MEDICAL},
    "personal_data": {Kind.PERSONAL_DATA},
    "spam": {Kind.LINKS, Kind.PROMOTION},
    "abuse": {Kind.WATCHED_WORD, Kind.ABUSE},
}


def kinds_named(findings: list[Finding]) -> frozenset[str]:
    """The scored kinds these rule findings already cover."""
    return frozenset(
        kind for kind, rule_kinds in _RULE_KINDS.items() if any(f.kind in rule_kinds for f in findings)
    )


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


def text_scores(text: str) -> dict[str, float]:
    """The classifier's score for each harmful kind; none for a post of a few words, which
    carries too little for a model to judge (the rules still read it)."""
    if len(words(text)) < MIN_WORDS:
        return {}
    return model().scores(without_helplines(text))


def scored_findings(
    scores: dict[str, float],
    thresholds: dict[str, float] | None = None,
    *,
    named_by_rules: frozenset[str] = frozenset(),
) -> list[Finding]:
    """A finding for each kind but crisis scored above its threshold, unless a rule already
    found that kind (one finding, the exact one, says it better). Crisis scores are weighed
    beside the warning signs, by moderation.rules.crisis."""
    limits = thresholds or THRESHOLDS
    models = model().models
    found = []
    for kind, score in scores.items():
        if kind == "crisis" or kind in named_by_rules:
            continue
        # Above the threshold, and with the words leaning towards the kind, not merely less
        # against it than usual: a post about nothing in particular is not spam.
        leaning = models[kind].bias + EVIDENCE_MARGIN
        if score > limits.get(kind, THRESHOLDS[kind]) and score > leaning:
            rule_kind, action, guideline, reason = _FINDINGS[kind]
            found.append(Finding(rule_kind, action, guideline, reason, excerpt=f"score {score:.1f}"))
    return found


def crisis_findings(text: str, scores: dict[str, float]) -> list[Finding]:
    """Crisis language judged on its phrases and warning signs, with the classifier's crisis
    score (when there is one) at the thresholds chosen for it."""
    return crisis_language(
        text, scores.get("crisis"), alert_at=THRESHOLDS["crisis"], with_sign_at=CRISIS_WITH_SIGN
    )


def detected_kinds(text: str) -> set[str]:
    """The kinds the publish check's language judgement reports for a text (the rules, the
    warning signs and the classifier, as moderation.checks combines them; crisis counts when it
    is urgent), for evaluating on labelled posts without posting them."""
    scores = text_scores(text)
    crisis = crisis_findings(text, scores)
    found = check_text(text, kinds=frozenset(Kind) - {Kind.CRISIS})
    kinds = {"crisis"} if any(f.action == Action.URGENT for f in crisis) else set()
    for finding in found + scored_findings(scores, named_by_rules=kinds_named(found)):
        kinds.add(kind_of_guideline(finding.guideline) or finding.kind)
    return kinds
