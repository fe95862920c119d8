"""Rate limits shared by every worker: count recent events of an action per key.

Keys are addresses and names, so an event is kept only while a limit can still count it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from forum.clock import utcnow
from forum.extensions import db
from forum.models.throttle import ThrottleEvent

# No limit looks further back than this, so `purge` can forget older events of any action,
# including actions of limits this process has not built.
LONGEST_WINDOW = timedelta(days=1)

# The window of every action a limit has been built for in this process.
_windows: dict[str, timedelta] = {}


@dataclass(frozen=True)
class Limit:
    action: str
    count: int
    window: timedelta

    def __post_init__(self) -> None:
        if self.window > LONGEST_WINDOW:
            raise ValueError(f"{self.action}: windows are at most {LONGEST_WINDOW}")
        _windows[self.action] = max(self.window, _windows.get(self.action, self.window))

    @property
    def wait_text(self) -> str:
        minutes = int(self.window.total_seconds() // 60)
        return f"{minutes} minutes" if minutes < 120 else f"{minutes // 60} hours"


# Per name and address: a guesser is slowed without letting anyone lock a member out from afar.
FAILED_LOGINS_PER_NAME_AND_ADDRESS = Limit("login-name-address", 10, timedelta(minutes=15))
FAILED_LOGINS_PER_ADDRESS = Limit("login-address", 50, timedelta(minutes=15))
JOINS_PER_ADDRESS = Limit("join-address", 10, timedelta(hours=1))


def is_limited(limit: Limit, key: str) -> bool:
    """True when `key` has used up `limit` within its window."""
    since = utcnow() - limit.window
    recent = db.session.scalar(
        db.select(db.func.count())
        .select_from(ThrottleEvent)
        .where(
            ThrottleEvent.action == limit.action,
            ThrottleEvent.key == key[:200],
            ThrottleEvent.created_at >= since,
        )
    )
    return recent >= limit.count


def record(limit: Limit, key: str) -> None:
    """Count one event against `key`, and forget every event of this limit past its window."""
    now = utcnow()
    _forget(limit.action, before=now - limit.window)
    db.session.add(ThrottleEvent(action=limit.action, key=key[:200], created_at=now))


def purge(now: datetime | None = None) -> int:
    """Delete every event no limit can count any more; returns how many were deleted."""
    now = now or utcnow()
    deleted = sum(_forget(action, before=now - window) for action, window in _windows.items())
    others = db.session.execute(
        db.delete(ThrottleEvent).where(
            ThrottleEvent.action.not_in(list(_windows)),
            ThrottleEvent.created_at < now - LONGEST_WINDOW,
        )
    )
    return deleted + others.rowcount


def _forget(action: str, *, before: datetime) -> int:
    result = db.session.execute(
        db.delete(ThrottleEvent).where(
            ThrottleEvent.action == action, ThrottleEvent.created_at < before
        )
    )
    return result.rowcount
