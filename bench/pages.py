"""The pages the benchmark measures. Add a page with one line: `Page(path, role, target_ms=...)`.

``path`` is a URL, or a function that gets the signed-in user (inside an app context, so it may query) and
returns the URL, e.g. ``Page(lambda user: f"/participants/{first_participant(user)}", "specialist", 100)``.
``role`` picks the demo account that requests it: anonymous, specialist, team_lead or admin.
``target_ms`` is the p95 target from the issue that added the page; None reports without pass/FAIL.
An action is a ``Page`` with ``form``: a function of the signed-in user returning the fields to POST (the
CSRF token is added); it must answer with a redirect.
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
    form: Callable[[object], dict] | None = None

    def __post_init__(self):
        if self.role not in ACCOUNTS:
            raise ValueError(f"unknown role {self.role!r}; use one of {', '.join(ACCOUNTS)}")

    @property
    def name(self) -> str:
        """How the page is shown in the table."""
        return self.label or (self.path if isinstance(self.path, str) else self.path.__name__)


FLOOR = Page("/health", "anonymous", label="/health (floor)")
# The trivial page a signed-in user can ask for: session, user, access rule, the layout; no data of its own.
SIGNED_IN_FLOOR = Page("/account", "specialist", label="/account (signed-in floor)")

def busiest_employer(_user) -> str:
    """The page of the employer with the most logged contacts (the longest timeline)."""
    return f"/employers/{_scalar(BUSIEST_EMPLOYER)}"


def log_form(user) -> dict:
    """A quick-log entry by user: an in-person visit to an employer they own, on behalf of one person."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    employer_id = _scalar("SELECT id FROM employer WHERE owner_id = :u ORDER BY id LIMIT 1", u=user.id)
    participant_id = _scalar("SELECT id FROM participant WHERE specialist_id = :u ORDER BY id LIMIT 1", u=user.id)
    when = datetime.now(ZoneInfo("Europe/London")) - timedelta(minutes=30)
    return {"employer_query": _scalar("SELECT name FROM employer WHERE id = :e", e=employer_id),
            "employer_id": employer_id, "contacted_at": when.strftime("%Y-%m-%dT%H:%M"), "mode": "in_person",
            "purpose": "on_behalf", "participant_ids": participant_id, "contact_person_id": 0,
            "notes": "Met the manager; they are recruiting for the summer.", "next_step": "Bring a CV",
            "next_step_due": (when + timedelta(days=3)).strftime("%Y-%m-%d")}


def first_participant(user) -> str:
    """The page of the user's first participant who has a career profile with goals."""
    return f"/participants/{_participant(user)}"


def suggestions(user) -> str:
    """The suggestions page of the user's first participant with goals."""
    return f"/participants/{_participant(user)}/suggestions"


def _participant(user) -> int:
    return _scalar("SELECT p.id FROM participant p JOIN career_profile c ON c.participant_id = p.id "
                   "WHERE p.specialist_id = :u AND CAST(c.job_goals AS TEXT) != '[]' ORDER BY p.id LIMIT 1", u=user.id)


def latest_opening(_user) -> str:
    """The page of the newest opening."""
    return f"/openings/{_scalar(LATEST_OPENING)}"


def job_pipeline(user) -> str:
    """The job pipeline (matches and job starts) of the user's first participant with goals."""
    return f"/jobs/participants/{_participant(user)}"


def job_start(user) -> str:
    """The follow-along page of the newest job start on the user's caseload."""
    return f"/jobs/starts/{_scalar(NEWEST_JOB_START, u=user.id)}"


def who_might_this_suit(_user) -> str:
    """The user's own caseload ranked for the newest opening."""
    return f"/openings/{_scalar(LATEST_OPENING)}/who-might-this-suit"


LATEST_OPENING = "SELECT max(id) FROM opening"
NEWEST_JOB_START = ("SELECT max(j.id) FROM job_start j JOIN participant p ON p.id = j.participant_id "
                    "WHERE p.specialist_id = :u")
BUSIEST_EMPLOYER = ("SELECT employer_id FROM employer_contact GROUP BY employer_id "
                    "ORDER BY count(*) DESC, employer_id LIMIT 1")


def _scalar(sql: str, **params):
    from sqlalchemy import text

    from crm.extensions import db

    return db.session.execute(text(sql), params).scalar()


PAGES: list[Page] = [
    FLOOR,
    Page("/", "specialist", 100, label="/ (My week)"),
    SIGNED_IN_FLOOR,
    Page("/admin/users", "admin"),
    Page("/admin/teams", "admin"),
    # Issue 3: employers, the contact log and the quick log.
    Page("/employers/", "specialist", 100),
    Page("/employers/?q=bakery", "specialist", 100),
    Page("/employers/?stale=1&openings=1&sort=last_contact_oldest", "specialist", 100),
    Page(busiest_employer, "specialist", 100, label="/employers/<busiest>"),
    Page("/contacts/", "specialist", 100),
    Page("/contacts/", "team_lead", 100),
    Page("/contacts/next-steps", "specialist", 100),
    Page("/employers/typeahead?q=map", "specialist", 50),
    Page("/contacts/log", "specialist", 100),
    Page("/contacts/log", "specialist", 50, label="POST /contacts/log (save a contact)", form=log_form),
    Page("/openings/", "specialist", 100),
    Page("/openings/?q=assistant", "specialist", 150),  # no figure in issue 3; issue 8's 150 ms for every page
    Page(latest_opening, "specialist", 100, label="/openings/<id>"),
    # Issue 5: participants, suggestions (index warm after the warm-up requests), My week.
    Page("/participants/", "specialist", 100),
    Page(first_participant, "specialist", 100, label="/participants/<id>"),
    Page(suggestions, "specialist", 150, label="/participants/<id>/suggestions"),
    Page(lambda user: suggestions(user) + "?all=1", "specialist", 150, label="/participants/<id>/suggestions?all=1"),
    Page(lambda user: suggestions(user) + "/together", "specialist", 150,
         label="/participants/<id>/suggestions/together"),
    # Issue 5: the job pipeline, follow-along, who might this suit (issue 8: every main page, 150 ms).
    Page(job_pipeline, "specialist", 150, label="/jobs/participants/<id> (job pipeline)"),
    Page(job_start, "specialist", 150, label="/jobs/starts/<id> (follow-along)"),
    Page(who_might_this_suit, "specialist", 150, label="/openings/<id>/who-might-this-suit"),
    Page("/transfer/", "team_lead", 150, label="/transfer/ (imports and exports)"),
    Page("/admin/audit", "admin", 150, label="/admin/audit (audit log search)"),
    # Issue 6: the team review (a team of 10 specialists, 12-week trend) and one of its exports.
    Page("/review/", "team_lead", 200),
    Page("/review/export/specialists.csv", "team_lead", 200),
]
