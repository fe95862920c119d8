"""`flask --app wsgi search ...`: rebuild, inspect and drain the search index."""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.orm import Session

from forum import outbox
from forum.extensions import db
from search.documents import searchable_count
from search.health import check, describe
from search.indexer import WORKER_BATCH, drain, ensure, reindex
from search.models import IndexOutbox

# With --watch, the pause after a pass that applied nothing although changes were waiting.
STUCK_PAUSE = 2.0
search_cli = AppGroup("search", help="Rebuild and inspect the search index.")


def _directory() -> str:
    return current_app.config["INDEX_DIR"]


@search_cli.command("reindex")
def reindex_command() -> None:
    """Rebuild the index from the database (safe while the site runs)."""
    with Session(db.engine) as session:
        total = searchable_count(session)
        with click.progressbar(length=total, label="Indexing posts") as bar:
            written = reindex(session, _directory(), progress=bar.update)
    click.echo(f"Indexed {written} posts into {_directory()}.")


@search_cli.command("status")
@click.option("--full", is_flag=True, help="Compare every post id, not a sample.")
def status_command(full: bool) -> None:
    """Compare the index with the database: counts, ids both ways, the outbox; exit 1 on drift."""
    with Session(db.engine) as session:
        health = check(session, _directory(), full=full)
        click.echo("\n".join(describe(health)))
    if not health.in_sync:
        raise SystemExit(1)


@search_cli.command("drain")
@click.option("--watch", is_flag=True, help="Keep draining as changes arrive (a worker process).")
@click.option(
    "--interval",
    default=0.2,
    show_default=True,
    help="With --watch: seconds between looks at an empty outbox.",
)
@click.option(
    "--batch",
    default=WORKER_BATCH,
    show_default=True,
    help="Most changes applied in one index commit.",
)
@click.option("--retry", is_flag=True, help="First put changes that were set aside back in line.")
def drain_command(watch: bool, interval: float, batch: int, retry: bool) -> None:
    """Apply waiting changes to the index, waiting out claims of processes that stopped."""
    if retry:
        with Session(db.engine) as session:
            click.echo(f"{outbox.retry_set_aside(session, IndexOutbox)} set-aside changes retried.")
    while True:
        started = time.monotonic()
        applied, stuck = _drain_all(batch)
        if applied or not watch:
            seconds = time.monotonic() - started
            click.echo(f"{applied} changes applied in {seconds:.2f} s.")
        if not watch:
            return
        if stuck:
            # Changes wait but none could be applied (e.g. the index is missing): look again in
            # a while rather than at once.
            time.sleep(STUCK_PAUSE)
        _wait_for_changes(interval)


def _wait_for_changes(interval: float) -> None:
    """Return as soon as a change waits, looking every `interval` seconds (one small query)."""
    while True:
        with Session(db.engine) as session:
            if outbox.has_waiting(session, IndexOutbox):
                return
        time.sleep(interval)


def _drain_all(batch: int) -> tuple[int, bool]:
    """Drain until nothing waits; a claim held by another process is waited for, up to its lease.

    Returns how many changes were applied, and whether changes wait that could not be."""
    applied = 0
    deadline = time.monotonic() + outbox.LEASE.total_seconds() + 5
    while True:
        with Session(db.engine) as session:
            done = drain(session, _directory(), batches=10_000, lock_timeout=5.0, batch=batch)
            left = outbox.backlog(session, IndexOutbox)
        applied += done
        if left.waiting and done:
            continue  # changes came in as the last round ended: at once, no pause
        stuck = left.waiting and not done and not left.claimed  # e.g. the index is missing
        if stuck or not (left.waiting or left.claimed) or time.monotonic() > deadline:
            return applied, bool(left.waiting and not done)
        time.sleep(0.5)


@search_cli.command("ensure")
def ensure_command() -> None:
    """Build the index if it is missing, otherwise apply waiting changes."""
    with Session(db.engine) as session:
        click.echo(ensure(session, _directory()))
