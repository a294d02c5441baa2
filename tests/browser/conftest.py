"""Browser tests: the app served in-process on 127.0.0.1, driven by Debian's Chromium through Playwright.

- ``live_server``: a fresh copy of the migrated SQLite file, the app with real CSRF, served by werkzeug in a
  daemon thread (GOTCHAS.md: in-process keeps coverage; in-memory SQLite cannot be shared with a thread).
- ``browser`` (session) / ``context`` and ``page`` (per test), plus ``new_context`` for a second person.
  Every context is guarded: a console error (CSP violations are reported as console errors), an uncaught page
  error, a 5xx answer, or any request to a host other than 127.0.0.1 fails the test.
- ``screenshot``: full-page screenshots at phone and desktop widths under tests/browser/screenshots/.

Without /usr/bin/chromium (CRM_TEST_CHROMIUM names another binary), or when Playwright cannot launch it, the
tests skip; under CI=true they fail. Never ``playwright install``: the browser is Debian's.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from crm import create_app
from tests.browser.helpers import DESKTOP, PHONE
from tests.conftest import BASE_TEST_CONFIG, require_or_skip
from tests.factories import DEFAULT_PASSWORD

HERE = Path(__file__).resolve().parent
SCREENSHOTS = HERE / "screenshots"
CHROMIUM = Path(os.environ.get("CRM_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    "--disable-dev-shm-usage",
]
# Route interception for every URL that is not on 127.0.0.1 (matched inside the browser, so the app's own
# requests take no round trip through Python).
OUTSIDE_URL = re.compile(r"^(?!(?:https?|wss?)://127\.0\.0\.1(?:[:/?#]|$))(?:https?|wss?)://")
# Playwright's own waits: a page of this app answers in milliseconds, so a stuck wait fails fast.
TIMEOUT_MS = 5000


def pytest_collection_modifyitems(items):
    """Every test in this folder drives the browser: give it the ``browser`` marker."""
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Report what went wrong in the browser as the test's own failure (teardown checks again, for set-up)."""
    result = yield
    problems = item.funcargs.get("browser_problems")
    if problems is not None:
        problems.check()
    return result


# --- the live server ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Login:
    """What a test needs to sign in as a user it created (ORM objects do not outlive the app context)."""

    id: int
    name: str
    email: str
    password: str


@dataclass
class LiveServer:
    """The app served on 127.0.0.1:<port>; ``url`` has no trailing slash."""

    url: str
    app: Flask

    @contextmanager
    def app_context(self) -> Iterator[None]:
        """An app context for test set-up; its session is committed on success and always removed."""
        from crm.extensions import db

        with self.app.app_context():
            try:
                yield
                db.session.commit()
            finally:
                db.session.remove()

    def run(self, fn: Callable, *args, **kwargs):
        """fn(*args, **kwargs) inside an app context, committed; return its result (plain data, not ORM rows)."""
        with self.app_context():
            return fn(*args, **kwargs)

    def make_user(self, role: str = "specialist", password: str = DEFAULT_PASSWORD, **fields) -> Login:
        """A committed staff account made by tests.factories.make_user (team names go in ``team_name``)."""
        from tests.factories import make_team, make_user

        def build() -> Login:
            team_name = fields.pop("team_name", None)
            team = make_team(team_name) if team_name else None
            user = make_user(role, team=team, password=password, **fields)
            return Login(id=user.id, name=user.name, email=user.email, password=password)

        return self.run(build)

    def path(self, path: str = "/") -> str:
        """The absolute URL of a path on this server."""
        return self.url + path


@pytest.fixture
def live_server(sqlite_template, tmp_path, monkeypatch) -> Iterator[LiveServer]:
    """The app on a fresh SQLite file with real CSRF protection, served from a daemon thread."""
    for name in ("DATABASE_URL", "SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CRM_INSTANCE_PATH", str(tmp_path / "instance"))
    db_path = tmp_path / "browser.db"
    shutil.copyfile(sqlite_template, db_path)
    app = create_app({
        **BASE_TEST_CONFIG,
        "WTF_CSRF_ENABLED": True,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}",
    })
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        from crm.extensions import db

        with app.app_context():
            db.engine.dispose()


# --- the browser -----------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, for the whole session (skips outside CI, fails in CI, when unusable)."""
    if not CHROMIUM.is_file() or not os.access(CHROMIUM, os.X_OK):
        require_or_skip(f"{CHROMIUM} is missing: install Debian's chromium (`apt-get install chromium`) "
                        "to run the browser tests")
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
    except Exception as exc:  # noqa: BLE001 - any launch failure is reported the same way
        playwright.stop()
        require_or_skip(f"Playwright cannot launch {CHROMIUM}: {_launch_failure(exc)}")
    try:
        yield browser
    finally:
        browser.close()
        playwright.stop()


