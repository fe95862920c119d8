"""The moderation classifier as pure logic: features, training, scores."""

from __future__ import annotations

import time

import pytest

from moderation.classifier import features, normalise, train, words

EXAMPLES = [
    ("i have been saving my tablets up, nearly enough now", "crisis"),
    ("everyone would be better off if i was gone", "crisis"),
    ("stop taking your metformin, cinnamon works better", "medical"),
    ("double your dose if the pain is bad, it's fine", "medical"),
    ("whatsapp me for the best cbd oil prices", "spam"),
    ("earn 500 a day from home, message me", "spam"),
    ("you are a pathetic attention seeker", "abuse"),
    ("shut up nobody cares about your fake illness", "abuse"),
    ("ring me on 07700 900123 after six", "personal_data"),
    ("my email is jo dot bloggs at gmail dot com", "personal_data"),
    ("had a good day today, walked to the shops", "ordinary"),
    ("does anyone else get tired after chemo?", "ordinary"),
    ("my sugar was 7.8 this morning which is better", "ordinary"),
    ("this fatigue is killing me lol", "ordinary"),
]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Sooooo TIRED", "soo tired"),
        ("Don\u2019t", "don't"),
        ("caf\u00e9 visit", "cafe visit"),
        ("see https://example.org/x now", "see  linktoken  now"),
    ],
)
def test_normalise(raw, expected):
    assert normalise(raw) == expected


def test_numbers_keep_their_shape_not_their_value():
    assert words("call 07700 900123") == words("call 07911 123456")


def test_features_hold_words_pairs_and_character_grams():
    found = features("Pain again")
    assert {"w:pain", "w:again", "b:pain again", "c: pa", "c:ain "} <= found


def test_each_kind_scores_highest_on_its_own_kind_of_post():
    model = train(EXAMPLES)
    scores = model.scores("saving up my tablets, better off gone")
    assert max(scores, key=scores.get) == "crisis"
    scores = model.scores("whatsapp me, earn money from home")
    assert max(scores, key=scores.get) == "spam"
    assert model.trained_on == len(EXAMPLES)


def test_scoring_is_linear_time_on_a_long_hostile_post():
    model = train(EXAMPLES)
    started = time.perf_counter()
    model.scores("a" * 20_000)
    model.scores("ab " * 6_666)
    assert time.perf_counter() - started < 0.5
