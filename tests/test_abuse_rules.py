"""Unkindness aimed at someone (pure logic): threats and wishing harm held, insults and belittling
flagged; anger at an illness, reported words and kindness are left alone.

Phrasings written for these tests; none is from the evaluation set in bench/data.
"""

from __future__ import annotations

import pytest

from moderation.rules import Action, Kind, check_text
from moderation.rules.abuse import abuse


def actions(text: str) -> list[Action]:
    return [finding.action for finding in abuse(text)]


@pytest.mark.parametrize(
    "text",
    [
        "I know where you live, Carol.",
        "Keep it up and I'll find you.",
        "Someone should give you a proper beating.",
        "I'm sending all of it to your boss on Monday.",
        "I hope you rot in that hospital bed.",
        "hope your stent blocks up and kills you",
        "crawl into a hole and die",
        "nobody would miss you if you went",
    ],
)
def test_threats_and_wishing_harm_are_held(text):
    assert Action.HOLD in actions(text)


@pytest.mark.parametrize(
    "text",
    [
        "@Marge you absolute muppet, read the thread",
        "you're a pathetic attention seeker",
        "What a useless waste of space you are",
        "it's all in your head, love",
        "fibro isn't even real, stop faking",
        "get off your backside and stop whining",
    ],
)
def test_insults_and_belittling_are_flagged_for_a_look(text):
    assert actions(text) and set(actions(text)) <= {Action.FLAG, Action.HOLD}


@pytest.mark.parametrize(
    "text",
    [
        "Cancer, you absolute bastard of a disease, you won't get my sense of humour.",
        "My boss thinks I'm just lazy and it really hurts.",
        "You are not a fraud and you are not lazy; fatigue is real.",
        "If you're in the thick of it right now, hang on.",
        "Don't crush anything marked 'retard' or SR on the box.",
        "Nobody cares what you look like in the pool, honestly, just go.",
        "I could die of embarrassment, honestly.",
        "When you're diabetic, hospital toast is a joke.",
    ],
)
def test_anger_at_an_illness_reported_words_and_kindness_are_left_alone(text):
    assert abuse(text) == []


def test_abuse_is_checked_whatever_rules_are_switched_on():
    [finding] = check_text("you're a lying scrounger", kinds=frozenset({Kind.ABUSE}))
    assert finding.kind == Kind.ABUSE and finding.guideline == "Be kind."
