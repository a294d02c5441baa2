"""Signing in and out, throttling, and password changes."""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from crm import audit
from crm.auth.passwords import dummy_verify, hash_password, needs_rehash, verify_password
from crm.database import reading
from crm.extensions import db
from crm.models import LoginFailure, User
from crm.models.types import utcnow
from crm.models.user import new_session_token

GENERIC_LOGIN_ERROR = "That email address and password do not match an active account."


class LoginRefused(Exception):
    """The sign-in was refused; the message is safe to show."""


class SignInPaused(LoginRefused):
    """Too many failed attempts for this account name: signing in is paused for the throttling window."""


def normalise_email(email: str) -> str:
    """The form of an email address used to find an account."""
    return (email or "").strip().lower()


def failure_key(email: str) -> str:
    """The throttling key of an account name: wrong passwords and wrong codes for it count together."""
    # Keyed by an HMAC of what was typed, so the table never holds a mistyped password typed as an email.
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, normalise_email(email)[:320].encode(), hashlib.sha256).hexdigest()


def _recent_failures(key: str) -> int:
    window = timedelta(seconds=current_app.config["LOGIN_FAILURE_WINDOW_SECONDS"])
    query = select(func.count()).select_from(LoginFailure).where(
        LoginFailure.key_hash == key, LoginFailure.at > utcnow() - window
    )
    return db.session.scalar(query) or 0


def refuse_if_throttled(key: str) -> None:
    """Raise SignInPaused (and audit it) when the account name has too many recent failures."""
    if _recent_failures(key) >= current_app.config["LOGIN_MAX_FAILURES"]:
        audit.record("login_throttled", detail="too many failed attempts for this account name")
        minutes = max(1, current_app.config["LOGIN_FAILURE_WINDOW_SECONDS"] // 60)
        raise SignInPaused(
            f"Too many failed attempts. For your security, signing in to this account is paused; "
            f"please try again in {minutes} minutes."
        )


def note_failure(key: str) -> None:
    """Count one failed attempt (a wrong password or a wrong code) against the account name."""
    db.session.add(LoginFailure(key_hash=key))


def authenticate(email: str, password: str) -> User:
    """Return the active user with these credentials, or raise LoginRefused; refusals are audited.

    A correct password is only the first step: ``finish_sign_in`` completes it (after the code from an
    authenticator app, for a user with two-step sign-in), so failures are forgotten only then.
    """
    key = failure_key(email)
    # The checks only read, and the password hash costs ~0.2 s: on SQLite, in a transaction of their own that
    # holds no write lock, so that every other request's writes (and every other sign-in) need not wait.
    with reading(db.session):
        refuse_if_throttled(key)
        user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
        if user is None:
            dummy_verify(password)
        accepted = user is not None and verify_password(user.password_hash, password) and user.active
    if not accepted:
        note_failure(key)
        audit.record("login_failed", "user", user.id if user else None,
                     detail="wrong password, unknown or inactive account")
        raise LoginRefused(GENERIC_LOGIN_ERROR)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def finish_sign_in(user: User) -> None:
    """Record a completed sign-in: forget the account's failed attempts, note the time, audit it."""
    db.session.execute(delete(LoginFailure).where(LoginFailure.key_hash == failure_key(user.email)))
    prune_login_failures()  # keep the table to the throttling window
    user.last_login_at = utcnow()
    audit.record("login", "user", user.id, user=user)


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
