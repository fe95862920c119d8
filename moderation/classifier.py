"""A small text classifier for the kinds of harm phrase lists miss; pure Python, no Flask.

For each harmful kind, a one-against-the-rest naive Bayes log-count ratio (Wang & Manning,
"Baselines and Bigrams", 2012) over word unigrams and bigrams and character 3- to 5-grams of
each word: robust to typos, slang and spelling variants, trained in one counting pass (1.5 s
on the 2,990 shipped examples here, so every process can train it at its first post), and
scored in time linear in the post.

Scores are the kind's prior log-odds plus the post's votes (each word, each word pair, each
word's spelling) divided by the square root of their number. Each kind's threshold is chosen on
the development parts of the evaluation set (bench/moderation_thresholds.py), never on the
frozen part.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

KINDS = ("crisis", "medical", "personal_data", "spam", "abuse")
ORDINARY = "ordinary"
# Chosen on the development part (0.2 against 1.0: mean recall 0.93 against 0.84 at the same
# false alarms): rare, telling n-grams count for more.
SMOOTHING = 0.2
# N-grams seen fewer times than this in all the examples are noise and memory: dropped (from
# 473,000 features to 203,000, with the dev part's recall equal or better).
MIN_COUNT = 2
# A sentence or two gives about this many votes (words, pairs, spellings); fewer count as this.
SHORT_POST_VOTES = 40
# Long posts are scored on their words up to this many; a post is capped at 20,000 characters.
MAX_TOKENS = 4_000

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})
_URL = re.compile(r"(?:https?://|www\.)\S{1,300}", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9']{1,40}")
_REPEATS = re.compile(r"(.)\1{2,}")  # "soooo" -> "soo": one spelling for every stretch


def normalise(text: str) -> str:
    """Lower case, accents folded, apostrophes unified, links one token, stretches shortened."""
    folded = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    folded = folded.encode("ascii", "ignore").decode("ascii").lower()
    folded = _URL.sub(" linktoken ", folded)
    return _REPEATS.sub(r"\1\1", folded)


def words(text: str) -> list[str]:
    tokens = _WORD.findall(normalise(text))[:MAX_TOKENS]
    # Numbers keep their shape, not their value: "07700 900123" and "07911 123456" look alike.
    return [re.sub(r"\d", "0", token) if any(c.isdigit() for c in token) else token for token in tokens]


def _letter_grams(token: str) -> list[str]:
    padded = f" {token} "
    return [
        "c:" + padded[start : start + size]
        for size in (3, 4, 5)
        for start in range(len(padded) - size + 1)
    ]


def features(text: str) -> set[str]:
    """Which word, word-pair and within-word character n-grams the text contains."""
    tokens = words(text)
    found: set[str] = set()
    for index, token in enumerate(tokens):
        found.add("w:" + token.strip("'"))
        if index:
            found.add("b:" + tokens[index - 1] + " " + token)
        found.update(_letter_grams(token))
    return found


@dataclass
class KindModel:
    """Log-count ratios for one kind against all other posts."""

    ratios: dict[str, float] = field(default_factory=dict)
    bias: float = 0.0

    def score(self, found: Iterable[str], root: float = 1.0) -> float:
        ratios = self.ratios
        return self.bias + sum(ratios.get(feature, 0.0) for feature in found) / root


@dataclass
class Classifier:
    models: dict[str, KindModel]
    trained_on: int = 0

    def scores(self, text: str) -> dict[str, float]:
        """Each kind's score for this text: evidence summed, divided by the root of its size.

        Words and word pairs vote once each, and so does each word's spelling: the mean of its
        letter n-grams, since a dozen n-grams of one drug's name are one piece of evidence, not
        twelve. A plain sum grows with length, so long, gentle posts drowned short alarming
        ones; dividing by the square root of the votes keeps one alarming sentence in a long
        post visible. A short post is divided as if it had SHORT_POST_VOTES: three words are too
        little evidence to move far from the prior.
        """
        tokens = words(text)
        whole = {"w:" + token.strip("'") for token in tokens}
        whole.update("b:" + a + " " + b for a, b in zip(tokens, tokens[1:], strict=False))
        spellings = [_letter_grams(token) for token in dict.fromkeys(tokens)]
        root = math.sqrt(max(len(whole) + len(spellings), SHORT_POST_VOTES))
        found = {}
        for kind, model in self.models.items():
            ratios = model.ratios
            evidence = sum(ratios.get(feature, 0.0) for feature in whole)
            for grams in spellings:
                evidence += sum(ratios.get(gram, 0.0) for gram in grams) / len(grams)
            found[kind] = model.bias + evidence / root
        return found


def train(examples: Iterable[tuple[str, str]]) -> Classifier:
    """Fit one model per harmful kind from (text, kind) pairs; kinds outside KINDS are ordinary."""
    counts: dict[str, Counter] = {kind: Counter() for kind in (*KINDS, ORDINARY)}
    documents: Counter = Counter()
    for text, kind in examples:
        kind = kind if kind in counts else ORDINARY
        counts[kind].update(features(text))
        documents[kind] += 1
    total = sum(documents.values())
    everything: Counter = Counter()
    for kind_counts in counts.values():
        everything.update(kind_counts)
    models = {}
    for kind in KINDS:
        positive = counts[kind]
        negative = everything - positive
        p_norm = sum(positive.values()) + SMOOTHING * len(everything)
        q_norm = sum(negative.values()) + SMOOTHING * len(everything)
        ratios = {}
        for feature in everything:
            p = (positive.get(feature, 0) + SMOOTHING) / p_norm
            q = (negative.get(feature, 0) + SMOOTHING) / q_norm
            ratio = math.log(p / q)
            if abs(ratio) > 0.05 and everything[feature] >= MIN_COUNT:
                ratios[feature] = ratio
        inside = documents[kind] or 1
        bias = math.log(inside / max(total - inside, 1))
        models[kind] = KindModel(ratios, bias)
    return Classifier(models, trained_on=total)
