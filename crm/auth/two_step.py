"""Two-step sign-in: setting it up, turning it off, an admin's reset, and the code asked for at sign-in."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import or_, update
from sqlalchemy.orm.attributes import set_committed_value

from crm import audit
from crm.auth import clock, totp
from crm.auth.passwords import verify_password
from crm.auth.services import LoginRefused, end_sessions, failure_key, note_failure, refuse_if_throttled
from crm.extensions import db
from crm.models import User
from crm.models.types import utcnow

WRONG_CODE = "That code is not right, or it has been used already. Enter the newest 6-digit code from your app."


class TwoStepError(Exception):
    """A two-step sign-in change was refused; field names the form field, the message is safe to show."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def required_for(user: User) -> bool:
    """True when this user's role must use two-step sign-in (administrators, unless configured off)."""
    return user.role == "admin" and current_app.config["TOTP_REQUIRED_FOR_ADMINS"]


def must_set_up(user: User) -> bool:
    """True when the user must set up two-step sign-in before using anything else."""
    return required_for(user) and not user.two_step_on


def set_up_pending(user: User) -> bool:
    """True while a set-up has been started (a secret shown) but not yet confirmed with a code."""
    return user.totp_secret is not None and user.totp_enabled_at is None


def begin_set_up(user: User) -> None:
    """Give the user a new secret to add to their app; two-step sign-in is on only once a code confirms it."""
    if user.two_step_on:
        raise TwoStepError("code", "Two-step sign-in is already on.")
    user.totp_secret = totp.new_secret()
    user.totp_last_counter = None


def confirm_set_up(user: User, code: str) -> None:
    """Turn two-step sign-in on when code comes from the new secret; every other session ends."""
    if not set_up_pending(user):
        raise TwoStepError("code", "Start the set-up again: press “Set up two-step sign-in”.")
    counter = totp.matching_counter(user.totp_secret, code, clock.now(), None)
    if counter is None:
        raise TwoStepError("code", "That code does not match. Check that the app shows this account, "
                                   "then enter the newest 6-digit code.")
    user.totp_enabled_at = utcnow()
    user.totp_last_counter = counter
    end_sessions(user)  # sessions opened with the password alone end here
    audit.record("totp_enabled", "user", user.id)


def turn_off(user: User, password: str, code: str) -> None:
    """Turn one's own two-step sign-in off, with the password and a current code (not while required)."""
    if required_for(user):
        raise TwoStepError("code", "Administrators must keep two-step sign-in on.")
    if not user.two_step_on:
        raise TwoStepError("code", "Two-step sign-in is already off.")
    if not verify_password(user.password_hash, password):
        raise TwoStepError("password", "That is not your password.")
    if not use_code(user, code):
        raise TwoStepError("code", WRONG_CODE)
    _forget(user)
    audit.record("totp_disabled", "user", user.id)


def reset(user: User) -> None:
    """An administrator turns a staff member's two-step sign-in off (a lost phone); their sessions end."""
    _forget(user)
    end_sessions(user)
    audit.record("totp_reset", "user", user.id)


def _forget(user: User) -> None:
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_counter = None


def use_code(user: User, code: str) -> bool:
    """True when code is a current code of the user's that was never used; it cannot be used again."""
    counter = totp.matching_counter(user.totp_secret, code, clock.now(), user.totp_last_counter)
    if counter is None:
        return False
    # Claimed in one conditional UPDATE, so two requests racing with the same code cannot both succeed.
    claimed = db.session.execute(
        update(User)
        .where(User.id == user.id,
               or_(User.totp_last_counter.is_(None), User.totp_last_counter < counter))
        .values(totp_last_counter=counter)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        return False
    set_committed_value(user, "totp_last_counter", counter)  # the row already has it
    return True


def check_sign_in_code(user: User, code: str) -> None:
    """The second step of signing in: raise LoginRefused (counted like a wrong password) unless code is good."""
    key = failure_key(user.email)
    refuse_if_throttled(key)
    if not user.active or not user.two_step_on or not use_code(user, code):
        note_failure(key)
        audit.record("login_second_step_failed", "user", user.id, user=user, detail="wrong or already used code")
        raise LoginRefused(WRONG_CODE)
