"""Moderation forms: decisions with their reasons, flags, member sanctions, board settings and rules."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from forum.posting import BODY_MAX
from forum.seeding import COMMON_GUIDELINES
from forum.text import clean_line, clean_text
from moderation.rules import Action

GUIDELINES_MAX = BODY_MAX


def _line(value):
    return clean_line(value) if isinstance(value, str) else value


class DecisionForm(FlaskForm):
    note = StringField("Note for the log (optional)", filters=[_line], validators=[Length(max=500)])


class RemoveForm(FlaskForm):
    guideline = SelectField(
        "Guideline it breaks", validators=[DataRequired("Choose the guideline.")]
    )
    message = TextAreaField(
        "Message to the author (optional)", filters=[clean_text], validators=[Length(max=1000)]
    )


class EditApproveForm(FlaskForm):
    body = TextAreaField(
        "Post text",
        filters=[clean_text],
        validators=[DataRequired("The post cannot be empty."), Length(max=BODY_MAX)],
    )
    note = StringField(
        "Why you edited it (for the log)", filters=[_line], validators=[Length(max=500)]
    )


class FlagForm(FlaskForm):
    guideline = RadioField(
        "Which guideline does this post break?", validators=[DataRequired("Choose a guideline.")]
    )
    note = TextAreaField(
        "Anything moderators should know (needed for “Something else”)",
        filters=[clean_text],
        validators=[Length(max=500, message="Please keep the note under 500 characters.")],
    )


def _in_words(form, field) -> None:
    """A reason the member can read: not just punctuation or invisible characters."""
    if field.data and not any(ch.isalnum() for ch in field.data):
        raise ValidationError("Give the member a reason in words.")


class SanctionForm(FlaskForm):
    """Every sanction, and lifting one, carries a reason the member sees and the log keeps."""

    days = IntegerField(
        "For how many days (empty: until lifted, suspensions only)",
        validators=[Optional(), NumberRange(min=1, max=3650, message="Between 1 and 3650 days.")],
    )
    reason = StringField(
        "Reason (the member sees it)",
        filters=[_line],
        validators=[DataRequired("Give the member a reason."), _in_words, Length(max=500)],
    )


class MoveForm(FlaskForm):
    board = SelectField("Move to board", validators=[DataRequired()])
    reason = StringField("Reason (for the log)", filters=[_line], validators=[Length(max=500)])


_guidelines_length = Length(
    max=GUIDELINES_MAX, message=f"Keep guidelines under {GUIDELINES_MAX:,} characters."
)


class GuidelinesForm(FlaskForm):
    guidelines = TextAreaField(
        "Guidelines (Markdown)", filters=[clean_text], validators=[_guidelines_length]
    )


class ModeratorForm(FlaskForm):
    username = StringField(
        "Username of the member",
        filters=[_line],
        validators=[DataRequired("Write the member's username."), Length(max=30)],
    )


class BoardForm(FlaskForm):
    name = StringField(
        "Board name",
        filters=[_line],
        validators=[
            DataRequired("Give the board a name."),
            Length(max=80, message="Keep the name under 80 characters."),
        ],
    )
    slug = StringField(
        "Web address (optional: made from the name when empty)",
        filters=[_line],
        validators=[Optional(), Length(max=60, message="Keep the address under 60 characters.")],
    )
    description = StringField(
        "Short description",
        filters=[_line],
        validators=[Length(max=300, message="Keep the description under 300 characters.")],
    )
    guidelines = TextAreaField(
        "Guidelines (Markdown)",
        filters=[clean_text],
        default=COMMON_GUIDELINES,
        validators=[_guidelines_length],
    )


WORD_ACTIONS = [
    SelectChoice(Action.BLOCK.value, "Block: refuse the post and ask the author to reword it"),
    SelectChoice(Action.HOLD.value, "Hold: a moderator reviews the post before others see it"),
    SelectChoice(Action.FLAG.value, "Flag: publish, and queue it for a moderator to look at"),
    SelectChoice(Action.MASK.value, "Mask: publish with the word shown as ***"),
]


class WordForm(FlaskForm):
    pattern = StringField(
        "Word or phrase to watch for",
        filters=[_line],
        validators=[
            DataRequired("Write the word or phrase to watch for."),
            Length(max=200, message="Keep the word or phrase under 200 characters."),
        ],
    )
    action = SelectField(
        "What happens to a post that uses it",
        choices=WORD_ACTIONS,
        default=Action.HOLD.value,
        validators=[DataRequired("Choose what happens to the post.")],
    )
    guideline = StringField(
        "Guideline it enforces (moderators see it with the post)",
        filters=[_line],
        default="Be kind.",
        validators=[Length(max=200, message="Keep the guideline under 200 characters.")],
    )


class CrisisSwitchOffForm(FlaskForm):
    """Switching off the crisis check: an administrator confirms it and says why, for the log."""

    confirm = BooleanField(
        "I understand that members who write about suicide or self-harm may no longer be shown "
        "crisis resources, and their posts may no longer go first in the queue.",
        validators=[
            DataRequired("Tick the box to confirm you mean to switch the crisis check off.")
        ],
    )
    reason = StringField(
        "Why are you switching it off? (kept in the moderation log)",
        filters=[_line],
        validators=[
            DataRequired("Give the reason for switching the crisis check off."),
            Length(max=500, message="Keep the reason under 500 characters."),
        ],
    )

    def validate_reason(self, field) -> None:
        if field.data and not any(ch.isalnum() for ch in field.data):
            raise ValidationError("Give the reason in words.")
