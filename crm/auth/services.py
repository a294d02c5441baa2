"""Signing in and out, throttling, and password changes."""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from crm import audit
from crm.auth.passwords import dummy_verify, hash_password, needs_rehash, verify_password
from crm.extensions import db
from crm.models import LoginFailure, User
from crm.models.types import utcnow
from crm.models.user import new_session_token

GENERIC_LOGIN_ERROR = "That email address and password do not match an active account."


class LoginRefused(Exception):
    """The sign-in was refused; the message is safe to show."""


def normalise_email(email: str) -> str:
    """The form of an email address used to find an account."""
    return (email or "").strip().lower()


def _failure_key(email: str) -> str:
    # Keyed by an HMAC of what was typed, so the table never holds a mistyped password typed as an email.
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, normalise_email(email)[:320].encode(), hashlib.sha256).hexdigest()


def _recent_failures(key: str) -> int:
    window = timedelta(seconds=current_app.config["LOGIN_FAILURE_WINDOW_SECONDS"])
    query = select(func.count()).select_from(LoginFailure).where(
        LoginFailure.key_hash == key, LoginFailure.at > utcnow() - window
    )
    return db.session.scalar(query) or 0


def authenticate(email: str, password: str) -> User:
    """Return the active user with these credentials, or raise LoginRefused; every outcome is audited."""
    key = _failure_key(email)
    if _recent_failures(key) >= current_app.config["LOGIN_MAX_FAILURES"]:
        audit.record("login_throttled", detail="too many failed attempts for this account name")
        minutes = max(1, current_app.config["LOGIN_FAILURE_WINDOW_SECONDS"] // 60)
        raise LoginRefused(
            f"Too many failed attempts. For your security, signing in to this account is paused; "
            f"please try again in {minutes} minutes."
        )
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        dummy_verify(password)
    if user is None or not verify_password(user.password_hash, password) or not user.active:
        db.session.add(LoginFailure(key_hash=key))
        audit.record("login_failed", "user", user.id if user else None,
                     detail="wrong password, unknown or inactive account")
        raise LoginRefused(GENERIC_LOGIN_ERROR)
    db.session.execute(delete(LoginFailure).where(LoginFailure.key_hash == key))
    prune_login_failures()  # keep the table to the throttling window
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    audit.record("login", "user", user.id, user=user)
    return user


def set_password(user: User, new_password: str) -> None:
    """Store a new password and end every session the user has open."""
    user.password_hash = hash_password(new_password)
    user.password_changed_at = utcnow()
    end_sessions(user)


def end_sessions(user: User) -> None:
    """Invalidate every browser session of user by rotating their session token."""
    user.session_token = new_session_token()


def prune_login_failures() -> int:
    """Delete failures older than the throttling window; return how many."""
    window = timedelta(seconds=current_app.config["LOGIN_FAILURE_WINDOW_SECONDS"])
    result = db.session.execute(delete(LoginFailure).where(LoginFailure.at < utcnow() - window))
    return result.rowcount or 0
