"""`flask --app wsgi search ...`: rebuild, inspect and drain the search index."""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.orm import Session

from forum.extensions import db
from search.documents import searchable_count
from search.indexer import drain, ensure, reindex, status

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
def status_command() -> None:
    """Indexed posts against searchable posts, and the outbox backlog."""
    with Session(db.engine) as session:
        report = status(session, _directory())
    indexed = "unavailable" if report.indexed is None else report.indexed
    click.echo(
        f"indexed: {indexed}\nsearchable posts: {report.searchable}\noutbox backlog: {report.backlog}"
    )
    if report.problem:
        click.echo(f"problem: {report.problem} (run `flask --app wsgi search reindex`)")


@search_cli.command("drain")
@click.option("--watch", is_flag=True, help="Keep draining every few seconds (a worker process).")
@click.option("--interval", default=2.0, show_default=True)
def drain_command(watch: bool, interval: float) -> None:
    """Apply waiting changes to the index."""
    while True:
        with Session(db.engine) as session:
            applied = drain(session, _directory(), batches=10_000, lock_timeout=5.0)
        if applied or not watch:
            click.echo(f"{applied} changes applied.")
        if not watch:
            return
        time.sleep(interval)


@search_cli.command("ensure")
def ensure_command() -> None:
    """Build the index if it is missing, otherwise apply waiting changes."""
    with Session(db.engine) as session:
        click.echo(ensure(session, _directory()))
