"""Error pages in the site's look, with the right status and a plain explanation."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask.globals import request_ctx
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: ("Something in that request was not right", "Please go back and try again."),
    403: ("You can't do that", "Your account does not have permission for this action."),
    404: ("Page not found", "We could not find that page. It may have been moved or removed."),
    405: ("Not allowed", "That address does not accept this kind of request."),
    413: (
        "That was too large",
        "What you sent is larger than we accept. Please shorten it and try again.",
    ),
    415: ("That could not be read", "Please send this from the form on the page."),
    429: (
        "Please slow down",
        "You have done that too often in a short time. Please wait a little and try again.",
    ),
    500: (
        "Something went wrong on our side",
        "Nothing you did caused this. Please try again in a moment.",
    ),
}


def _render(error: HTTPException):
    code = error.code or 500
    title, default = MESSAGES.get(code, (error.name, error.description))
    detail = error.description if error.description and not _is_stock(error) else default
    page = render_template(
        "error.html", code=code, title=title, detail=detail, bare=not _can_build_urls()
    )
    return page, code


def _can_build_urls() -> bool:
    # A request refused while binding the URL map (an untrusted Host) has no adapter to build
    # links with; its error page is a plain one rather than a second failure.
    return request_ctx.url_adapter is not None


def _is_stock(error: HTTPException) -> bool:
    # Werkzeug's built-in texts are for developers; members get ours.
    return error.description == type(error).description


def _csrf(error: CSRFError):
    detail = (
        "This form expired or was sent from another site, so nothing was saved. "
        "Your words are below: copy them, reload the page you came from, and send them again."
    )
    # Hand the member's words back so a lapsed session never costs them what they wrote.
    kept = {name: request.form.get(name, "") for name in ("title", "body")}
    page = render_template(
        "error.html", code=400, title="The form could not be sent", detail=detail, kept=kept
    )
    return page, 400


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf)
    app.register_error_handler(HTTPException, _render)
