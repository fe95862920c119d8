"""Keyset pagination: a page is found by the key of the row next to it, never by OFFSET.

Page 1,000 then costs what page 1 costs: the database seeks in an index to the cursor.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, tuple_

from forum.extensions import db


@dataclass(frozen=True)
class Page:
    rows: list[Any]
    has_earlier: bool
    has_later: bool


def keyset_page(
    query: Select,
    columns: Sequence[ColumnElement],
    *,
    per_page: int,
    descending: bool = False,
    after: Sequence[Any] | None = None,
    before: Sequence[Any] | None = None,
    start: Sequence[Any] | None = None,
) -> Page:
    """Rows following `after`, preceding `before`, or from `start` on, in the list's order."""
    key = tuple_(*columns) if len(columns) > 1 else columns[0]

    def at(values: Sequence[Any]) -> Any:
        return tuple_(*values) if len(columns) > 1 else values[0]

    forward = [column.desc() if descending else column.asc() for column in columns]
    if before is not None:
        backward = [column.asc() if descending else column.desc() for column in columns]
        earlier = key > at(before) if descending else key < at(before)
        rows = db.session.execute(
            query.where(earlier).order_by(*backward).limit(per_page + 1)
        ).all()
        return Page(
            list(reversed(rows[:per_page])), has_earlier=len(rows) > per_page, has_later=True
        )
    if after is not None:
        query = query.where(key < at(after) if descending else key > at(after))
    elif start is not None:
        query = query.where(key <= at(start) if descending else key >= at(start))
    rows = db.session.execute(query.order_by(*forward).limit(per_page + 1)).all()
    return Page(
        rows[:per_page],
        has_earlier=after is not None or start is not None,
        has_later=len(rows) > per_page,
    )