def _launch_failure(exc: Exception) -> str:
    """The telling lines of a launch error: the first, the browser's own error output, how it exited."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()] or [type(exc).__name__]
    telling = [line for line in lines[1:] if "[err]" in line or "process did exit" in line]
    return " | ".join([lines[0], *telling[-6:]])


@dataclass
class BrowserProblems:
    """What went wrong in the browser during a test; any entry fails the test at teardown (or at check())."""

    problems: list[str] = field(default_factory=list)
    # Console errors are judged at check(): Chromium logs "Failed to load resource: ... 4xx" for a page answered
    # with 400/401 (a form with errors), which is deliberate and visible to the test, unlike a missing asset.
    console_errors: list[tuple[str, str]] = field(default_factory=list)
    client_error_pages: set[str] = field(default_factory=set)
    # Console errors matching one of these are expected for the rest of the test.
    allowed: list[re.Pattern] = field(default_factory=list)

    def allow(self, pattern: str) -> None:
        """Accept console errors matching the regular expression pattern for the rest of this test."""
        self.allowed.append(re.compile(pattern))

    def watch(self, context) -> None:
        """Guard every page of a browser context: console errors, page errors, 5xx answers, outside hosts."""
        context.on("console", self._on_console)
        context.on("weberror", lambda error: self.problems.append(f"uncaught error in page: {error.error}"))
        context.on("response", self._on_response)
        context.route(OUTSIDE_URL, self._block_outside)

    def _on_console(self, message) -> None:
        if message.type == "error":
            where = (message.location or {}).get("url", "")
            self.console_errors.append((message.text, where))

    def _on_response(self, response) -> None:
        request = response.request
        if response.status >= 500:
            self.problems.append(f"server error {response.status} for {request.method} {response.url}")
        elif response.status >= 400 and request.resource_type == "document" and request.is_navigation_request():
            self.client_error_pages.add(response.url)

    def _block_outside(self, route) -> None:
        request = route.request
        self.problems.append(f"request to the outside world blocked: {request.method} {request.url}")
        route.abort("blockedbyclient")

    def _unexpected_console_errors(self) -> list[str]:
        found = []
        for text, where in self.console_errors:
            if text.startswith("Failed to load resource") and where in self.client_error_pages:
                continue
            if any(p.search(text) for p in self.allowed):
                continue
            found.append(f"console error{' at ' + where if where else ''}: {text}")
        return found

    def check(self) -> None:
        """Fail now if anything went wrong so far (CSP violations arrive as console errors)."""
        found = self.problems + self._unexpected_console_errors()
        self.problems, self.console_errors = [], []
        if found:
            pytest.fail("Problems in the browser:\n  " + "\n  ".join(found), pytrace=False)


@pytest.fixture
def browser_problems() -> Iterator[BrowserProblems]:
    """Collects console errors, CSP violations, page errors, 5xx answers and outside requests; fails on any."""
    problems = BrowserProblems()
    yield problems
    problems.check()


@pytest.fixture
def new_context(browser, browser_problems, live_server):
    """A factory of guarded browser contexts (one per person) whose base URL is the live server's."""
    contexts = []

    def _new_context(viewport: dict | None = None):
        context = browser.new_context(
            base_url=live_server.url, viewport=dict(viewport or DESKTOP), locale="en-GB",
            timezone_id="Europe/London", service_workers="block",
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        browser_problems.watch(context)
        contexts.append(context)
        return context

    yield _new_context
    for context in contexts:
        context.close()


@pytest.fixture
def context(new_context):
    """This test's browser context, at desktop size (``page.set_viewport_size(PHONE)`` to change it)."""
    return new_context()


@pytest.fixture
def page(context):
    """A page in this test's guarded browser context."""
    return context.new_page()


# --- screenshots ---------------------------------------------------------------------------------------


def _safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")


@pytest.fixture
def screenshot(request):
    """screenshot(page, name): full-page PNGs at phone (360×740) and desktop (1280×800); returns the paths.

    Files are tests/browser/screenshots/<test module>-<name>-<phone|desktop>.png (git-ignored). The page's
    viewport is put back as it was.
    """
    module = request.node.module.__name__.rsplit(".", 1)[-1]

    def _screenshot(page, name: str, sizes: dict[str, dict] | None = None) -> list[Path]:
        SCREENSHOTS.mkdir(exist_ok=True)
        original = page.viewport_size
        paths = []
        try:
            for label, size in (sizes or {"phone": PHONE, "desktop": DESKTOP}).items():
                page.set_viewport_size(size)
                path = SCREENSHOTS / f"{_safe_name(module)}-{_safe_name(name)}-{label}.png"
                page.screenshot(path=str(path), full_page=True, animations="disabled")
                paths.append(path)
        finally:
            if original:
                page.set_viewport_size(original)
        return paths

    return _screenshot
