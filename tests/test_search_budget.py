"""The collecting budget (search.collecting) at work on a small Whoosh index of two segments."""

from __future__ import annotations

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.fields import BOOLEAN, ID, TEXT, Schema
from whoosh.searching import Searcher
from whoosh.writing import NO_MERGE

from search import collecting
from search.collecting import SCORED_BUDGET, SEGMENT_FLOOR, SMALL_SEGMENT, _BudgetedTop
from search.term_memo import remember_terms

SCHEMA = Schema(key=ID(stored=True), body=TEXT)


def two_segments(path, large: int, small: int):
    """An index of a large segment (as a rebuild writes) and a small one (as a drain writes)."""
    ix = whoosh_index.create_in(str(path), SCHEMA)
    with ix.writer() as writer:
        for number in range(large):
            writer.add_document(key=f"old-{number}", body="pain at night")
    writer = ix.writer()
    for number in range(small):
        writer.add_document(key=f"new-{number}", body="pain in the morning")
    writer.commit(mergetype=NO_MERGE)
    return ix


def collected(ix, cpu_seconds: float | None) -> list[str]:
    with ix.searcher() as searcher:
        assert len(list(searcher.leaf_searchers())) == 2
        top = _BudgetedTop(500, 1_000, cpu_seconds)
        searcher.search_with_collector(wq.Term("body", "pain"), top)
        results = top.results()
        return [results[i]["key"] for i in range(results.scored_length())]


def test_the_newest_posts_are_read_even_when_the_time_ran_out_on_the_old_ones(tmp_path):
    ix = two_segments(tmp_path, SMALL_SEGMENT + 500, 20)
    keys = collected(ix, cpu_seconds=1e-9)  # out of time from the first match
    assert {key for key in keys if key.startswith("new-")} == {f"new-{n}" for n in range(20)}
    # The large segment stops at once: its floor is not spared the time limit.
    assert len([key for key in keys if key.startswith("old-")]) < SEGMENT_FLOOR


def test_a_budget_smaller_than_the_matches_says_it_was_cut(tmp_path):
    ix = two_segments(tmp_path, SMALL_SEGMENT + 500, 20)
    with ix.searcher() as searcher:
        for budget, cut in ((1_000, True), (10_000, False)):
            top = _BudgetedTop(10, budget, None)
            searcher.search_with_collector(wq.Term("body", "pain"), top)
            assert top.truncated is cut, budget


def test_each_segment_gets_its_own_share_of_the_time(tmp_path, monkeypatch):
    # A clock that moves one tick each time it is read: 20 ticks shared by two equal segments
    # leave the second about half, not the one match left once the first used them all.
    ticks = iter(range(10**6))
    monkeypatch.setattr(collecting.time, "thread_time", lambda: float(next(ticks)))
    ix = whoosh_index.create_in(str(tmp_path), SCHEMA)
    for batch in ("a", "b"):
        writer = ix.writer()
        for number in range(SMALL_SEGMENT + 100):
            writer.add_document(key=f"{batch}-{number}", body="pain at night")
        writer.commit(mergetype=NO_MERGE)
    with ix.searcher() as searcher:
        top = _BudgetedTop(5_000, 100_000, 20.0)
        searcher.search_with_collector(wq.Term("body", "pain"), top)
        results = top.results()
        keys = [results[i]["key"] for i in range(results.scored_length())]
    assert 5 <= len([key for key in keys if key.startswith("b-")]) <= 12
    assert top.truncated


def test_remembered_terms_answer_as_the_segment_does(tmp_path):
    ix = two_segments(tmp_path, 50, 5)
    plain = ix.reader()
    remembering = ix.reader()
    remember_terms(remembering)
    for _ in range(2):  # the second time from the memo
        for term in (("body", "pain"), ("body", "night"), ("body", "absent"), ("key", "new-3")):
            assert (term in remembering) is (term in plain)
            assert remembering.doc_frequency(*term) == plain.doc_frequency(*term)
            assert remembering.frequency(*term) == plain.frequency(*term)
        memo_searcher = Searcher(remembering, closereader=False)
        with ix.searcher() as searcher:
            query = wq.Or([wq.Term("body", "morning"), wq.Term("body", "absent")])
            assert [hit["key"] for hit in memo_searcher.search(query, limit=None)] == [
                hit["key"] for hit in searcher.search(query, limit=None)
            ]
    plain.close()
    remembering.close()


TIPS_SCHEMA = Schema(key=ID(stored=True), body=TEXT, tip=BOOLEAN)


def test_a_segment_of_tips_is_read_by_the_helpful_posts_pass_alone(tmp_path):
    # As a parallel rebuild writes: the rest in a large segment, the tips in one of their own,
    # and a drain's small segment with one more tip.
    ix = whoosh_index.create_in(str(tmp_path), TIPS_SCHEMA)
    for name, count, tip in (("rest", SCORED_BUDGET * 3, False), ("tip", 400, True)):
        writer = ix.writer()
        for number in range(count):
            writer.add_document(key=f"{name}-{number}", body="pain at night", tip=tip)
        writer.commit(mergetype=NO_MERGE)
    writer = ix.writer()
    writer.add_document(key="new-tip", body="pain today", tip=True)
    writer.commit(mergetype=NO_MERGE)
    query = wq.Term("body", "pain")
    with ix.searcher() as searcher:
        assert [collecting.tips_in(leaf) for leaf, _ in searcher.leaf_searchers()] == [0, 400, 1]
        hits, cut = collecting.best(searcher, query, 5_000)
        keys = [hit["key"] for hit in hits]
        # Every tip, though the budget covers a third of the rest; the tips segment once.
        assert {key for key in keys if key.startswith("tip-")} == {f"tip-{n}" for n in range(400)}
        assert "new-tip" in keys and len(keys) == len(set(keys)) and cut
        rest = [key for key in keys if key.startswith("rest-")]
        assert 0 < len(rest) < SCORED_BUDGET
        # The pass over all posts leaves the segment of tips alone.
        top = _BudgetedTop(5_000, SCORED_BUDGET * 10, None)
        searcher.search_with_collector(query, top)
        results = top.results()
        found = [results[i]["key"] for i in range(results.scored_length())]
        assert not [key for key in found if key.startswith("tip-")] and "new-tip" in found
