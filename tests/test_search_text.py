"""Search's pure text logic: known terms at indexing, judging candidates, snippets, the cache."""

from __future__ import annotations

from search import searching
from search.known_terms import KnownTerms
from search.result_cache import ResultCache
from search.schema import ANALYZER, INDEX_ANALYZER
from search.snippets import snippet
from search.text_match import Analysed, Concept, closeness, coverage

ANALYSER = searching._ANALYSER


def texts(analyzer, text: str) -> list[str]:
    return [token.text for token in analyzer(text)]


def test_multi_word_terms_of_the_synonym_list_are_indexed_whole():
    found = texts(INDEX_ANALYZER, "The side effects and the brain fog, shortness of breath")
    assert "side effect" in found and "brain fog" in found and "short breath" in found
    # Words are still indexed one by one, and queries are analysed without the extra tokens.
    assert {"side", "effect", "brain", "fog"} <= set(found)
    assert texts(ANALYZER, "side effects") == ["side", "effect"]


def test_a_term_is_only_found_with_its_words_in_a_row():
    assert "brain fog" not in texts(INDEX_ANALYZER, "brain scan, then fog")
    assert "brain fog" not in texts(INDEX_ANALYZER, "fog brain")


def test_known_terms_that_end_on_the_same_word_are_all_indexed():
    terms = KnownTerms([("type", "1"), ("type", "1", "diabet"), ("1", "diabet")])
    analyzer = ANALYZER | terms
    found = texts(analyzer, "type 1 diabetes")
    assert {"type 1", "type 1 diabet", "1 diabet"} <= set(found)
    assert KnownTerms([("a", "b")]) == KnownTerms([("a", "b")]) != KnownTerms([("a", "c")])


def test_coverage_counts_concepts_any_alternative_held():
    text = ANALYSER.analysed("Pacing on bad days", "I rest before I need to and keep a diary.")
    concepts = [
        Concept((("pace",),)),
        Concept((("fatigu",), ("tired",))),
        Concept((("diari",), ("journal",))),
    ]
    assert coverage(concepts, text) == 2 / 3
    assert coverage([], text) == 1.0
    # Weighted: holding the rare concepts counts for more than holding the common one.
    assert coverage(concepts, text, [1.0, 3.0, 4.0]) == 5 / 8
    assert coverage(concepts, text, [4.0, 3.0, 1.0]) == 5 / 8
    assert coverage(concepts, text, [1.0, 3.0, 1.0]) == 2 / 5


def test_a_rare_word_of_a_question_outweighs_its_common_words(tmp_path):
    from whoosh import index as whoosh_index

    from search.plan import build_query
    from search.query import parse_query
    from search.schema import SCHEMA
    from search.searching import _concept_weights

    ix = whoosh_index.create_in(str(tmp_path), SCHEMA)
    with ix.writer() as writer:
        for number in range(40):
            body = "a month of feeling tired" + (" after my stents" if number == 0 else "")
            writer.add_document(post_id=str(number), title="t", body=body)
    plan = build_query(parse_query("a month since my stents"))
    with ix.searcher() as searcher:
        found = _concept_weights(searcher, plan)
    weights = {
        words[0]: weight
        for concept, weight in zip(plan.concepts, found, strict=True)
        for words in concept.alternatives
    }
    assert weights["stent"] > 2 * weights["month"], weights


def test_a_multi_word_alternative_needs_its_words_in_a_row():
    fog = [Concept((("brain", "fog"),))]
    assert coverage(fog, ANALYSER.analysed("My brain fog lifts by noon")) == 1.0
    assert coverage(fog, ANALYSER.analysed("A brain scan on a day of fog")) == 0.0


def test_closeness_is_the_share_of_neighbouring_pairs_found_close():
    text = ANALYSER.analysed(
        "Pain at night keeps me up; sleep comes late. Much later: morning walks."
    )
    assert closeness([("pain", "night")], text, within=4) == 1.0
    assert closeness([("pain", "walk")], text, within=4) == 0.0
    assert closeness([("pain", "night"), ("pain", "walk")], text, within=4) == 0.5
    assert closeness([], text, within=4) == 0.0


def test_analysed_positions_skip_stop_words_as_the_index_does():
    text = Analysed(ANALYSER.words("shortness of breath"))
    assert text.positions == {"short": [0], "breath": [1]}


def test_a_snippet_marks_the_matched_words_and_escapes_the_rest():
    shown = str(snippet("Warm <b>showers</b> & stretching help", frozenset({"shower"}), ANALYSER))
    assert "<mark>showers</mark>" in shown
    assert "&lt;b&gt;" in shown and "&amp;" in shown and "<b>" not in shown


def test_a_snippet_shows_where_most_matches_stand():
    text = "Filler words here. " * 40 + "Pacing and rest helped my fatigue. " + "More filler. " * 40
    shown = str(snippet(text, frozenset({"pace", "rest", "fatigu"}), ANALYSER, size=120))
    assert "<mark>Pacing</mark>" in shown and "<mark>fatigue</mark>" in shown
    assert shown.startswith("…") and shown.endswith("…")
    assert len(shown) < 260


def test_a_snippet_without_matches_is_the_start_of_the_post():
    assert str(snippet("Short post.", frozenset({"x"}), ANALYSER)) == "Short post."
    long = "word " * 100
    shown = str(snippet(long, frozenset({"x"}), ANALYSER, size=50))
    assert shown.endswith("…") and len(shown) <= 52


def test_the_cache_forgets_everything_when_the_index_changes():
    cache = ResultCache(size=2)
    calls = []

    def compute(value):
        calls.append(value)
        return value

    assert cache.get("gen1", "a", lambda: compute(1)) == 1
    assert cache.get("gen1", "a", lambda: compute(2)) == 1
    assert cache.get("gen2", "a", lambda: compute(3)) == 3
    cache.get("gen2", "b", lambda: compute(4))
    cache.get("gen2", "c", lambda: compute(5))
    # The least recently used entry went: size 2.
    assert cache.get("gen2", "a", lambda: compute(6)) == 6
    assert calls == [1, 3, 4, 5, 6]


def test_a_concept_asks_for_each_distinct_term_once_weighted_by_its_repeats():
    from whoosh import query as wq

    from search.plan import build_query
    from search.query import parse_query

    plan = build_query(parse_query("side effects"))
    terms = [leaf for leaf in plan.query.leaves() if isinstance(leaf, wq.Term)]
    assert len({(t.fieldname, t.text) for t in terms}) == len(terms)
    # "side effects", "side effect", "side-effects" all analyse to one term.
    assert max(t.boost for t in terms) > 1.0
