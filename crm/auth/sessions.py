"""Session limits and the half-finished two-step sign-in, both kept in the signed session cookie.

A session ends after SESSION_IDLE_MINUTES without a request and SESSION_ABSOLUTE_HOURS after signing in. Both
times are in the session, which the browser can read but not change (it is signed), and are judged here on the
server at every request: an old cookie replayed later is refused even though the browser would still send it.
Files under /static and the health check neither count as activity nor end a session.
"""

from __future__ import annotations

import hmac
from typing import NamedTuple

from flask import current_app, flash, redirect, request, session, url_for
from flask_login import current_user, logout_user

from crm import audit
from crm.auth import clock
from crm.extensions import db
from crm.forms import parse_id
from crm.models import User

SIGNED_IN_AT = "signed_in_at"
SEEN_AT = "seen_at"
PENDING = "two_step_pending"
PENDING_SECONDS = 5 * 60  # time to type the code after the password was accepted
NOT_ACTIVITY = frozenset({"static", "main.health"})


def start() -> None:
    """Note the moment of signing in (call right after login_user)."""
    session[SIGNED_IN_AT] = session[SEEN_AT] = int(clock.now())


def expired_limit(signed_in_at, seen_at, at: float, *, idle_seconds: int, absolute_seconds: int) -> str | None:
    """Which limit a session has passed at the moment at: "absolute", "idle", or None while it may go on."""
    if not isinstance(signed_in_at, int) or not isinstance(seen_at, int):
        return "absolute"  # a session from before the limits, or a damaged one: sign in again
    if at - signed_in_at > absolute_seconds:
        return "absolute"
    if at - seen_at > idle_seconds:
        return "idle"
    return None


def check_session_age():
    """Before each request: sign out a session past a limit; otherwise note this request as its last activity."""
    if request.endpoint in NOT_ACTIVITY or not current_user.is_authenticated:
        return None
    config = current_app.config
    at = clock.now()
    limit = expired_limit(session.get(SIGNED_IN_AT), session.get(SEEN_AT), at,
                          idle_seconds=config["SESSION_IDLE_MINUTES"] * 60,
                          absolute_seconds=config["SESSION_ABSOLUTE_HOURS"] * 3600)
    if limit is None:
        session[SEEN_AT] = int(at)
        return None
    return _sign_out(limit)


def _sign_out(limit: str):
    config = current_app.config
    audit.record_refusal("session_expired", "user", current_user.id, detail=f"{limit} limit")
    logout_user()
    session.clear()
    if limit == "idle":
        message = f"You were signed out after {_amount(config['SESSION_IDLE_MINUTES'], 'minute')} without activity."
    else:
        message = (f"You were signed out because you signed in more than "
                   f"{_amount(config['SESSION_ABSOLUTE_HOURS'], 'hour')} ago.")
    flash(message + " Please sign in again.", "info")
    come_back = request.method == "GET" and not is_htmx() and not (request.endpoint or "").startswith("auth.")
    return redirect_page(url_for("auth.login", next=request.full_path.rstrip("?") if come_back else None))


def _amount(number: int, unit: str) -> str:
    return f"{number} {unit}" + ("" if number == 1 else "s")


def is_htmx() -> bool:
    """True for a request htmx made to fetch part of a page."""
    return request.headers.get("HX-Request") == "true"


def redirect_page(target: str):
    """Send the browser to target; an htmx request is told to load it as a whole page (HX-Redirect)."""
    if is_htmx():
        response = current_app.response_class(status=200)
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target)


class Pending(NamedTuple):
    """A sign-in whose password was accepted, waiting for the code from the authenticator app."""

    user: User
    next_url: str | None


def begin_second_step(user: User, next_url: str | None) -> None:
    """Remember in the session that user's password was accepted; nobody is signed in yet."""
    session[PENDING] = {"user_id": user.id, "token": user.session_token, "at": int(clock.now()), "next": next_url}


def pending_second_step() -> Pending | None:
    """The sign-in waiting for its code in this session, or None (and forgotten) when stale or absent."""
    state = session.get(PENDING)
    if not isinstance(state, dict):
        return None
    started = state.get("at")
    fresh = isinstance(started, int) and 0 <= clock.now() - started <= PENDING_SECONDS
    user_id = parse_id(state.get("user_id")) if fresh else None
    user = db.session.get(User, user_id) if user_id else None
    token = str(state.get("token") or "")
    if user is None or not user.active or not hmac.compare_digest(user.session_token, token):
        session.pop(PENDING, None)
        return None
    next_url = state.get("next")
    return Pending(user, next_url if isinstance(next_url, str) else None)
