"""Web forms: field rules and the messages members see when input is not right."""

from __future__ import annotations

import re

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from forum.posting import BODY_MAX, TITLE_MAX, TITLE_MIN
from forum.submissions import new_token
from forum.text import clean_line, clean_text

USERNAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{1,28}[A-Za-z0-9]")
PASSWORD_MIN = 10
RESERVED_USERNAMES = frozenset(
    {"admin", "administrator", "moderator", "mod", "peercircle", "staff", "support", "system"}
)


def username_problem(value: str) -> str | None:
    """Why a username cannot be used, or None when it can."""
    if not USERNAME_PATTERN.fullmatch(value):
        return (
            "Usernames are 3 to 30 letters, digits, dots, dashes or underscores, "
            "starting and ending with a letter or digit."
        )
    if value.lower() in RESERVED_USERNAMES:
        return "That username is reserved. Please choose another."
    return None


class _Username:
    def __call__(self, form: FlaskForm, field: StringField) -> None:
        problem = username_problem(field.data or "")
        if problem:
            raise ValidationError(problem)


def _strip(value: str | None) -> str | None:
    return clean_line(value) if isinstance(value, str) else value


def _body_field(label: str = "Your message") -> TextAreaField:
    return TextAreaField(
        label,
        filters=[clean_text],
        validators=[
            DataRequired("Please write something before posting."),
            Length(max=BODY_MAX, message=f"Posts can be at most {BODY_MAX:,} characters."),
        ],
    )


def _email_field(label: str) -> EmailField:
    return EmailField(
        label,
        filters=[_strip],
        validators=[
            DataRequired("Please give an email address."),
            Email("That email address does not look right."),
            Length(max=254),
        ],
    )


def _password_field(label: str) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            DataRequired("Please choose a password."),
            Length(min=PASSWORD_MIN, max=200, message=f"Use at least {PASSWORD_MIN} characters."),
        ],
    )


def _submit_token_field() -> HiddenField:
    # One token per rendered form: sending the same form twice makes one post, not two.
    return HiddenField(default=new_token)


class RegisterForm(FlaskForm):
    username = StringField(
        "Username (shown publicly)",
        filters=[_strip],
        validators=[DataRequired("Please choose a username."), _Username()],
    )
    email = _email_field("Email (private, never shown to other members)")
    password = _password_field("Password")
    confirm = PasswordField(
        "Password again", validators=[EqualTo("password", "The two passwords do not match.")]
    )


class LoginForm(FlaskForm):
    username = StringField(
        "Username", filters=[_strip], validators=[DataRequired("Please enter your username.")]
    )
    password = PasswordField("Password", validators=[DataRequired("Please enter your password.")])
    remember = BooleanField("Keep me logged in on this device")


class ThreadForm(FlaskForm):
    title = StringField(
        "Title",
        filters=[_strip],
        validators=[
            DataRequired("Please give your thread a title."),
            Length(
                min=TITLE_MIN,
                max=TITLE_MAX,
                message=f"Titles are {TITLE_MIN} to {TITLE_MAX} characters.",
            ),
        ],
    )
    body = _body_field()
    submit_token = _submit_token_field()


class ReplyForm(FlaskForm):
    parent_id = HiddenField()
    body = _body_field("Your reply")
    submit_token = _submit_token_field()


class EditPostForm(FlaskForm):
    title = StringField(
        "Title",
        filters=[_strip],
        validators=[
            Optional(),
            Length(
                min=TITLE_MIN,
                max=TITLE_MAX,
                message=f"Titles are {TITLE_MIN} to {TITLE_MAX} characters.",
            ),
        ],
    )
    body = _body_field()


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        "Current password", validators=[DataRequired("Please enter your current password.")]
    )
    new_password = _password_field("New password")
    confirm = PasswordField(
        "New password again",
        validators=[EqualTo("new_password", "The two passwords do not match.")],
    )


class EmailChangeForm(FlaskForm):
    email = _email_field("New email")
    password_check = PasswordField(
        "Current password", validators=[DataRequired("Please enter your current password.")]
    )


class PrivacyForm(FlaskForm):
    show_boards = BooleanField("Show the boards I have joined on my profile")


class PrivateMessageForm(FlaskForm):
    body = _body_field("Your message")


class CheckInForm(FlaskForm):
    """A moderator's first private message to a member."""

    subject = StringField(
        "Subject",
        filters=[_strip],
        validators=[
            DataRequired("Please give the message a subject."),
            Length(max=150, message="Subjects are at most 150 characters."),
        ],
    )
    body = _body_field("Your message")
