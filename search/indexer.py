"""Keeping the Whoosh index in line with the database: drain the outbox, rebuild, report.

Whoosh allows one writer at a time. Any process may drain; one that cannot get the lock at
once leaves the entries for the next drain, so no update is lost and no request waits long.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from whoosh.filedb.filestore import FileStorage
from whoosh.index import EmptyIndexError, LockError
from whoosh.multiproc import MpWriter
from whoosh.reading import SegmentReader, TermNotFound
from whoosh.writing import CLEAR, SegmentWriter, fib

from forum import outbox
from forum.clock import utcnow
from search.documents import all_documents, documents_for, searchable_count
from search.index_store import IndexUnavailable, open_index, shared_searcher, storage
from search.models import IndexOutbox
from search.schema import SCHEMA, same_layout

__all__ = ["IndexUnavailable", "drain", "ensure", "open_index", "reindex", "shared_searcher"]

log = logging.getLogger(__name__)
# Entries a drain claims and commits at once: after a request, and in a worker (`search drain`),
# where one commit per 2,000 posts keeps a backlog moving and each claim well inside its lease.
DRAIN_BATCH = 500
WORKER_BATCH = 2_000
# Rebuilds of at least this many posts use a writer process per core.
PARALLEL_FROM = 20_000


def drain(
    session: Session,
    directory: str,
    *,
    batches: int = 4,
    lock_timeout: float = 0.5,
    batch: int = DRAIN_BATCH,
) -> int:
    """Apply waiting outbox entries to the index; returns how many were applied.

    Each round takes the index's writer lock first, then claims up to `batch` entries, so a
    claim is only ever held by the one process able to apply it. A round is one Whoosh
    commit, whatever its size: a worker with a backlog passes a large `batch`.
    """
    applied = 0
    ix = None
    kept: dict = {}  # lookup readers, reused by the rounds of this drain
    try:
        for _ in range(batches):
            if not outbox.has_waiting(session, IndexOutbox):
                # Nothing (more) to do, or another process drained it: no lock, no files.
                break
            try:
                # Opened once per drain: each writer reads the newest table of contents itself.
                ix = ix or open_index(directory)
                writer = ix.writer(timeout=lock_timeout)
            except LockError:
                log.info("search index busy; waiting changes left for the next drain")
                break
            except (IndexUnavailable, EmptyIndexError) as error:
                # EmptyIndexError: the index was removed since this drain opened it.
                log.warning("%s; changes kept in the outbox until `search reindex`", error)
                break
            except OSError as error:
                log.warning("search index not writable (%s); changes kept in the outbox", error)
                break
            done = _drain_round(session, writer, batch, kept)
            if done is None:
                break
            applied += done
    finally:
        _close_readers(kept.values())
    session.rollback()
    return applied


def _drain_round(session: Session, writer, limit: int, kept: dict) -> int | None:
    """One claimed batch through the writer; None when there was nothing to do or it failed."""
    taken = None
    try:
        taken = outbox.claim(session, IndexOutbox, limit=limit)
        if taken is None:
            writer.cancel()
            return None
        # Read after claiming, so the index gets each post's newest state.
        post_ids = {row.post_id for row in taken.rows}
        docs, broken = _documents(session, post_ids)
        _replace(writer, post_ids - broken.keys(), docs, kept)
    except SQLAlchemyError as error:
        # The database was busy or gone for a moment: not the entries' fault, so no attempt
        # is counted against them (their claim is given back, or lapses if that fails too).
        writer.cancel()
        session.rollback()
        log.warning("search drain stopped by the database (%s); changes stay queued", error)
        if taken is not None:
            with contextlib.suppress(SQLAlchemyError):
                outbox.release(session, IndexOutbox, taken)
        return None
    except BaseException:
        writer.cancel()
        session.rollback()
        raise
    try:
        writer.commit(mergetype=merge_bounded)
    except OSError as error:
        log.warning("search index not writable (%s); changes kept in the outbox", error)
        outbox.release(session, IndexOutbox, taken)
        return None
    outbox.finish(
        session, IndexOutbox, taken, [r.id for r in taken.rows if r.post_id not in broken]
    )
    if broken:
        log.error("search: %d posts could not be indexed: %s", len(broken), broken)
        outbox.fail(
            session,
            IndexOutbox,
            taken,
            {r.id: broken[r.post_id] for r in taken.rows if r.post_id in broken},
        )
    return len(taken.rows) - sum(1 for r in taken.rows if r.post_id in broken)


def _documents(session: Session, post_ids: set[int]) -> tuple[dict, dict[int, str]]:
    """`documents_for`, asked 500 posts at a time (a bound on the statement's parameters)."""
    docs: dict = {}
    broken: dict[int, str] = {}
    ordered = sorted(post_ids)
    for start in range(0, len(ordered), 500):
        more_docs, more_broken = documents_for(session, ordered[start : start + 500])
        docs.update(more_docs)
        broken.update(more_broken)
    return docs, broken


def _replace(writer, post_ids: set[int], docs: dict, kept: dict) -> None:
    """Each post's old document deleted and its current one (if it is searchable) added.

    What `writer.update_document` does, without its cost: Whoosh 2.7 opens a reader over the
    whole index for every call, and a reader over a compound segment copies the segment's
    term and posting files into memory (1.2 GB, 0.7 s a post at a million posts). Here one
    reader per segment serves the whole batch, on a storage that reads those files in place.
    Several documents per post (should any exist) are all deleted, as update_document does.
    """
    readers = _lookup_readers(writer, kept)
    for post_id in sorted(post_ids):
        key = str(post_id)
        for segment, reader in readers:
            for docnum in _documents_holding(reader, key):
                # The writer saves these segments' deletions with its commit.
                segment.delete_document(docnum)
        if post_id in docs:
            writer.add_document(**docs[post_id])


def _lookup_readers(writer, kept: dict) -> list:
    """(the writer's segment, a reader of its files) for every segment of the index.

    `kept` holds the readers of the drain's earlier rounds, by segment: those of segments still
    there are used again. A segment's files never change once written (its deletions are kept
    in the table of contents, and the lookups ignore them), so a kept reader answers exactly as
    a new one would.
    """
    current = {segment.segment_id() for segment in writer.segments}
    _close_readers([kept.pop(segid) for segid in list(kept) if segid not in current])
    storage = FileStorage(writer.storage.folder, supports_mmap=False)
    pairs = []
    for segment in writer.segments:
        reader = kept.get(segment.segment_id())
        if reader is None:
            reader = kept[segment.segment_id()] = SegmentReader(storage, writer.schema, segment)
        pairs.append((segment, reader))
    return pairs


def _close_readers(readers) -> None:
    for reader in readers:
        with contextlib.suppress(Exception):
            reader.close()


_POST_ID = SCHEMA["post_id"]
# No drain commit merges segments holding more than this share of the index's documents.
MERGE_SHARE = 0.1
MERGE_FLOOR = 10_000


def merge_bounded(writer, segments):
    """Whoosh's MERGE_SMALL (merge the smallest segments once there are enough of them), with
    no merge bigger than a tenth of the index.

    Merging rewrites about 1,500 documents a second here, holding the writer lock. MERGE_SMALL
    leaves large segments alone for a long time, then merges everything: after a million
    replies into a rebuilt million-post index, one commit would rewrite two million documents
    (20 minutes of nothing reaching the index). Bounded, the rebuild's large segments are
    never rewritten by a drain, and at most about ten segments above the bound accumulate
    until the next `search reindex`.
    """
    bound = max(MERGE_FLOOR, MERGE_SHARE * sum(s.doc_count_all() for s in segments))
    ordered = sorted(segments, key=lambda s: s.doc_count_all())
    total = 0
    point = None
    for i, segment in enumerate(ordered):
        total += segment.doc_count_all()
        if i > 3 and total < fib(i + 5):  # MERGE_SMALL's rule
            point = i
            break
    if point is None:
        return segments
    merged = []
    size = 0
    for segment in ordered[: point + 1]:
        if size + segment.doc_count_all() > bound:
            break
        merged.append(segment)
        size += segment.doc_count_all()
    if len(merged) < 2:
        return segments
    for segment in merged:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [s for s in segments if all(s is not m for m in merged)]


def _documents_holding(reader, post_id: str) -> list[int]:
    """The segment's document numbers for this post id, deleted ones included.

    SegmentReader.postings would copy the segment's whole set of deleted documents for every
    lookup; here the raw postings do, as deleting a deleted document again changes nothing.
    """
    try:
        matcher = reader._terms.matcher("post_id", _POST_ID.to_bytes(post_id), _POST_ID.format)
    except TermNotFound:
        return []
    return list(matcher.all_ids())


def reindex(
    session: Session,
    directory: str,
    progress: Callable[[int], None] | None = None,
    *,
    parallel: bool | None = None,
) -> int:
    """Rebuild the whole index from the database; returns the documents written.

    `parallel` writes with one process per core; by default only from PARALLEL_FROM posts.

    The rebuild holds the index's writer lock, so drains wait and leave their entries queued;
    searches keep reading the old documents until the new ones replace them in one commit.
    Afterwards it deletes exactly the outbox entries that existed when it started reading:
    on PostgreSQL a lower id can commit later, so "every id up to the highest" is not safe.
    """
    if parallel is None:
        parallel = searchable_count(session) >= PARALLEL_FROM
    writer = _writer_for_rebuild(directory, parallel=parallel)
    broken: dict[int, str] = {}
    try:
        covered = list(session.scalars(select(IndexOutbox.id)))
        written = 0
        for doc in all_documents(session, broken=broken):
            _add_for_rebuild(writer, doc)
            written += 1
            if progress and written % 1000 == 0:
                progress(1000)
    except BaseException:
        writer.cancel()
        raise
    writer.commit(mergetype=CLEAR)
    if progress:
        progress(written % 1000)
    for start in range(0, len(covered), 500):
        session.execute(delete(IndexOutbox).where(IndexOutbox.id.in_(covered[start : start + 500])))
    # A post that cannot be indexed stays visible in `search status` until it is mended.
    now = utcnow()
    for post_id, error in broken.items():
        session.add(
            IndexOutbox(
                post_id=post_id,
                attempts=outbox.MAX_ATTEMPTS,
                last_error=error[:2000],
                set_aside_at=now,
            )
        )
    session.commit()
    return written


def _add_for_rebuild(writer, doc: dict) -> None:
    """Add one document; in a parallel rebuild, tips go to a segment of their own.

    The writer's own process writes that segment while the other processes write the rest:
    a search then reads the tips (helpful posts and answers, about one post in twenty) without
    intersecting every large segment with them (`search.collecting`), which cost about a
    quarter of a common word's search at a million posts.
    """
    if doc["tip"] and isinstance(writer, MpWriter):
        SegmentWriter.add_document(writer, **doc)
    else:
        writer.add_document(**doc)


def _writer_for_rebuild(directory: str, *, parallel: bool):
    """The existing index's writer, or a new index's when it is missing, damaged or outdated.

    A parallel rebuild analyses documents in one process per core, each writing a segment of
    its own, with no final merge: a million posts in 12.8 minutes (1,300 posts/s) on two cores;
    one writer managed 765 posts/s at 20,000. Small rebuilds stay in this process, where
    starting processes costs more than it saves.
    """
    options: dict = {"limitmb": 256}
    if parallel:
        options.update(procs=os.cpu_count() or 1, multisegment=True)
    try:
        existing = open_index(directory)
        if same_layout(existing.schema):
            return existing.writer(timeout=30.0, **options)
    except IndexUnavailable:
        pass
    shutil.rmtree(directory, ignore_errors=True)
    Path(directory).mkdir(parents=True, exist_ok=True)
    return storage(directory).create_index(SCHEMA).writer(**options)


def ensure(session: Session, directory: str) -> str:
    """Build the index if it is missing, otherwise apply the outbox: what `make run` does."""
    try:
        current = same_layout(open_index(directory).schema)
    except IndexUnavailable:
        written = reindex(session, directory)
        return f"Search index built: {written} posts."
    if not current:
        # Built by an older PeerCircle: its fields or their analysis differ from this one's.
        written = reindex(session, directory)
        return f"Search index rebuilt for this version: {written} posts."
    applied = drain(session, directory, batches=10_000)
    return f"Search index ready; {applied} waiting changes applied."
