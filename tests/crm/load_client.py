"""One specialist's browser, as a client process of the gunicorn load tests (standard library only).

Kept apart from the test module so that each spawned process starts quickly: it imports neither pytest nor
the app. A client signs in, opens the quick log once for its CSRF token, waits for the others at a barrier,
then logs its contacts one POST after another, remembering the marker of every contact whose POST was
answered with the quick log's redirect. A refused or cut connection ends it (the server may have been killed).
"""

from __future__ import annotations

import html
import http.cookiejar
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timedelta

_CSRF_INPUT = re.compile(r'<input[^>]*name="csrf_token"[^>]*>')
_VALUE = re.compile(r'value="([^"]*)"')
TIMEOUT_SECONDS = 30


@dataclass
class ClientPlan:
    """What one client process does."""

    base_url: str
    email: str
    password: str
    employers: list[tuple[int, str]]
    count: int
    tag: str


@dataclass
class ClientResult:
    """What one client saw: the markers of answered contacts, its failures (as text), its slowest answer."""

    email: str
    answered: list[str] = field(default_factory=list)
    slowest_seconds: float = 0.0
    http_errors: list[str] = field(default_factory=list)
    connection_errors: list[str] = field(default_factory=list)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hand redirects back to the caller: the quick log's redirect is the answer we count."""

    def redirect_request(self, *args, **kwargs):
        return None


class _LoopbackIsSecure(http.cookiejar.DefaultCookiePolicy):
    """Send Secure cookies to loopback over plain HTTP, as browsers do (it counts as a trustworthy origin)."""

    def return_ok_secure(self, cookie, request):
        """Secure cookies go over HTTPS, and to this machine."""
        loopback = urllib.parse.urlsplit(request.get_full_url()).hostname in ("127.0.0.1", "localhost", "::1")
        return loopback or super().return_ok_secure(cookie, request)


def new_session() -> urllib.request.OpenerDirector:
    """A browser of one's own: a cookie jar, and redirects handed back rather than followed."""
    jar = http.cookiejar.CookieJar(policy=_LoopbackIsSecure())
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())


def _send(opener, url: str, form: dict | None = None) -> tuple[int, str, str]:
    """(status, Location header, body) of one request; HTTP error statuses are returned, not raised."""
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    request = urllib.request.Request(url, data=data)  # noqa: S310 - the test's own loopback server
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            return response.status, response.headers.get("Location", ""), response.read().decode()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers.get("Location", ""), error.read().decode(errors="replace")


def csrf_token(page: str) -> str:
    """The CSRF token of the first form on page."""
    tag = _CSRF_INPUT.search(page)
    value = _VALUE.search(tag.group(0)) if tag else None
    if value is None:
        raise AssertionError("no csrf_token field on the page")
    return html.unescape(value.group(1))


def sign_in(opener, base_url: str, email: str, password: str) -> str:
    """Sign in through the login form as a person would; return the quick log's CSRF token."""
    _, _, page = _send(opener, f"{base_url}/login")
    status, _, _ = _send(opener, f"{base_url}/login",
                         {"email": email, "password": password, "csrf_token": csrf_token(page)})
    if status != 302:
        raise AssertionError(f"sign-in of {email} answered {status}")
    status, _, page = _send(opener, f"{base_url}/contacts/log")
    if status != 200:
        raise AssertionError(f"the quick log answered {status}")
    return csrf_token(page)


def post_contact(opener, base_url: str, token: str, employer: tuple[int, str], notes: str) -> tuple[int, int | None]:
    """Log one contact through the quick log: (HTTP status, the contact's id if answered with the log's redirect)."""
    status, location, _ = _send(opener, f"{base_url}/contacts/log", contact_form(token, employer, notes))
    logged = urllib.parse.parse_qs(urllib.parse.urlsplit(location).query).get("logged", [""])[0]
    return status, int(logged) if status == 302 and logged.isdigit() else None


def contact_form(token: str, employer: tuple[int, str], notes: str) -> dict:
    """The quick log's fields for one in-person introduction, yesterday morning (never in the future)."""
    yesterday = (datetime.now() - timedelta(days=1)).replace(hour=10, minute=0)
    return {
        "csrf_token": token, "employer_query": employer[1], "employer_id": str(employer[0]),
        "contact_person_id": "0", "contacted_at": yesterday.strftime("%Y-%m-%dT%H:%M"), "mode": "in_person",
        "purpose": "introduce", "notes": notes, "outcome": "", "next_step": "", "next_step_due": "",
    }


def _prepare(plan: ClientPlan, result: ClientResult):
    """(session, CSRF token) signed in on the quick log; (None, None) after recording a failure."""
    try:
        opener = new_session()
        return opener, sign_in(opener, plan.base_url, plan.email, plan.password)
    except (OSError, AssertionError) as error:
        result.http_errors.append(f"sign-in: {type(error).__name__}: {error}")
        return None, None


def log_contacts(plan: ClientPlan, index: int, start_together, progress, results) -> None:
    """Process body: sign in, wait for the others, POST plan.count contacts; put a ClientResult on results."""
    result = ClientResult(plan.email)
    opener, token = _prepare(plan, result)
    start_together.wait(timeout=120)
    try:
        for n in range(plan.count if opener else 0):
            marker = f"{plan.tag}-c{index}-n{n:03d}"
            employer = plan.employers[(index + n) % len(plan.employers)]
            sent = time.perf_counter()
            status, contact_id = post_contact(opener, plan.base_url, token, employer, marker)
            result.slowest_seconds = max(result.slowest_seconds, time.perf_counter() - sent)
            if contact_id is None:
                result.http_errors.append(f"{marker}: HTTP {status}")
                continue
            result.answered.append(marker)
            with progress.get_lock():
                progress.value += 1
    except OSError as error:  # refused, reset or cut off: the server is gone
        result.connection_errors.append(f"{type(error).__name__}: {error}")
    results.put(result)
