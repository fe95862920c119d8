"""Keeping the Whoosh index in line with the database: drain the outbox, rebuild, report.

Whoosh allows one writer at a time. Any process may drain; one that cannot get the lock at
once leaves the entries for the next drain, so no update is lost and no request waits long.
"""

from __future__ import annotations

import gc
import logging
import shutil
import threading
import warnings
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from whoosh import index as whoosh_index
from whoosh.index import LockError
from whoosh.writing import CLEAR

from search.documents import all_documents, documents_for, searchable_count
from search.models import IndexOutbox
from search.schema import SCHEMA

log = logging.getLogger(__name__)
DRAIN_BATCH = 500


class IndexUnavailable(Exception):
    """The index directory is missing, unreadable or corrupt: search needs a rebuild."""


def open_index(directory: str):
    """The existing index; IndexUnavailable when there is none or it cannot be read."""
    # Whoosh leaves a damaged table-of-contents file open when reading it fails; it is closed
    # here, quietly, instead of warning at some later garbage collection.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            if whoosh_index.exists_in(directory):
                return whoosh_index.open_dir(directory)
            problem = f"no search index in {directory}"
        except Exception as error:  # Whoosh raises many kinds for damaged files
            problem = f"search index in {directory} cannot be opened: {error}"
        gc.collect()
    raise IndexUnavailable(problem)


# Opening an index reads its term files (50 ms at 100,000 posts, 0.5 s at a million), so each
# thread keeps a searcher per index and refreshes it, which rereads only what changed.
_SEARCHERS_KEPT = 4
_local = threading.local()


def shared_searcher(directory: str):
    """A searcher on the newest version of the index, reused across requests in this thread."""
    kept: OrderedDict = _local.__dict__.setdefault("searchers", OrderedDict())
    searcher = kept.pop(directory, None)
    if searcher is not None:
        try:
            fresh = searcher.refresh()
        except Exception:  # the index was removed or damaged under us
            _close_quietly(searcher)
        else:
            if fresh is not searcher:
                _close_quietly(searcher)
            kept[directory] = fresh
            return fresh
    fresh = open_index(directory).searcher()
    kept[directory] = fresh
    while len(kept) > _SEARCHERS_KEPT:
        _close_quietly(kept.popitem(last=False)[1])
    return fresh


def _close_quietly(searcher) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            searcher.close()
        except Exception:
            log.debug("closing a stale searcher failed", exc_info=True)


def drain(session: Session, directory: str, *, batches: int = 4, lock_timeout: float = 0.5) -> int:
    """Apply waiting outbox entries to the index; returns how many were applied."""
    applied = 0
    for _ in range(batches):
        rows = session.execute(
            select(IndexOutbox.id, IndexOutbox.post_id).order_by(IndexOutbox.id).limit(DRAIN_BATCH)
        ).all()
        if not rows:
            break
        try:
            _apply(session, directory, {post_id for _, post_id in rows}, lock_timeout)
        except LockError:
            log.info("search index busy; %d changes left for the next drain", len(rows))
            break
        except IndexUnavailable as error:
            log.warning("%s; changes kept in the outbox until `search reindex`", error)
            break
        except OSError as error:
            log.warning("search index not writable (%s); changes kept in the outbox", error)
            break
        session.execute(
            delete(IndexOutbox).where(IndexOutbox.id.in_([row_id for row_id, _ in rows]))
        )
        session.commit()
        applied += len(rows)
    session.rollback()
    return applied


def _apply(session: Session, directory: str, post_ids: set[int], lock_timeout: float) -> None:
    # Read after taking the lock so the index gets the newest state of each post.
    writer = open_index(directory).writer(timeout=lock_timeout)
    try:
        docs = documents_for(session, post_ids)
        for post_id in post_ids:
            if post_id in docs:
                writer.update_document(**docs[post_id])
            else:
                writer.delete_by_term("post_id", str(post_id))
    except BaseException:
        writer.cancel()
        raise
    writer.commit()


def reindex(session: Session, directory: str, progress: Callable[[int], None] | None = None) -> int:
    """Rebuild the whole index from the database; returns the documents written.

    The rebuild holds the index's writer lock, so drains wait and leave their entries queued;
    searches keep reading the old documents until the new ones replace them in one commit.
    """
    writer = _writer_for_rebuild(directory)
    try:
        # Entries up to here are covered by the rebuild; later ones are drained afterwards.
        covered = session.scalar(select(func.max(IndexOutbox.id))) or 0
        written = 0
        for doc in all_documents(session):
            writer.add_document(**doc)
            written += 1
            if progress and written % 1000 == 0:
                progress(1000)
    except BaseException:
        writer.cancel()
        raise
    writer.commit(mergetype=CLEAR)
    if progress:
        progress(written % 1000)
    session.execute(delete(IndexOutbox).where(IndexOutbox.id <= covered))
    session.commit()
    return written


def _writer_for_rebuild(directory: str):
    """The existing index's writer, or a new index's when it is missing, damaged or outdated."""
    try:
        existing = open_index(directory)
        if existing.schema.names() == SCHEMA.names():
            return existing.writer(timeout=30.0)
    except IndexUnavailable:
        pass
    shutil.rmtree(directory, ignore_errors=True)
    Path(directory).mkdir(parents=True, exist_ok=True)
    return whoosh_index.create_in(directory, SCHEMA).writer(limitmb=128)


@dataclass(frozen=True)
class Status:
    indexed: int | None
    searchable: int
    backlog: int
    problem: str = ""


def status(session: Session, directory: str) -> Status:
    """Indexed documents against searchable posts, and the outbox backlog."""
    backlog = session.scalar(select(func.count()).select_from(IndexOutbox))
    searchable = searchable_count(session)
    try:
        with open_index(directory).searcher() as searcher:
            indexed = searcher.doc_count()
        return Status(indexed, searchable, backlog)
    except IndexUnavailable as error:
        return Status(None, searchable, backlog, str(error))


def ensure(session: Session, directory: str) -> str:
    """Build the index if it is missing, otherwise apply the outbox: what `make run` does."""
    try:
        open_index(directory)
    except IndexUnavailable:
        written = reindex(session, directory)
        return f"Search index built: {written} posts."
    applied = drain(session, directory, batches=10_000)
    return f"Search index ready; {applied} waiting changes applied."
