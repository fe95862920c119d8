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
from search.indexer import drain, ensure, reindex
from search.models import IndexOutbox

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
@click.option("--watch", is_flag=True, help="Keep draining every few seconds (a worker process).")
@click.option("--interval", default=2.0, show_default=True)
@click.option("--retry", is_flag=True, help="First put changes that were set aside back in line.")
def drain_command(watch: bool, interval: float, retry: bool) -> None:
    """Apply waiting changes to the index, waiting out claims of processes that stopped."""
    if retry:
        with Session(db.engine) as session:
            click.echo(f"{outbox.retry_set_aside(session, IndexOutbox)} set-aside changes retried.")
    while True:
        applied = _drain_all()
        if applied or not watch:
            click.echo(f"{applied} changes applied.")
        if not watch:
            return
        time.sleep(interval)


def _drain_all() -> int:
    """Drain until nothing waits; a claim held by another process is waited for, up to its lease."""
    applied = 0
    deadline = time.monotonic() + outbox.LEASE.total_seconds() + 5
    while True:
        with Session(db.engine) as session:
            done = drain(session, _directory(), batches=10_000, lock_timeout=5.0)
            left = outbox.backlog(session, IndexOutbox)
        applied += done
        stuck = left.waiting and not done and not left.claimed  # e.g. the index is missing
        if stuck or not (left.waiting or left.claimed) or time.monotonic() > deadline:
            return applied
        time.sleep(0.5)


@search_cli.command("ensure")
def ensure_command() -> None:
    """Build the index if it is missing, otherwise apply waiting changes."""
    with Session(db.engine) as session:
        click.echo(ensure(session, _directory()))
