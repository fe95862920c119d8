"""Account pages: joining, logging in and out, and settings."""

from __future__ import annotations

from flask import (
    Blueprint,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy.exc import IntegrityError

from forum import accounts, throttle
from forum.extensions import db
from forum.forms import EmailChangeForm, LoginForm, PasswordChangeForm, PrivacyForm, RegisterForm
from forum.throttle import is_limited, record
from forum.urls import safe_local_path

bp = Blueprint("accounts", __name__)


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("boards.index"))
    form = RegisterForm()
    address = request.remote_addr or "unknown"
    if form.validate_on_submit():
        if is_limited(throttle.JOINS_PER_ADDRESS, address):
            form.username.errors.append(
                "Too many accounts were created from your network recently. Please try again later."
            )
            return render_template("accounts/register.html", form=form), 429
        if accounts.find_member(form.username.data) is not None:
            form.username.errors.append("That username is taken. Please choose another.")
        else:
            member = accounts.register_member(
                username=form.username.data, email=form.email.data, password=form.password.data
            )
            record(throttle.JOINS_PER_ADDRESS, address)
            try:
                db.session.commit()
            except IntegrityError:
                # Someone took the name between our check and the insert.
                db.session.rollback()
                form.username.errors.append("That username is taken. Please choose another.")
                return render_template("accounts/register.html", form=form), 400
            login_user(member)
            flash(
                f"Welcome to PeerCircle, {member.username}. Join the boards for your conditions below.",
                "success",
            )
            return redirect(url_for("boards.index"))
    status = 400 if form.errors else 200
    return render_template("accounts/register.html", form=form), status


@bp.route("/login", methods=["GET", "POST"])
def login():
    home = safe_local_path(request.args.get("next"), url_for("boards.index"))
    if current_user.is_authenticated:
        return redirect(home)
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        address = request.remote_addr or "unknown"
        name_and_address = f"{form.username.data.lower()}|{address}"
        if is_limited(throttle.FAILED_LOGINS_PER_NAME_AND_ADDRESS, name_and_address) or is_limited(
            throttle.FAILED_LOGINS_PER_ADDRESS, address
        ):
            wait = throttle.FAILED_LOGINS_PER_NAME_AND_ADDRESS.wait_text
            form.password.errors.append(
                f"Too many unsuccessful attempts. Please wait {wait} and try again."
            )
            return render_template("accounts/login.html", form=form), 429
        member = accounts.authenticate(form.username.data, form.password.data)
        if member is not None and member.is_active:
            # A fresh session: nothing set before logging in carries over into it.
            session.clear()
            login_user(member, remember=form.remember.data)
            return redirect(home)
        if member is not None:
            # The password was right, so saying why cannot reveal the account to a stranger.
            form.password.errors.append(accounts.suspension_message(member))
            return render_template("accounts/login.html", form=form), 403
        record(throttle.FAILED_LOGINS_PER_NAME_AND_ADDRESS, name_and_address)
        record(throttle.FAILED_LOGINS_PER_ADDRESS, address)
        db.session.commit()
        # One message for every failure, so the form does not reveal who has an account.
        form.password.errors.append("That username and password do not match an active account.")
    if form.errors:
        status = 400
    return render_template("accounts/login.html", form=form), status


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        # A copied session or remember-me cookie carries the old token: it stops working here.
        accounts.end_sessions(current_user)
        db.session.commit()
    logout_user()
    session.clear()
    flash("You are logged out.", "info")
    return redirect(url_for("boards.index"))


@bp.get("/settings")
@login_required
def settings():
    return render_template(
        "accounts/settings.html",
        password_form=PasswordChangeForm(),
        email_form=EmailChangeForm(data={"email": current_user.email}),
        privacy_form=PrivacyForm(data={"show_boards": current_user.show_boards}),
    )


def _settings_page(status: int, **forms):
    defaults = {
        "password_form": PasswordChangeForm(formdata=None),
        "email_form": EmailChangeForm(formdata=None, data={"email": current_user.email}),
        "privacy_form": PrivacyForm(formdata=None, data={"show_boards": current_user.show_boards}),
    }
    defaults.update(forms)
    return render_template("accounts/settings.html", **defaults), status


@bp.post("/settings/password")
@login_required
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        if accounts.password_matches(current_user, form.current_password.data):
            accounts.change_password(current_user, form.new_password.data)
            db.session.commit()
            login_user(current_user)
            flash("Your password is changed. Other devices have been logged out.", "success")
            return redirect(url_for("accounts.settings"))
        form.current_password.errors.append("Your current password is not right.")
    return _settings_page(400, password_form=form)


@bp.post("/settings/email")
@login_required
def change_email():
    form = EmailChangeForm()
    if form.validate_on_submit():
        if accounts.password_matches(current_user, form.password_check.data):
            accounts.change_email(current_user, form.email.data)
            db.session.commit()
            flash("Your email is changed. It stays private.", "success")
            return redirect(url_for("accounts.settings"))
        form.password_check.errors.append("Your current password is not right.")
    return _settings_page(400, email_form=form)


@bp.post("/settings/privacy")
@login_required
def change_privacy():
    form = PrivacyForm()
    if not form.validate_on_submit():
        return _settings_page(400, privacy_form=form)
    accounts.set_boards_shown(current_user, bool(form.show_boards.data))
    db.session.commit()
    shown = "others can see" if current_user.show_boards else "only you can see"
    flash(f"Saved: {shown} the boards you have joined.", "success")
    return redirect(url_for("accounts.settings"))


@bp.post("/settings/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    accounts.end_sessions(current_user)
    db.session.commit()
    logout_user()
    flash("You are logged out on every device.", "info")
    return redirect(url_for("accounts.login"))
