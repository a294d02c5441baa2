"""Staff sign-in (Flask-Login); before every request: the session limits, the access policy, the two-step gate."""

from __future__ import annotations

import hmac
from datetime import timedelta

from flask import Flask, abort, request, url_for
from flask_login import current_user

from crm import audit, policy
from crm.auth import sessions, two_step
from crm.extensions import db, login_manager
from crm.forms import parse_id
from crm.models import User


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """Load the signed-in user from "id:token"; a stale token or a deactivated account ends the session."""
    raw_id, _, token = (session_id or "").partition(":")
    user_id = parse_id(raw_id)
    if user_id is None or not token:
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.active or not hmac.compare_digest(user.session_token, token):
        return None
    return user


def enforce_policy():
    """Refuse the request unless the policy table allows the current user to call this endpoint."""
    endpoint = request.endpoint
    if endpoint is None:  # no such URL: routing answers 404 or 405 next
        return None
    rule = policy.rule_for(endpoint)
    if rule is not None and rule.public:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if rule is None or not rule.allows(current_user):
        audit.record_refusal("denied", "endpoint", endpoint, detail=f"{request.method} {endpoint}")
        abort(403)
    return None


def require_two_step_set_up():
    """Send a signed-in user who must set up two-step sign-in to its set-up page, whatever they asked for."""
    if request.endpoint in policy.TWO_STEP_SET_UP_ENDPOINTS or not current_user.is_authenticated:
        return None
    if not two_step.must_set_up(current_user):
        return None
    return sessions.redirect_page(url_for("auth.two_step"))


def init_app(app: Flask) -> None:
    """Configure Flask-Login and install the session limits, the policy check and the two-step set-up gate."""
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to see that page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    # The cookie (and its signature's validity) lasts as long as the absolute limit; the server checks both limits.
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=app.config["SESSION_ABSOLUTE_HOURS"])
    app.before_request(sessions.check_session_age)
    app.before_request(enforce_policy)
    app.before_request(require_two_step_set_up)
