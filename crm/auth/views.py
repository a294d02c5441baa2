"""Sign in, sign out, and one's own account."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from crm import audit
from crm.auth.forms import ChangePasswordForm, LoginForm
from crm.auth.passwords import password_problem, verify_password
from crm.auth.services import LoginRefused, authenticate, set_password
from crm.extensions import db

bp = Blueprint("auth", __name__)


def safe_next(target: str | None) -> str | None:
    """target when it is a path on this site, else None (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    if any(ord(ch) < 32 for ch in target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the sign-in form; sign in with email and password."""
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
            session.clear()  # no session fixation: a fresh session for the signed-in user
            login_user(user)
            session.permanent = True
            db.session.commit()
            return redirect(safe_next(request.args.get("next")) or url_for("main.home"))
    elif request.method == "POST":
        audit.record("login_failed", detail="sign-in form incomplete or invalid")
        error = "Please check the form and try again."
    db.session.commit()
    status = 200 if request.method == "GET" else 401
    return render_template("auth/login.html", form=form, error=error), status


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
