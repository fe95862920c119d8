"""The collecting budget (search.collecting) at work on a small Whoosh index of two segments."""

from __future__ import annotations

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.fields import ID, TEXT, Schema
from whoosh.writing import NO_MERGE

from search.collecting import SEGMENT_FLOOR, SMALL_SEGMENT, _BudgetedTop

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
