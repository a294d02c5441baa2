"""Web-layer protections applied to every response, and read-only transactions for safe requests."""

from __future__ import annotations

import re
from functools import cached_property

from flask import Flask, Request, g, request
from flask_login import current_user
from werkzeug.datastructures import ImmutableMultiDict

from crm.database import reading_only

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# No inline script or style anywhere: every script and stylesheet is a file under /static.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
])


# Control characters other than tab and line breaks have no place in typed input; NUL is refused outright by
# PostgreSQL, so it would turn a stray byte into an error page.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean_multidict(data):
    return ImmutableMultiDict([(_CONTROL.sub("", key), _CONTROL.sub("", value) if isinstance(value, str) else value)
                               for key, value in data.items(multi=True)])


class CleanRequest(Request):
    """A request whose query and form values carry no control characters (tab and line breaks kept)."""

    @cached_property
    def args(self):
        return _clean_multidict(super().args)

    def _load_form_data(self) -> None:
        super()._load_form_data()
        self.__dict__["form"] = _clean_multidict(self.__dict__["form"])


def _begin_request():
    # Set either way: a request must not inherit the mode of the code around it (a test's own reads).
    g.reading_only_token = reading_only.set(request.method in SAFE_METHODS)


def _end_request(_exc=None):
    token = g.pop("reading_only_token", None)
    if token is not None:
        reading_only.reset(token)


def _set_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    # Static files first: asking about current_user would load the session and add "Vary: Cookie".
    if request.endpoint != "static" and current_user and current_user.is_authenticated:
        # Pages with people's details must not stay in shared or browser caches.
        headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    """Install the request class and hooks."""
    app.request_class = CleanRequest
    app.before_request(_begin_request)
    app.after_request(_set_headers)
    app.teardown_request(_end_request)
