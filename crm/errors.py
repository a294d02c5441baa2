"""Error pages: plain words, no internals, and a rolled-back session after a failure."""

from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError

from crm import audit
from crm.extensions import db

MESSAGES = {
    400: ("Something in that request was not right", "Please go back and try again."),
    403: ("You do not have access to this page", "If you think you should, ask your team lead or an administrator."),
    404: ("Page not found", "The page or record may have been moved, archived or never existed."),
    405: ("That action is not available here", "Please go back and use the buttons on the page."),
    413: ("That upload is too large", "Please choose a smaller file."),
    500: ("Something went wrong on our side", "Nothing you did caused this. Please try again in a minute."),
}


def _page(code: int):
    title, hint = MESSAGES.get(code, MESSAGES[500])
    return render_template("errors/error.html", code=code, title=title, hint=hint), code


def _http_error(error):
    code = getattr(error, "code", 500) or 500
    if code == 403:
        audit.record_denied_request()  # unless the check that refused it recorded which object, and why
    return _page(code if code in MESSAGES else 400)


def _csrf_error(_error):
    audit.record_refusal("csrf_failed", detail="form expired or was not sent from this site")
    title, _ = MESSAGES[400]
    hint = "The form had expired or did not come from this site. Please reload the page and try again."
    return render_template("errors/error.html", code=400, title=title, hint=hint), 400


def _server_error(_error):
    # The failed request may have left a broken transaction; never reuse it for the error page.
    db.session.rollback()
    return _page(500)


def init_app(app: Flask) -> None:
    """Register the handlers."""
    for code in (400, 403, 404, 405, 413):
        app.register_error_handler(code, _http_error)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(500, _server_error)
