"""The flow every writing form shares, and telling the author what became of their words."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, render_template, request
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup
from sqlalchemy.exc import IntegrityError

from forum.extensions import db
from forum.hooks import Decision, Verdict
from forum.posting import PublishRefused
from forum.rendering import render_markdown
from forum.submissions import earlier_submission, record_submission

# The id of the messages at the top of every page (base.html).
NOTICES_ANCHOR = "messages"


def handle_composer(
    form: FlaskForm,
    publish: Callable[[], tuple[Any, Verdict]],
    *,
    done: Callable[[Any], str],
    published: str,
    held: str,
    template: str,
    **context: Any,
):
    """Validate, publish, commit once and redirect; otherwise show the form again, text intact.

    A refusal or a preview re-renders the form with the member's words, the reasons or the
    rendered preview; a validation problem answers 400.
    """
    status = 200
    if form.validate_on_submit() and not wants_preview():
        token = getattr(form, "submit_token", None) and form.submit_token.data
        earlier = earlier_submission(current_user.id, token)
        if earlier:
            flash("That was already posted: here it is.", "info")
            return redirect(earlier)
        try:
            result, verdict = publish()
        except PublishRefused as refused:
            db.session.rollback()
            form.body.errors.extend(refused.verdict.reasons)
            _flash_notices(refused.verdict)
            status = refused.verdict.status
        else:
            target = done(result)
            record_submission(current_user.id, token, target)
            try:
                db.session.commit()
            except IntegrityError:
                # The same form, retried while the first one was being saved.
                db.session.rollback()
                earlier = earlier_submission(current_user.id, token)
                if not earlier:
                    raise
                flash("That was already posted: here it is.", "info")
                return redirect(earlier)
            announce_verdict(verdict, published=published, held=held)
            return redirect(_where_notices_show(target, verdict))
    if form.errors and status == 200:
        status = 400
    return render_template(template, form=form, preview=preview_of(form), **context), status


def _where_notices_show(target: str, verdict: Verdict) -> str:
    """Land at the top of the page when there is something the author must see (crisis
    resources): jumping to the new post would leave them screens above, out of sight."""
    if not verdict.notices:
        return target
    return target.split("#", 1)[0] + f"#{NOTICES_ANCHOR}"


def announce_verdict(verdict: Verdict, *, published: str, held: str) -> None:
    """Flash the checks' notices (crisis resources first), then whether the post is out or awaits review."""
    _flash_notices(verdict)
    for remark in verdict.remarks:
        flash(remark, "info")
    if verdict.decision == Decision.HOLD:
        reasons = " ".join(verdict.reasons)
        flash(
            f"{held} A moderator will review it before others can see it. {reasons}".strip(), "info"
        )
    elif verdict.decision == Decision.PUBLISH:
        flash(published, "success")


def _flash_notices(verdict: Verdict) -> None:
    for notice in verdict.notices:
        flash(notice, "urgent")


def wants_preview() -> bool:
    """The member pressed Preview: show the rendered post and keep the form, save nothing."""
    return request.method == "POST" and "preview" in request.form


def preview_of(form: FlaskForm) -> Markup | None:
    """The post as it will look, when a valid form asked for a preview."""
    if wants_preview() and not form.errors and form.body.data:
        return Markup(render_markdown(form.body.data))  # noqa: S704 (sanitized by render_markdown)
    return None
