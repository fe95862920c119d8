"""Moderators teach the detector: each decision on a queue item is kept as a labelled example."""

from __future__ import annotations

from forum.extensions import db
from forum.models import Member, Post
from moderation.models import LabelledExample
from moderation.rules import findings as f

# Which kind of harm each written guideline stands for (boards may word them a little
# differently, so a guideline matches when one starts with the other).
GUIDELINE_KINDS = {
    f.GUIDELINE_CRISIS: "crisis",
    f.GUIDELINE_EXPERIENCE: "medical",
    f.GUIDELINE_NO_CURES: "medical",
    f.GUIDELINE_PRIVACY: "personal_data",
    f.GUIDELINE_NO_SPAM: "spam",
    f.GUIDELINE_KIND: "abuse",
}


def kind_of_guideline(guideline: str) -> str | None:
    """The kind of harm a guideline names, or None for one the detector does not learn."""
    wording = guideline.strip().lower()
    for written, kind in GUIDELINE_KINDS.items():
        lead = written.lower().rstrip(".")
        if wording and (wording.startswith(lead) or lead.startswith(wording.rstrip("."))):
            return kind
    return None


def learn(post: Post, text: str, kind: str | None, *, source: str, by: Member) -> None:
    """Keep the words with the label the moderator's decision gives them."""
    if kind is None or not text.strip():
        return
    db.session.add(
        LabelledExample(
            board_id=post.thread.board_id,
            post_id=post.id,
            text=text,
            kind=kind,
            source=source,
            decided_by_name=by.username,
        )
    )


def decided_examples() -> list[tuple[str, str]]:
    """Every (text, kind) moderators' decisions taught, oldest first."""
    return [
        (text, kind)
        for text, kind in db.session.execute(
            db.select(LabelledExample.text, LabelledExample.kind).order_by(LabelledExample.id)
        )
    ]
