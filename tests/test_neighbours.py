"""Unit tests for search.neighbours: words a few edits away, without walking the vocabulary."""

from __future__ import annotations

import random
import string

import pytest
from whoosh.support.levenshtein import damerau_levenshtein

from search.neighbours import Neighbours, closest, deletions


def test_deletions_leave_out_one_letter_each():
    assert deletions("pain") == {"ain", "pin", "pan", "pai"}
    assert deletions("aa") == {"a"}
    assert deletions("") == set()


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("nueropathy", "neuropathy"),  # two letters swapped
        ("neuropaty", "neuropathy"),  # a letter left out
        ("neuropathhy", "neuropathy"),  # a letter doubled
        ("neoropathy", "neuropathy"),  # a letter wrong
        ("fatige", "fatigue"),
    ],
)
def test_every_word_one_edit_away_is_found(typed, meant):
    words = Neighbours([("neuropathy", 3), ("fatigue", 5), ("pain", 9), ("nephropathy", 1)])
    assert meant in words.near(typed, 1)
    assert "pain" not in words.near(typed, 1)


def test_two_edits_are_found_when_one_is_an_extra_letter_typed():
    words = Neighbours([("rheumatoid", 4)])
    assert words.near("rheumatiod", 1) == {"rheumatoid"}
    assert words.near("rheuumatiod", 2) == {"rheumatoid"}
    assert words.near("rheuumatiod", 1) == set()


def test_near_agrees_with_the_edit_distance_over_random_words():
    rng = random.Random(5)
    vocabulary = {"".join(rng.choices("abcde", k=rng.randint(3, 7))) for _ in range(400)}
    words = Neighbours((word, 1) for word in vocabulary)
    for _ in range(200):
        typed = "".join(rng.choices("abcde", k=rng.randint(3, 7)))
        expected = {word for word in vocabulary if damerau_levenshtein(typed, word) <= 1}
        assert words.near(typed, 1) == expected, typed


def test_frequencies_of_the_same_word_add_up():
    words = Neighbours([("sleep", 2), ("sleep", 3), ("steep", 1)])
    assert words.frequency == {"sleep": 5, "steep": 1}
    assert len(words) == 2


def test_closest_prefers_fewer_edits_then_more_posts_then_alphabetical_order():
    assert closest("sleeep", {"sleep": 1, "steep": 50}) == "sleep"
    assert closest("sleex", {"sleep": 2, "sleet": 9}) == "sleet"
    assert closest("sleex", {"sleet": 2, "sleep": 2}) == "sleep"
    assert closest("x", {}) is None


def test_a_word_one_edit_from_one_of_twenty_thousand_is_found():
    rng = random.Random(3)
    vocabulary = [("".join(rng.choices(string.ascii_lowercase, k=8)), 1) for _ in range(20_000)]
    words = Neighbours(vocabulary)
    typed = vocabulary[0][0][:-1] + "z"
    assert vocabulary[0][0] in words.near(typed, 1)
