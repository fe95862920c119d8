"""Rate limits shared by every worker: count recent events of an action per key."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from forum.clock import utcnow
from forum.extensions import db
from forum.models.throttle import ThrottleEvent


@dataclass(frozen=True)
class Limit:
    action: str
    count: int
    window: timedelta

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
    """Count one event against `key`, and forget this key's events older than the window."""
    now = utcnow()
    db.session.execute(
        db.delete(ThrottleEvent).where(
            ThrottleEvent.action == limit.action,
            ThrottleEvent.key == key[:200],
            ThrottleEvent.created_at < now - limit.window,
        )
    )
    db.session.add(ThrottleEvent(action=limit.action, key=key[:200], created_at=now))
