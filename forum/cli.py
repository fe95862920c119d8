"""`flask --app wsgi peercircle ...`: set-up and administration from the shell."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from forum import throttle
from forum.accounts import find_member, register_member
from forum.extensions import db
from forum.forms import PASSWORD_MIN, username_problem
from forum.hooks import checks_suspended
from forum.models import Board, Role
from forum.seeding import create_board, ensure_default_boards
from forum.slugs import slugify

peercircle = AppGroup("peercircle", help="Set up and administer PeerCircle.")


@peercircle.command("seed-boards")
def seed_boards() -> None:
    """Create the default condition boards that are missing (safe to run again)."""
    created = ensure_default_boards()
    db.session.commit()
    click.echo(
        f"{len(created)} default board(s) created."
        if created
        else "Default boards already present."
    )


@peercircle.command("create-admin")
@click.option("--username", prompt=True)
@click.option("--email", prompt=True)
@click.password_option()
def create_admin(username: str, email: str, password: str) -> None:
    """Create an administrator account, or make an existing member an administrator."""
    existing = find_member(username)
    if existing is not None:
        existing.role = Role.ADMIN
        db.session.commit()
        click.echo(f"{existing.username} is now an administrator.")
        return
    problem = username_problem(username)
    if problem:
        raise click.UsageError(problem)
    if len(password) < PASSWORD_MIN:
        raise click.UsageError(f"Use a password of at least {PASSWORD_MIN} characters.")
    register_member(username=username, email=email, password=password, role=Role.ADMIN)
    db.session.commit()
    click.echo(f"Administrator {username} created.")


@peercircle.command("create-board")
@click.option("--name", required=True, help="Shown to members, e.g. 'Long COVID'.")
@click.option(
    "--slug", default=None, help="Address part, e.g. 'long-covid' (default: from the name)."
)
@click.option("--description", default="")
@click.option("--guidelines-file", type=click.File("r"), default=None, help="Markdown guidelines.")
def create_board_command(name: str, slug: str | None, description: str, guidelines_file) -> None:
    """Create a condition board."""
    slug = slugify(slug or name, fallback="")
    if not slug:
        raise click.UsageError("The board needs a name or slug with letters or digits.")
    if db.session.scalar(db.select(Board).where(Board.slug == slug)) is not None:
        raise click.UsageError(f"A board at /b/{slug} already exists.")
    position = (db.session.scalar(db.select(db.func.max(Board.position))) or 0) + 1
    guidelines = guidelines_file.read() if guidelines_file else ""
    create_board(
        slug=slug, name=name, description=description, guidelines=guidelines, position=position
    )
    db.session.commit()
    click.echo(f"Board {name} created at /b/{slug}.")


@peercircle.command("demo")
def demo() -> None:
    """Fill a realistic demo community for trying PeerCircle (skips if already there)."""
    from forum.demo import fill_demo_community

    ensure_default_boards()
    # The demo is the operator's own sample content, published as written.
    with checks_suspended():
        summary = fill_demo_community()
    db.session.commit()
    click.echo(summary)


@peercircle.command("purge")
def purge() -> None:
    """Forget rate-limit events (addresses of failed logins and joins) no limit counts any more.

    Each failed login or join already forgets its own rule's old events; run this from cron so
    addresses are gone even when nobody has failed since.
    """
    deleted = throttle.purge()
    db.session.commit()
    click.echo(f"{deleted} expired rate-limit event(s) deleted.")


def init_app(app: Flask) -> None:
    app.cli.add_command(peercircle)
