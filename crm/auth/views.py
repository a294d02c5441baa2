"""Sign in (with the code step of two-step sign-in) and out, and one's own account."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from crm import audit
from crm.auth import sessions
from crm.auth.forms import ChangePasswordForm, CodeForm, LoginForm, TurnOffTwoStepForm
from crm.auth.passwords import password_problem, verify_password
from crm.auth.services import LoginRefused, SignInPaused, authenticate, finish_sign_in, set_password
from crm.auth.totp import grouped, qr_svg, set_up_uri
from crm.auth.two_step import (
    TwoStepError,
    begin_set_up,
    check_sign_in_code,
    confirm_set_up,
    must_set_up,
    required_for,
    set_up_pending,
    turn_off,
)
from crm.extensions import db
from crm.forms import ConfirmForm
from crm.models import User

bp = Blueprint("auth", __name__)


def safe_next(target: str | None) -> str | None:
    """target when it is a path on this site, else None (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    if any(ord(ch) < 32 for ch in target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def _signed_in(user: User, next_url: str | None):
    """Complete a sign-in in a fresh session (no session fixation) and go where the user was heading."""
    finish_sign_in(user)
    session.clear()
    login_user(user)
    session.permanent = True
    sessions.start()
    db.session.commit()
    return redirect(safe_next(next_url) or url_for("main.home"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the sign-in form; sign in with email and password (then a code, with two-step sign-in)."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        try:
            user = authenticate(form.email.data, form.password.data)
        except LoginRefused as refused:
            error = str(refused)
        else:
            next_url = safe_next(request.args.get("next"))
            if not user.two_step_on:
                return _signed_in(user, next_url)
            session.clear()
            sessions.begin_second_step(user, next_url)
            db.session.commit()
            return redirect(url_for("auth.login_code"))
    elif request.method == "POST":
        audit.record("login_failed", detail="sign-in form incomplete or invalid")
        error = "Please check the form and try again."
    db.session.commit()
    status = 200 if request.method == "GET" else 401
    return render_template("auth/login.html", form=form, error=error), status


@bp.route("/login/code", methods=["GET", "POST"])
def login_code():
    """The second step of signing in: the 6-digit code from the authenticator app, within 5 minutes."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    waiting = sessions.PENDING in session
    pending = sessions.pending_second_step()
    if pending is None:
        if waiting:
            flash("More than 5 minutes passed since you typed your password. Please sign in again.", "info")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    error = None
    if form.validate_on_submit():
        try:
            check_sign_in_code(pending.user, form.code.data)
        except SignInPaused as paused:
            session.pop(sessions.PENDING, None)
            db.session.commit()
            flash(str(paused), "warning")
            return redirect(url_for("auth.login"))
        except LoginRefused as refused:
            error = str(refused)
        else:
            return _signed_in(pending.user, pending.next_url)
    elif request.method == "POST" and not form.code.errors:
        error = "Please check the form and try again."
    db.session.commit()
    status = 200 if request.method == "GET" else 401
    return render_template("auth/login_code.html", form=form, error=error), status


@bp.post("/logout")
def logout():
    """Sign out and clear what the browser kept of this site."""
    audit.record("logout", "user", current_user.id)
    db.session.commit()
    logout_user()
    session.clear()
    flash("You have signed out.", "success")
    response = redirect(url_for("auth.login"))
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@bp.get("/account")
def account():
    """One's own account details and the change-password form."""
    return render_template("auth/account.html", form=ChangePasswordForm())


@bp.post("/account/password")
def change_password():
    """Change one's own password; every other session of this account ends."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        if not verify_password(user.password_hash, form.current_password.data):
            form.current_password.errors.append("That is not your current password.")
        elif problem := password_problem(form.new_password.data, email=user.email, name=user.name):
            form.new_password.errors.append(problem)
        else:
            set_password(user, form.new_password.data)
            audit.record("update", "user", user.id, fields=["password"])
            db.session.commit()
            login_user(user)  # this session carries on with the new token
            flash("Your password has been changed. You have been signed out everywhere else.", "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/account.html", form=form), 400


def _two_step_page(code_form: CodeForm, off_form: TurnOffTwoStepForm, status: int = 200):
    user = current_user
    return render_template(
        "auth/two_step.html", code_form=code_form, off_form=off_form, start_form=ConfirmForm(),
        secret=grouped(user.totp_secret) if set_up_pending(user) else None,
        required=required_for(user), forced=must_set_up(user),
    ), status


@bp.get("/account/two-step")
def two_step():
    """Set up, or turn off, one's own two-step sign-in."""
    return _two_step_page(CodeForm(), TurnOffTwoStepForm())


@bp.post("/account/two-step/start")
def two_step_start():
    """Make a new key to add to the authenticator app; two-step sign-in is on once a code confirms it."""
    if not ConfirmForm().validate_on_submit():
        flash("The form had expired. Please try again.", "warning")
        return redirect(url_for("auth.two_step"))
    try:
        begin_set_up(current_user._get_current_object())
    except TwoStepError as error:
        flash(str(error), "info")
    else:
        db.session.commit()
    return redirect(url_for("auth.two_step"))


@bp.get("/account/two-step/qr.svg")
def two_step_qr():
    """The set-up QR code: it holds the key, so it exists only while set-up is unconfirmed and is never cached."""
    user = current_user
    if not set_up_pending(user):
        abort(404)
    uri = set_up_uri(user.totp_secret, user.email, current_app.config["TOTP_ISSUER"])
    return current_app.response_class(qr_svg(uri), mimetype="image/svg+xml")  # no-store: crm.security


@bp.post("/account/two-step/confirm")
def two_step_confirm():
    """Turn two-step sign-in on with a code from the new key; every other session ends."""
    form = CodeForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            confirm_set_up(user, form.code.data)
        except TwoStepError as error:
            form.code.errors.append(str(error))
        else:
            db.session.commit()
            login_user(user)  # this session carries on with the new token
            flash("Two-step sign-in is on: from now on, signing in asks for a code from your app.", "success")
            return redirect(url_for("auth.account"))
    return _two_step_page(form, TurnOffTwoStepForm(), 400)


@bp.post("/account/two-step/off")
def two_step_off():
    """Turn one's own two-step sign-in off, with the password and a current code."""
    form = TurnOffTwoStepForm()
    if form.validate_on_submit():
        try:
            turn_off(current_user._get_current_object(), form.password.data, form.code.data)
        except TwoStepError as error:
            getattr(form, error.field).errors.append(str(error))
        else:
            db.session.commit()
            flash("Two-step sign-in is off: signing in asks only for your password.", "success")
            return redirect(url_for("auth.account"))
    return _two_step_page(CodeForm(), form, 400)
