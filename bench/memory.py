"""Resident memory of one gunicorn worker after it has served every main page at scale (issue 8, item 4).

A copy of the large SQLite database with every one of its 50,000 openings open (so the worker's suggestion
index holds all 50,000), served by ``gunicorn -w 1`` on loopback. Each page of ``bench.pages.PAGES`` is asked
for once by its role over HTTP (the first suggestions page builds the worker's index), and then the worker's
resident set (VmRSS) and its peak (VmHWM) are read from /proc; then once more after one opening changed and the
worker rebuilt its index in the background (the old index is held until the new one is ready).
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import sqlite3
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from bench.data import OUT, make_app
from bench.load import copy_database, gunicorn
from bench.measure import _CSRF, _path
from bench.pages import ACCOUNTS, PAGES

TARGET_MB = 250
REFRESH_WAIT_S = 20  # the refresh takes ~4 s alone at 50,000 openings; generous for a busy machine


class _Browser:
    """A cookie-keeping HTTP client of the server at base, signed in as email (anonymous for None)."""

    def __init__(self, base: str, email: str | None):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                  _NoRedirect())
        if email:
            from crm.demo import DEMO_PASSWORD

            status, _ = self.post("/login", {"email": email, "password": DEMO_PASSWORD})
            if status != 302:
                raise RuntimeError(f"could not sign in as {email} (HTTP {status})")

    def get(self, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.base + path))  # noqa: S310 - base is http://127.0.0.1

    def post(self, path: str, form: dict) -> tuple[int, str]:
        _, page = self.get(path)
        token = _CSRF.search(page)
        data = urllib.parse.urlencode({**form, "csrf_token": token.group(1) if token else ""}, doseq=True)
        return self._open(urllib.request.Request(self.base + path, data=data.encode()))  # noqa: S310

    def _open(self, request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=120) as response:  # noqa: S310 - http://127.0.0.1 only
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, ""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _all_openings_open(source: Path, folder: Path) -> Path:
    """A copy of the database at source in folder (SQLite's backup API: its -wal file included) with every
    opening open."""
    copy = folder / "memory.db"
    copy_database(source, copy)
    with contextlib.closing(sqlite3.connect(copy)) as connection, connection:
        connection.execute("UPDATE opening SET status = 'open', closes_on = NULL")
        total = connection.execute("SELECT count(*) FROM opening").fetchone()[0]
    print(f"Memory: a copy of {source.name} with all {total:,} openings open")
    return copy


def _worker_memory(master: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) in MB of the master's only worker."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    status = Path(f"/proc/{children[0]}/status").read_text()
    found = {key: int(value.split()[0]) / 1024 for key, value in
             (line.split(":", 1) for line in status.splitlines() if line.startswith(("VmRSS", "VmHWM")))}
    return found["VmRSS"], found["VmHWM"]


def measure_worker_memory(source: Path) -> dict:
    """Serve every page from one gunicorn worker on a copy of the database at source; its memory figures."""
    with tempfile.TemporaryDirectory(prefix="crm-memory-") as folder:
        url = f"sqlite:///{_all_openings_open(source, Path(folder))}"
        # The admin pages are among those served: an admin signs in with a password alone here.
        with gunicorn(url, 1, Path(folder) / "gunicorn.log", {"CRM_TOTP_REQUIRED_FOR_ADMINS": "false"}) as (
                server, base):
            return _serve_pages(base, server.pid, make_app(url))


def _serve_pages(base: str, master: int, app) -> dict:
    browsers: dict[str, _Browser] = {}
    served = 0
    started = time.perf_counter()
    for page in PAGES:
        email = ACCOUNTS[page.role]
        browser = browsers.get(page.role) or browsers.setdefault(page.role, _Browser(base, email))
        path, form = _path(app, page, email)
        status, _ = browser.get(path) if form is None else browser.post(path, form)
        if status not in (200, 302):
            raise RuntimeError(f"{path} answered HTTP {status}")
        served += 1
    rss, peak = _worker_memory(master)
    figures = {"pages": served, "seconds": time.perf_counter() - started, "rss_mb": rss, "peak_mb": peak}
    # An opening changes: the worker rebuilds its index in the background, holding the old one meanwhile.
    database = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    with contextlib.closing(sqlite3.connect(database)) as connection, connection:
        connection.execute("UPDATE opening SET updated_at = datetime('now') WHERE id = (SELECT max(id) FROM opening)")
    suggestions = next(page for page in PAGES if "suggestions" in page.name)
    browser = browsers[suggestions.role]
    path, _ = _path(app, suggestions, ACCOUNTS[suggestions.role])
    browser.get(path)  # starts the refresh
    time.sleep(REFRESH_WAIT_S)
    browser.get(path)
    figures["refreshed_rss_mb"], figures["refreshed_peak_mb"] = _worker_memory(master)
    return figures


def passed(figures: dict) -> bool:
    """The issue's figure is the resident memory after serving (the peaks, VmHWM, are reported beside it)."""
    return max(figures["rss_mb"], figures["refreshed_rss_mb"]) <= TARGET_MB


def report(figures: dict) -> str:
    """Two lines for the results: after the first build of the index, and after a refresh in the background."""
    return (f"One gunicorn worker after serving {figures['pages']} pages (suggestion index over every opening "
            f"included): resident {figures['rss_mb']:.0f} MB, peak {figures['peak_mb']:.0f} MB; after one refresh "
            f"of the index: resident {figures['refreshed_rss_mb']:.0f} MB, peak "
            f"{figures['refreshed_peak_mb']:.0f} MB while both indexes were held (target {TARGET_MB} MB resident): "
            f"{'pass' if passed(figures) else 'FAIL'}")


if __name__ == "__main__":
    print(report(measure_worker_memory(OUT / "large.db")))
