"""Requests refused before they can reach code that trusts them.

A Host header no URL can be built for is answered before routing (Werkzeug binds the URL map to
it, and an over-long label fails there, before any view or error handler can help). A body that
is not a form is refused before a form reads it: Flask-WTF would otherwise build form data from
any JSON document, of any depth and with values of any type.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable
from functools import cached_property

from flask import Flask, Request, request
from markupsafe import escape
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.exceptions import NotFound, RequestEntityTooLarge, UnsupportedMediaType

from forum.views.errors import MESSAGES

# One DNS label: letters, digits, hyphens (and underscores, which some internal names use).
_LABEL = re.compile(r"[A-Za-z0-9_-]{1,63}")
_PORT = re.compile(r"[0-9]{1,5}")
MAX_HOST_NAME = 253

# What our HTML forms send; no route reads JSON or any other body.
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

BAD_HOST_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{title} · PeerCircle</title></head>
<body><main><h1>{title}</h1><p>{detail}</p><p>Error 400</p></main></body>
</html>
"""


def valid_host(host: str) -> bool:
    """A Host header of a name (or IP address) and an optional port, that URLs can be built for."""
    name, port = host, ""
    if host.startswith("["):
        name, bracket, rest = host[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            return False
        port = rest[1:]
        try:
            ipaddress.IPv6Address(name)
        except ValueError:
            return False
    else:
        if ":" in host:
            name, _, port = host.rpartition(":")
        labels = name[:-1].split(".") if name.endswith(".") else name.split(".")
        if len(name) > MAX_HOST_NAME or not all(_LABEL.fullmatch(label) for label in labels):
            return False
    if port or host.endswith(":"):
        return bool(_PORT.fullmatch(port)) and int(port) <= 65535
    return True


class HostGuard:
    """WSGI middleware: a malformed Host header gets a plain 400 page, built without any URL."""

    def __init__(self, wsgi_app: Callable) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        host = environ.get("HTTP_HOST")
        if host and not valid_host(host):
            title, detail = MESSAGES[400]
            body = BAD_HOST_PAGE.format(title=escape(title), detail=escape(detail)).encode()
            start_response(
                "400 Bad Request",
                [
                    ("Content-Type", "text/html; charset=utf-8"),
                    ("Content-Length", str(len(body))),
                    ("Cache-Control", "no-store"),
                    ("X-Content-Type-Options", "nosniff"),
                    ("Content-Security-Policy", "default-src 'none'"),
                ],
            )
            return [body]
        return self.wsgi_app(environ, start_response)


def refuse_bodies_that_are_not_forms() -> None:
    """415 for a body our forms never send (JSON, text, XML...), before CSRF or a form reads it."""
    if request.method not in BODY_METHODS:
        return
    limit = request.max_content_length
    if limit is not None and (request.content_length or 0) > limit:
        raise RequestEntityTooLarge()  # whatever its type: too large is the first thing to say
    if request.mimetype in FORM_TYPES:
        return
    if (
        not request.mimetype
        and not request.content_length
        and "chunked" not in request.headers.get("Transfer-Encoding", "")
    ):
        return  # an empty body: nothing to misread
    raise UnsupportedMediaType("Please send this from the form on the page.")


def refuse_nul_in_the_path() -> None:
    """No page's address holds a NUL character, and PostgreSQL refuses one in any text value,
    so a slug or name with one would fail the lookup. (Query and form values lose theirs:
    NulFreeRequest.)"""
    if "\x00" in request.path:
        raise NotFound()


def _without_nul(values: MultiDict) -> ImmutableMultiDict:
    return ImmutableMultiDict(
        (key.replace("\x00", ""), value.replace("\x00", "") if isinstance(value, str) else value)
        for key, value in values.items(multi=True)
    )


class NulFreeRequest(Request):
    """Query and form values with NUL characters taken out before any page reads them.

    No browser sends one, members never mean one, and PostgreSQL refuses one in any text
    value: a NUL in a board slug, a name or a filter answered with a 500 there.
    """

    @cached_property
    def args(self) -> ImmutableMultiDict:
        return _without_nul(super().args)

    def _load_form_data(self) -> None:
        super()._load_form_data()
        self.__dict__["form"] = _without_nul(self.__dict__["form"])


def init_app(app: Flask) -> None:
    app.request_class = NulFreeRequest
    app.wsgi_app = HostGuard(app.wsgi_app)
    # First of all request hooks, so nothing (not even the CSRF check) parses a refused body.
    hooks = app.before_request_funcs.setdefault(None, [])
    hooks.insert(0, refuse_nul_in_the_path)
    hooks.insert(0, refuse_bodies_that_are_not_forms)
