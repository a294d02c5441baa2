"""The pages the benchmark measures. Add a page with one line: `Page(path, role, target_ms=...)`.

``path`` is a URL, or a function that gets the signed-in user (inside an app context, so it may query) and
returns the URL, e.g. ``Page(lambda user: f"/participants/{first_participant(user)}", "specialist", 100)``.
``role`` picks the demo account that requests it: anonymous, specialist, team_lead or admin.
``target_ms`` is the p95 target from the issue that added the page; None reports without pass/FAIL.
The first page, ``/health``, is the floor every other page is compared with: keep it first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from crm.demo import ADMIN_EMAIL, DEMO_DOMAIN

# The demo account each role signs in as: specialist1 has a caseload and contact log of the usual size.
ACCOUNTS = {
    "anonymous": None,
    "specialist": f"specialist1@{DEMO_DOMAIN}",
    "team_lead": f"lead1@{DEMO_DOMAIN}",
    "admin": ADMIN_EMAIL,
}


@dataclass(frozen=True)
class Page:
    """One page to measure: where it is, who asks for it, and its p95 target in milliseconds."""

    path: str | Callable[[object], str]
    role: str = "specialist"
    target_ms: float | None = None
    label: str | None = None

    def __post_init__(self):
        if self.role not in ACCOUNTS:
            raise ValueError(f"unknown role {self.role!r}; use one of {', '.join(ACCOUNTS)}")

    @property
    def name(self) -> str:
        """How the page is shown in the table."""
        return self.label or (self.path if isinstance(self.path, str) else self.path.__name__)


FLOOR = Page("/health", "anonymous", label="/health (floor)")

PAGES: list[Page] = [
    FLOOR,
    Page("/", "specialist"),
    Page("/account", "specialist"),
    Page("/admin/users", "admin"),
    Page("/admin/teams", "admin"),
]
