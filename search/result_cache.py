"""Recent search pages kept per process, for as long as the index they came from is current.

Members ask the same things ("pacing", "brain fog") many times a day, and a search at a
million posts costs tens of milliseconds of CPU. Each entry is keyed by the index's
generation, which every drain commit moves on, so an entry never outlives a change to the
index: a post edited or removed is never shown as it was. (Pages are still checked against
the database each time they are shown; see search.searching.run_search.)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")


class ResultCache:
    """A small thread-safe LRU of values computed by `compute` under a key."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()
        self._generation: Hashable = None
        self.hits = 0
        self.misses = 0

    def get(self, generation: Hashable, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            if generation != self._generation:
                # The index changed: nothing kept describes it any more.
                self._entries.clear()
                self._generation = generation
            if key in self._entries:
                self._entries.move_to_end(key)
                self.hits += 1
                return self._entries[key]  # type: ignore[return-value]
            self.misses += 1
        value = compute()
        with self._lock:
            if generation == self._generation:
                self._entries[key] = value
                while len(self._entries) > self.size:
                    self._entries.popitem(last=False)
        return value
