"""Crisis warning signs by clinical category, and how the alert is graded (pure logic, no app).

The phrasings are written for these tests, one or more per category of the Columbia scale and
the AFSP / IS PATH WARM warning signs; none comes from the evaluation set in bench/data.
"""

from __future__ import annotations

import pytest

from moderation.rules import Action, crisis_language
from moderation.rules.matching import each_sentence_once
from moderation.rules.warning_signs import STRONG, Sign, warning_signs


def signs_in(text: str) -> set[Sign]:
    return set(warning_signs(each_sentence_once(text)))


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("honestly wouldnt mind if i didnt wake up tomorrow", Sign.WISH_TO_BE_DEAD),
        ("every night I pray that god takes me in my sleep", Sign.WISH_TO_BE_DEAD),
        ("how many of my sleeping pills would it take to not wake up", Sign.METHOD),
        ("I've been saving up my co-codamol in a tin at the back of the cupboard", Sign.METHOD),
        ("sat on the edge of the multi storey car park roof wondering how quick it would be", Sign.METHOD),
        ("I've picked the date. After the grandkids go home.", Sign.PLAN),
        ("after my son's wedding is over i'm done", Sign.PLAN),
        ("gave my guitar and my records to my nephew. won't be needing them much longer", Sign.PREPARATION),
        ("wrote a letter for my daughter explaining why, it's in the bureau", Sign.PREPARATION),
        ("found a new home for my dog this week so she's looked after", Sign.PREPARATION),
        ("this is my last post. look after each other for me", Sign.GOODBYE),
        ("burnt my arm with the lighter again so I could feel something", Sign.SELF_HARM),
        ("cut my thighs again last night where nobody looks", Sign.SELF_HARM),
        ("I've stopped my insulin on purpose and I'm letting it happen", Sign.TREATMENT),
        ("missing dialysis sessions deliberately, nobody would question it with my kidneys", Sign.TREATMENT),
        ("if i keel over on the walk without my inhaler then so be it", Sign.RECKLESS),
        ("I'm just a burden on my daughter", Sign.BURDEN),
        ("my husband would be better off without me", Sign.BURDEN),
        ("nothing is ever going to get better.", Sign.HOPELESS),
        ("can't do another winter of this", Sign.TRAPPED),
        ("I've cut everyone off and stopped answering the phone", Sign.WITHDRAWN),
    ],
)
def test_each_category_is_recognised(text, sign):
    assert sign in signs_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "This flare is killing me, I could sleep for a week.",
        "I'm giving away my old walking frame, anyone in Leeds want it?",
        "My consultant and I have a plan for the next six months.",
        "Does anyone know how much vitamin D is too much? The GP said 1000 units a day is fine.",
        "I stopped taking ibuprofen because it upset my stomach, my GP switched me to paracetamol.",
        "Thank you all for the lovely welcome, I've been reading for weeks.",
        "We went to the bridge at Clifton for a picnic, lovely views.",
    ],
)
def test_everyday_posts_show_no_strong_sign(text):
    assert not signs_in(text) & STRONG
    assert [f for f in crisis_language(text) if f.action == Action.URGENT] == []


def test_a_strong_sign_alone_raises_an_urgent_alert():
    [finding] = crisis_language("Sorted my passwords into an envelope so nobody has to deal with it after I'm gone.")
    assert finding.action == Action.URGENT
    assert "putting things in order" in finding.excerpt


def test_one_weak_sign_alone_raises_nothing_but_two_do():
    assert crisis_language("I feel like such a burden lately with all the lifts to hospital.") == []
    [finding] = crisis_language("I feel like such a burden. Nothing is ever going to change.")
    assert finding.action == Action.URGENT


def test_a_weak_sign_with_the_classifiers_agreement_raises_an_alert():
    text = "I feel like such a burden on everyone."
    assert crisis_language(text, -2.0, alert_at=1.0, with_sign_at=-1.0) == []
    [finding] = crisis_language(text, -0.5, alert_at=1.0, with_sign_at=-1.0)
    assert finding.action == Action.URGENT


def test_the_classifier_alone_raises_an_alert_above_its_threshold():
    text = "Everything feels very far away tonight."
    assert crisis_language(text, 0.5, alert_at=1.0, with_sign_at=-1.0) == []
    [finding] = crisis_language(text, 1.5, alert_at=1.0, with_sign_at=-1.0)
    assert finding.action == Action.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "Ten years ago I tried to end my life. I'm in a much better place now, and what helped me was a good GP.",
        "I used to self-harm as a teenager. Eight years clean this spring.",
        "Back when I was first diagnosed I took an overdose. It gets better, truly.",
    ],
)
def test_a_crisis_told_as_past_reaches_the_queue_without_the_emergency(text):
    [finding] = crisis_language(text)
    assert finding.action == Action.FLAG


@pytest.mark.parametrize(
    "text",
    [
        "Years ago I tried to end my life and the thoughts are creeping back again.",
        "I used to self-harm and tonight I want to die.",
        "A few years ago I survived an overdose. I've picked the date for the next one.",
    ],
)
def test_the_past_does_not_soften_a_present_danger(text):
    [finding] = crisis_language(text)
    assert finding.action == Action.URGENT


def test_worry_for_someone_else_reaches_the_queue_without_the_emergency():
    [finding] = crisis_language("My daughter self-harms and I don't know how to help her.")
    assert finding.action == Action.FLAG


def test_worry_for_someone_else_does_not_hide_the_authors_own_crisis():
    [finding] = crisis_language("My husband said it's a phase, but I want to die.")
    assert finding.action == Action.URGENT


def test_a_sentence_repeated_is_read_once():
    assert each_sentence_once("A line. A line.\nAnother!\nA line.") == "A line.\nAnother!"


def test_a_quoted_phrase_does_not_hide_the_same_words_meant():
    text = "People say 'I want to die' as a joke. I'm not joking, I want to die."
    [finding] = crisis_language(text)
    assert finding.action == Action.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "The thoughts about ending my life used to come once a month. Now it's every day.",
        "Eight months clean from self-harm and I relapsed last night.",
    ],
)
def test_a_crisis_that_is_back_stays_urgent(text):
    [finding] = crisis_language(text)
    assert finding.action == Action.URGENT
