"""How search results are ordered: text relevance first, shaped by helpfulness and age.

    score = relevance × coverage² × (1 + 0.3·ln(1 + helpful marks)) × (1.25 if the answer)
                      × (0.75 + 0.25 · 0.5^(age in days / 365))

where coverage is the share of the query's concepts the post matches, each concept weighted by
its inverse document frequency (search.searching), so that holding "stents" counts for more
than holding "month".

Relevance is BM25F from the index (title counts double). Ten helpful marks multiply it by
about 1.7; an answer by 1.25; a year of age costs at most an eighth, so an old, well-loved
tip still beats a new post that merely mentions the words.
"""

from __future__ import annotations

import math

HELPFUL_WEIGHT = 0.3
ANSWER_BONUS = 1.25
RECENCY_FLOOR = 0.75
HALF_LIFE_DAYS = 365.0
# Posts matching more of the query's concepts rank higher: the score is multiplied by the share
# matched to this power (half the concepts: a quarter of the score).
COVERAGE_POWER = 2.0


def combined_score(
    relevance: float,
    *,
    helpful: int,
    is_answer: bool,
    age_days: float,
    matched_share: float = 1.0,
) -> float:
    """The score results are ordered by (higher first)."""
    helpfulness = 1.0 + HELPFUL_WEIGHT * math.log1p(max(helpful, 0))
    answer = ANSWER_BONUS if is_answer else 1.0
    recency = RECENCY_FLOOR + (1.0 - RECENCY_FLOOR) * 0.5 ** (max(age_days, 0.0) / HALF_LIFE_DAYS)
    coverage = max(matched_share, 0.0) ** COVERAGE_POWER
    return relevance * coverage * helpfulness * answer * recency
