"""Is the index in line with the database? Counts, ids checked both ways, and the outbox."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forum import outbox
from forum.models import Post
from search.documents import searchable_count, visible_post_ids
from search.index_store import IndexUnavailable, open_index
from search.models import IndexOutbox
from search.schema import same_layout

SAMPLE = 200


@dataclass
class Health:
    searchable: int
    backlog: outbox.Backlog
    indexed: int | None = None
    checked: int = 0
    # Visible posts the index lacks, and indexed posts the database no longer shows.
    missing: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    set_aside: list = field(default_factory=list)
    problem: str = ""
    full: bool = False

    @property
    def settled(self) -> bool:
        """Nothing waits in the outbox, so the index should match the database exactly."""
        return not (self.backlog.waiting or self.backlog.claimed or self.backlog.set_aside)

    @property
    def in_sync(self) -> bool:
        return (
            not self.problem
            and self.settled
            and self.indexed == self.searchable
            and not self.missing
            and not self.stale
        )


def check(session: Session, directory: str, *, full: bool = False) -> Health:
    """Compare the database's visible posts with the index: every id when `full`, else a sample."""
    health = Health(searchable_count(session), outbox.backlog(session, IndexOutbox), full=full)
    health.set_aside = outbox.set_aside_rows(session, IndexOutbox)
    try:
        index = open_index(directory)
    except IndexUnavailable as error:
        health.problem = str(error)
        return health
    if not same_layout(index.schema):
        # Built by another version, or before the synonym list's terms changed: those terms
        # would not be found until a rebuild.
        health.problem = "the index was built with other fields or another synonym list"
        return health
    with index.searcher() as searcher:
        health.indexed = searcher.doc_count()
        reader = searcher.reader()
        if full:
            indexed_ids = {int(fields["post_id"]) for fields in reader.all_stored_fields()}
            visible = set(visible_post_ids(session))
            health.missing = sorted(visible - indexed_ids)
            health.stale = sorted(indexed_ids - visible)
            health.checked = len(visible | indexed_ids)
            return health
        sampled = _sample_visible(session)
        health.missing = [i for i in sampled if searcher.document(post_id=str(i)) is None]
        indexed_sample = _sample_indexed(reader)
        shown = set(visible_post_ids(session, indexed_sample))
        health.stale = [i for i in indexed_sample if i not in shown]
        health.checked = len(sampled) + len(indexed_sample)
    return health


def _sample_visible(session: Session) -> list[int]:
    """Up to SAMPLE visible posts spread over the id range: one indexed probe each."""
    low, high = session.execute(select(func.min(Post.id), func.max(Post.id))).one()
    if low is None:
        return []
    if high - low < SAMPLE * 4:
        return _spread(visible_post_ids(session))
    found: set[int] = set()
    for start in random.sample(range(low, high + 1), SAMPLE):
        found.update(visible_post_ids(session, after=start - 1, limit=1))
    return sorted(found)


def _spread(ids: list[int]) -> list[int]:
    return ids if len(ids) <= SAMPLE else sorted(random.sample(ids, SAMPLE))


def _sample_indexed(reader) -> list[int]:
    total = reader.doc_count_all()
    docnums = range(total) if total <= SAMPLE * 2 else random.sample(range(total), SAMPLE)
    return [
        int(reader.stored_fields(n)["post_id"]) for n in docnums if not reader.is_deleted(n)
    ]


def describe(health: Health) -> list[str]:
    """`search status` lines: the figures, then 'in sync' or what drifts."""
    indexed = "unavailable" if health.indexed is None else health.indexed
    lines = [
        f"indexed: {indexed}",
        f"searchable posts: {health.searchable}",
        f"outbox backlog: {health.backlog.waiting + health.backlog.claimed}",
    ]
    if health.backlog.set_aside:
        lines.append(f"set aside after failing: {health.backlog.set_aside}")
        lines += [
            f"  post {row.post_id} (entry {row.id}, {row.attempts} attempts): {row.last_error}"
            for row in health.set_aside
        ]
    if health.problem:
        lines.append(f"problem: {health.problem} (run `flask --app wsgi search reindex`)")
        return lines
    lines.append(f"ids compared: {health.checked}{' (all)' if health.full else ' (a sample)'}")
    if health.in_sync:
        lines.append("in sync")
        return lines
    if not health.settled:
        lines.append(
            "behind: changes are waiting to be applied (`search drain` applies them)"
            if not health.backlog.set_aside
            else "drift: some changes could not be applied (mend the post, then `search drain --retry` or `search reindex`)"
        )
    if health.indexed != health.searchable:
        lines.append(f"drift: the index holds {health.indexed}, the database shows {health.searchable}")
    if health.missing:
        lines.append(f"drift: visible posts missing from the index: {_ids(health.missing)}")
    if health.stale:
        lines.append(f"drift: indexed posts no longer visible: {_ids(health.stale)}")
    return lines


def _ids(ids: list[int]) -> str:
    shown = ", ".join(str(i) for i in ids[:20])
    return shown + (f" and {len(ids) - 20} more" if len(ids) > 20 else "")
