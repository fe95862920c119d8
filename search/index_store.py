"""Opening the Whoosh index on disk, and the searchers each thread reuses.

Reading only: search.indexer writes. Kept apart so that a page that searches needs nothing of
the writing side.
"""

from __future__ import annotations

import atexit
import gc
import logging
import threading
import warnings
from collections import OrderedDict

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from search import whoosh_fixes
from search.term_memo import remember_terms

log = logging.getLogger(__name__)
whoosh_fixes.apply()
OPEN_TRIES = 3


class IndexUnavailable(Exception):
    """The index directory is missing, unreadable or corrupt: search needs a rebuild."""


def storage(directory: str) -> FileStorage:
    """The index's files, read with plain reads rather than mapped into memory: Whoosh copies
    every mapped part of a compound segment into a buffer of its own, so one search at a million
    posts left a worker holding 2.4 GB (with plain reads: 70 MB)."""
    return FileStorage(directory, supports_mmap=False)


def open_index(directory: str):
    """The existing index; IndexUnavailable when there is none or it cannot be read."""
    # Whoosh leaves a damaged table-of-contents file open when reading it fails; it is closed
    # here, quietly, instead of warning at some later garbage collection.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        for _ in range(OPEN_TRIES):
            try:
                if whoosh_index.exists_in(directory):
                    return storage(directory).open_index()
                problem = f"no search index in {directory}"
            except FileNotFoundError as error:
                # Another process's commit replaced the table of contents between finding
                # and reading it: the newer one is there now.
                problem = f"search index in {directory} cannot be opened: {error}"
                continue
            except Exception as error:  # Whoosh raises many kinds for damaged files
                problem = f"search index in {directory} cannot be opened: {error}"
            break
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
    fresh = _refreshed(searcher) if searcher is not None else None
    if fresh is None:
        fresh = open_index(directory).searcher()
    # New segments' readers keep their term lookups too (a no-op for those already kept).
    remember_terms(fresh.reader())
    kept[directory] = fresh
    while len(kept) > _SEARCHERS_KEPT:
        _close_quietly(kept.popitem(last=False)[1])
    return fresh


def _refreshed(searcher):
    """The searcher on the index's newest version, or None when the index is gone or damaged."""
    try:
        fresh = searcher.refresh()
    except Exception:  # the index was removed or damaged under us
        _close_quietly(searcher)
        return None
    if fresh is not searcher:
        _close_quietly(searcher)
    return fresh


@atexit.register
def _close_kept_searchers() -> None:
    """At exit, the searchers this (main) thread kept, so no open file is left to the end."""
    kept = _local.__dict__.get("searchers") or {}
    while kept:
        _close_quietly(kept.popitem()[1])


def _close_quietly(searcher) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            searcher.close()
        except Exception:
            log.debug("closing a stale searcher failed", exc_info=True)
