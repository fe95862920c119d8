"""HTML views: each reads its input, calls one domain verb, commits once and redirects.

The domain verbs and read functions they call live at the top of `forum/`, where the command
line, the plug-ins and a later JSON API share them.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from forum.views import accounts, boards, errors, inbox, members, messages, threads, tips

    for module in (accounts, boards, threads, tips, members, inbox, messages):
        app.register_blueprint(module.bp)
    errors.init_app(app)
