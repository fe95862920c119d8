"""Moderation forms: decisions with their reasons, flags, and member sanctions."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from forum.posting import BODY_MAX
from forum.text import clean_line, clean_text


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
