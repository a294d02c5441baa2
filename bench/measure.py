"""Server-side latency of pages with the Flask test client, in process, and the Markdown report."""

from __future__ import annotations

import gc
import math
import re
import time
from dataclasses import dataclass

from bench.pages import ACCOUNTS, FLOOR, SIGNED_IN_FLOOR, Page

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@dataclass
class Result:
    """The timings of one page, in milliseconds, or the error that stopped its measurement."""

    page: Page
    times_ms: list[float]
    error: str | None = None

    def percentile(self, share: float) -> float:
        """Nearest-rank percentile (share 0.5 is the median)."""
        ordered = sorted(self.times_ms)
        return ordered[max(0, math.ceil(share * len(ordered)) - 1)]

    @property
    def passed(self) -> bool | None:
        """True or False against the page's p95 target; None when it has none."""
        if self.error:
            return False
        return None if self.page.target_ms is None else self.percentile(0.95) <= self.page.target_ms


def sign_in(app, email: str | None):
    """A test client signed in through the login form (with its CSRF token) as email; anonymous for None."""
    from crm.demo import DEMO_PASSWORD

    client = app.test_client()
    if email is None:
        return client
    form = client.get("/login").get_data(as_text=True)
    token = _CSRF.search(form)
    data = {"email": email, "password": DEMO_PASSWORD, "csrf_token": token.group(1) if token else ""}
    response = client.post("/login", data=data)
    if response.status_code != 302:
        raise RuntimeError(f"could not sign in as {email} (HTTP {response.status_code})")
    return client


def _path(app, page: Page, email: str | None) -> tuple[str, dict | None]:
    """The URL to request and the form to post (None for a GET), worked out as the page's user."""
    if isinstance(page.path, str) and page.form is None:
        return page.path, None
    from sqlalchemy import select

    from crm.extensions import db
    from crm.models import User

    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email)) if email else None
        path = page.path if isinstance(page.path, str) else page.path(user)
        return path, page.form(user) if page.form else None


def _time(client, path: str, requests: int, warmup: int, form: dict | None = None) -> list[float]:
    """Milliseconds of each of requests GETs (or POSTs of form) of path, after warmup untimed ones.

    Every GET must answer 200 and every POST a redirect (the form was accepted).
    """
    gc.collect()  # start each page without the garbage of the one before
    if form is not None:
        token = _CSRF.search(client.get(path).get_data(as_text=True))
        form = {**form, "csrf_token": token.group(1) if token else ""}
    times = []
    for n in range(warmup + requests):
        started = time.perf_counter()
        response = client.get(path) if form is None else client.post(path, data=form)
        elapsed = (time.perf_counter() - started) * 1000
        expected = 200 if form is None else 302
        if response.status_code != expected:
            raise RuntimeError(f"{'GET' if form is None else 'POST'} {path} answered HTTP {response.status_code}")
        if n >= warmup:
            times.append(elapsed)
    return times


def measure(app, pages: list[Page], requests: int, warmup: int) -> list[Result]:
    """Time each page as its role's demo account; the floor is timed first and last, its samples pooled."""
    clients: dict[str, object] = {}
    results = []
    for page in pages:
        email = ACCOUNTS[page.role]
        try:
            client = clients.get(page.role) or clients.setdefault(page.role, sign_in(app, email))
            path, form = _path(app, page, email)
            results.append(Result(page, _time(client, path, requests, warmup, form)))
        except RuntimeError as error:
            results.append(Result(page, [], str(error)))
    floor = next((r for r in results if r.page == FLOOR and r.times_ms), None)
    if floor is not None and len(results) > 1:
        floor.times_ms += _time(clients[FLOOR.role], FLOOR.path, requests, warmup)
    return results


def report(title: str, results: list[Result]) -> str:
    """A Markdown table: page, user, n, p50, p95, p95 against the floor, target and pass/FAIL."""
    floor = next((r for r in results if r.page == FLOOR and r.times_ms), None)
    floor_p95 = floor.percentile(0.95) if floor else None
    signed_in = next((r for r in results if r.page == SIGNED_IN_FLOOR and r.times_ms), None)
    signed_in_p95 = signed_in.percentile(0.95) if signed_in else None
    lines = [f"### {title}", "",
             "| page | user | n | p50 ms | p95 ms | p95/floor | p95/signed-in floor | target p95 | result |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for result in results:
        page = result.page
        target = "–" if page.target_ms is None else f"{page.target_ms:g} ms"
        if result.error:
            lines.append(f"| {page.name} | {page.role} | 0 | – | – | – | – | {target} | FAIL: {result.error} |")
            continue
        p95 = result.percentile(0.95)
        ratio = f"{p95 / floor_p95:.1f}" if floor_p95 else "–"
        signed_in_ratio = f"{p95 / signed_in_p95:.1f}" if signed_in_p95 else "–"
        verdict = {None: "–", True: "pass", False: "FAIL"}[result.passed]
        lines.append(f"| {page.name} | {page.role} | {len(result.times_ms)} | {result.percentile(0.5):.1f} | "
                     f"{p95:.1f} | {ratio} | {signed_in_ratio} | {target} | {verdict} |")
    return "\n".join(lines)


def growth_report(title: str, smaller: list[Result], larger: list[Result]) -> str:
    """A Markdown table of each page's p50 and p95 at both sizes and how many times the larger took."""
    lines = [f"### {title}", "", "The data grows 10×: 50,000 → 500,000 contacts, 2,000 → 20,000 employers, "
             "5,000 → 50,000 openings, 200 → 2,000 participants.", "",
             "| page | user | p50 ms (tenth) | p50 ms (large) | p95 ms (tenth) | p95 ms (large) | p95 growth |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    by_name = {r.page.name: r for r in smaller if r.times_ms}
    for result in larger:
        small = by_name.get(result.page.name)
        if not result.times_ms or small is None:
            continue
        growth = result.percentile(0.95) / small.percentile(0.95)
        lines.append(f"| {result.page.name} | {result.page.role} | {small.percentile(0.5):.1f} | "
                     f"{result.percentile(0.5):.1f} | {small.percentile(0.95):.1f} | {result.percentile(0.95):.1f} | "
                     f"{growth:.2f}× |")
    return "\n".join(lines)
