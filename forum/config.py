"""Configuration read from the environment, with safe defaults for a local install."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

# The instance folder lives beside the package so a fresh clone keeps its data in one place.
DEFAULT_INSTANCE = Path(__file__).resolve().parent.parent / "instance"


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _absolute(path: str | Path) -> Path:
    """`path` with `~` expanded, made absolute against the current directory."""
    return Path(os.path.abspath(Path(path).expanduser()))


def load_or_create_secret_key(instance_path: Path) -> str:
    """Return the secret key stored in the instance folder, creating one on first run."""
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # Owner-only: the key signs every session cookie.
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def database_url(url: str) -> str:
    """PostgreSQL URLs as hosts write them, pointed at the psycopg 3 driver PeerCircle installs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class Config:
    """Settings for a normal run; each can be overridden by a PEERCIRCLE_* variable."""

    def __init__(
        self, instance_path: str | Path | None = None, secret_key: str | None = None
    ) -> None:
        """Explicit arguments win over the environment, which wins over the defaults."""
        # Absolute from the start (Flask refuses a relative instance path), against the
        # directory the command was started in.
        instance = _absolute(
            instance_path or os.environ.get("PEERCIRCLE_INSTANCE_DIR") or DEFAULT_INSTANCE
        )
        self.INSTANCE_PATH = str(instance)
        self.SQLALCHEMY_DATABASE_URI = database_url(
            os.environ.get("PEERCIRCLE_DATABASE_URL", f"sqlite:///{instance / 'peercircle.db'}")
        )
        self.SECRET_KEY = (
            secret_key
            or os.environ.get("PEERCIRCLE_SECRET_KEY")
            or load_or_create_secret_key(instance)
        )
        self.INDEX_DIR = str(
            _absolute(os.environ.get("PEERCIRCLE_INDEX_DIR") or instance / "index")
        )
        self.SEARCH_ENABLED = _flag("PEERCIRCLE_SEARCH_ENABLED", True)
        # Off in production: each request then only writes its outbox row, and one
        # `flask --app wsgi search drain --watch` process applies the rows in batches.
        self.SEARCH_INLINE_INDEXING = _flag("PEERCIRCLE_SEARCH_INLINE_INDEXING", True)
        # Recent search pages kept per worker until the index changes (off: every search runs).
        self.SEARCH_RESULT_CACHE = _flag("PEERCIRCLE_SEARCH_RESULT_CACHE", True)
        https = _flag("PEERCIRCLE_HTTPS")
        self.PREFER_HTTPS = https
        self.SESSION_COOKIE_SECURE = https
        self.REMEMBER_COOKIE_SECURE = https
        self.PREFERRED_URL_SCHEME = "https" if https else "http"

    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Bodies are capped at 20,000 characters; this leaves room for the rest of the form.
    MAX_CONTENT_LENGTH = 256 * 1024
    WTF_CSRF_TIME_LIMIT = None  # a tired member may leave a reply half-written for hours
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 (a method name, not a password)
    THREADS_PER_PAGE = 25
    POSTS_PER_PAGE = 20
    TIPS_PER_PAGE = 25
    MAX_REPLY_DEPTH = 5
    TESTING = False
