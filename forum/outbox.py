"""Side effects that must not be lost: rows written with the change, applied after it commits.

A change that must reach something outside the database (the search index, later e-mail)
writes an outbox row in its own transaction. After the commit, any process may drain the
table: it *claims* rows with one conditional UPDATE (so two processes never work on the same
row at once), applies them, and deletes exactly the rows it applied. A row that fails is kept
with its error; a row that keeps failing, or whose process keeps dying on it, is set aside
after MAX_ATTEMPTS so that it never blocks the rows behind it.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import after_this_request, g, has_request_context
from sqlalchemy import String, Text, and_, case, delete, func, or_, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from forum.clock import utcnow
from forum.extensions import db

MAX_ATTEMPTS = 3
# A claim lapses after this long, so rows held by a process that died are taken up again.
LEASE = timedelta(seconds=30)
DIED = "the process applying this change stopped before it finished"
log = logging.getLogger(__name__)


def drain_after_commit(name: str, drain: Callable[[Session], object]) -> None:
    """Run `drain` on a session of its own once the change is committed, never failing the
    request: in a request, once, just before the response goes out; elsewhere, now.

    `name` keeps each outbox's drain to one per request, however many changes it carried.
    """
    if not has_request_context():
        _drain_quietly(name, drain)
        return
    scheduled = g.setdefault("outbox_drains", set())
    if name in scheduled:
        return
    scheduled.add(name)

    @after_this_request
    def drain_then_respond(response):
        _drain_quietly(name, drain)
        return response


def _drain_quietly(name: str, drain: Callable[[Session], object]) -> None:
    # A session of its own: the one that committed is finishing its commit.
    try:
        with Session(db.engine) as session:
            drain(session)
    except Exception:
        log.exception("draining the %s outbox failed; the changes stay queued", name)


class OutboxRow:
    """Columns every outbox table carries; mix into a model with its own payload columns.

    Ids must never be reused (`sqlite_autoincrement` on SQLite): rows are deleted by id.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Drains that took this row without finishing it (an error, or a process that died).
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    last_error: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Set once it has failed MAX_ATTEMPTS times: shown by status commands, no longer retried.
    set_aside_at: Mapped[datetime | None] = mapped_column(default=None)
    claim_token: Mapped[str | None] = mapped_column(String(32), default=None)
    claimed_until: Mapped[datetime | None] = mapped_column(default=None)


@dataclass(frozen=True)
class Claim:
    token: str
    rows: list


def _free(model, now: datetime):
    """Rows nobody is working on: not set aside, and unclaimed or with a lapsed claim."""
    return and_(
        model.set_aside_at.is_(None),
        or_(model.claimed_until.is_(None), model.claimed_until < now),
    )


def has_waiting(session: Session, model) -> bool:
    """Whether any row could be claimed now: one short query, cheap enough to poll often."""
    free = select(model.id).where(_free(model, utcnow())).limit(1)
    return session.execute(free).first() is not None


def claim(session: Session, model, *, limit: int) -> Claim | None:
    """Take up to `limit` waiting rows, oldest first; None when there are none.

    A row that failed before goes alone, so the row that breaks a batch is found by itself
    and the rows that were merely beside it go through on their own.
    """
    now = utcnow()
    candidates = session.execute(
        select(model.id, model.attempts).where(_free(model, now)).order_by(model.id).limit(limit)
    ).all()
    worn = [row_id for row_id, attempts in candidates if attempts >= MAX_ATTEMPTS]
    if worn:
        _set_aside(session, model, worn, now)
    fresh = [(row_id, attempts) for row_id, attempts in candidates if attempts < MAX_ATTEMPTS]
    retried = [row_id for row_id, attempts in fresh if attempts > 0]
    ids = retried[:1] or [row_id for row_id, _ in fresh]
    if not ids:
        session.commit()
        return None
    token = secrets.token_hex(16)
    session.execute(
        update(model)
        .where(model.id.in_(ids), _free(model, now))
        .values(claim_token=token, claimed_until=now + LEASE, attempts=model.attempts + 1)
    )
    session.commit()
    rows = list(session.scalars(select(model).where(model.claim_token == token)))
    return Claim(token, rows) if rows else None


def _set_aside(session: Session, model, ids: list[int], now: datetime) -> None:
    session.execute(
        update(model)
        .where(model.id.in_(ids), _free(model, now))
        .values(
            set_aside_at=now,
            claim_token=None,
            claimed_until=None,
            last_error=case((model.last_error == "", DIED), else_=model.last_error),
        )
    )


def finish(session: Session, model, taken: Claim, ids: Iterable[int]) -> None:
    """Delete exactly the claimed rows that were applied."""
    done = list(ids)
    for start in range(0, len(done), 500):
        session.execute(
            delete(model).where(
                model.claim_token == taken.token, model.id.in_(done[start : start + 500])
            )
        )
    session.commit()


def fail(session: Session, model, taken: Claim, errors: Mapping[int, str]) -> None:
    """Keep failed rows with their error; set aside those that failed too often."""
    now = utcnow()
    for row_id, error in errors.items():
        session.execute(
            update(model)
            .where(model.claim_token == taken.token, model.id == row_id)
            .values(
                last_error=error[:2000],
                claim_token=None,
                claimed_until=None,
                set_aside_at=case((model.attempts >= MAX_ATTEMPTS, now), else_=None),
            )
        )
    session.commit()


def release(session: Session, model, taken: Claim) -> None:
    """Give claimed rows back untouched (the target was busy): no attempt is counted."""
    session.execute(
        update(model)
        .where(model.claim_token == taken.token)
        .values(claim_token=None, claimed_until=None, attempts=model.attempts - 1)
    )
    session.commit()


def retry_set_aside(session: Session, model) -> int:
    """Put set-aside rows back in line with a clean slate; returns how many."""
    result = session.execute(
        update(model)
        .where(model.set_aside_at.is_not(None))
        .values(set_aside_at=None, attempts=0, last_error="")
    )
    session.commit()
    return result.rowcount or 0


@dataclass(frozen=True)
class Backlog:
    waiting: int
    claimed: int
    set_aside: int
    oldest: datetime | None


def backlog(session: Session, model) -> Backlog:
    """How many rows wait, are being worked on, or were set aside."""
    now = utcnow()
    waiting, claimed, set_aside, oldest = session.execute(
        select(
            func.count(case((_free(model, now), 1))),
            func.count(case((model.claimed_until >= now, 1))),
            func.count(model.set_aside_at),
            func.min(case((model.set_aside_at.is_(None), model.created_at))),
        )
    ).one()
    return Backlog(waiting, claimed, set_aside, oldest)


def set_aside_rows(session: Session, model, limit: int = 20) -> list:
    return list(
        session.scalars(
            select(model).where(model.set_aside_at.is_not(None)).order_by(model.id).limit(limit)
        )
    )
