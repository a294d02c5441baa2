"""No N+1 queries: each main page issues as many SQL statements with 50 rows in its lists as with 5.

For every page below, the test builds its rows at 5 (tests/crm/query_count_rows.py), counts the statements of one
request (the view, the template, the audit events written after a GET in their own transaction, and the body of
a streamed CSV), adds rows of the same shape up to 50, checks that the new rows are shown (so that a page cannot
pass by showing nothing) and counts again. Pages that list the same rows share them (a scenario: the employer
list, its search, its filters and its CSV export), so the rows are built once; a failure names each page, both
counts and the statements that ran more often.

Pages that rank (suggestions, who might this suit) are asked for once before counting: the first request after the
openings change rebuilds the suggestion index, which would make the counts differ for reasons other than rows.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import event

from crm.extensions import db
from tests.crm.query_count_rows import (
    MARKER,
    World,
    around_opening,
    caseload_week,
    employer_page,
    employer_subject,
    employers,
    import_subject,
    imported,
    my_contacts,
    new_world,
    opening_subject,
    openings,
    pat,
    pipeline,
    review_contacts,
    review_team,
    staff,
    start_subject,
    suggested,
    support_contacts,
    team_contacts,
    timeline_contacts,
)

FEW, MANY = 5, 50

# Every list shows all 50 rows on one page unless the page fixes its own page size (checked with upto()).
pytestmark = pytest.mark.app_config(PER_PAGE=100)


@pytest.fixture
def world(app) -> World:
    return new_world()


# --- the pages --------------------------------------------------------------------------------------------


def shows(**expected: Callable[[int], int] | None) -> Callable[[str, int, World], list[str]]:
    """A check that the page shows expected(n) distinct markers of each kind (all n when None)."""

    def check(body: str, n: int, _world: World) -> list[str]:
        found = Counter(kind for kind, _ in set(MARKER.findall(body)))
        wanted = {kind: (rule or (lambda n: n))(n) for kind, rule in expected.items()}
        return [f"{wanted[k]} rows of kind {k!r} expected, {found[k]} shown" for k in wanted if found[k] != wanted[k]]

    return check


def upto(limit: int) -> Callable[[int], int]:
    return lambda n: min(n, limit)


def my_contact_count(body: str, n: int, w: World) -> list[str]:
    """The week table's row for me shows n contacts."""
    row = re.search(rf"{w.me.name}</th>(.*?)</tr>", body, re.S)
    return [] if row and f'<td class="text-end">{n}</td>' in row.group(1) else [f"my row does not show {n} contacts"]


def shows_subject_title(body: str, _n: int, w: World) -> list[str]:
    return [] if w.subject.title in body else ["the opening's title is missing"]


def subject(path: str) -> Callable[[World], str]:
    return lambda w: path.format(id=w.subject.id)


@dataclass(frozen=True)
class Page:
    """One page: its URL, and how to see that the rows are shown."""

    name: str
    url: str | Callable[[World], str]
    check: Callable[[str, int, World], list[str]]
    # Statements that legitimately run only with more rows (see the reason where it is set).
    allowance: int = 0
    # Build the suggestion index before counting (see the module docstring).
    warm: bool = False


@dataclass(frozen=True)
class Scenario:
    """Rows of one shape, and the pages that list them, all asked for by one role."""

    name: str
    role: str
    grow: Callable[[World, int, int], None]
    pages: tuple[Page, ...]
    setup: Callable[[World], None] | None = None


# The overdue next steps are counted in all only when the list of them shown is full (10 on My week, 50 elsewhere).
FULL_LIST_COUNTED = 1
REVIEW_TABLES = (("specialists", "s"), ("trend", "s"), ("caseload", "s"), ("outcomes", "s"),
                 ("rapid-job-search", "p"), ("employers", "e"))

SCENARIOS = [
    Scenario("my week, next steps and caseload", "me", caseload_week, (
        Page("my week", "/", shows(c=None, s=None, u=upto(8), o=upto(5)), allowance=FULL_LIST_COUNTED),
        Page("next steps", "/contacts/next-steps", shows(u=None, o=None), allowance=FULL_LIST_COUNTED),
        Page("next steps calendar", "/contacts/next-steps.ics", shows(u=None), allowance=FULL_LIST_COUNTED),
        Page("participants", "/participants/", shows(c=None)),
        Page("log a contact", "/contacts/log", shows(c=None)),
    )),
    Scenario("employers", "me", employers, (
        Page("employers", "/employers/", shows(e=None)),
        Page("employers search", "/employers/?q=zqe", shows(e=None)),
        Page("employers filtered", "/employers/?industry=Bakery&stage=introduced&stale=1&openings=1"
             "&sort=last_contact_oldest", shows(e=None)),
        Page("employers.csv", "/transfer/export/employers.csv", shows(e=None)),
    )),
    Scenario("employer page", "lead", employer_page, (
        Page("employer page", subject("/employers/{id}"), shows(p=None, o=None, t=upto(20), b=upto(20))),
    ), setup=employer_subject),
    Scenario("my contacts", "me", my_contacts, (
        Page("contact log", "/contacts/", shows(e=None, b=None)),
        Page("contacts.csv", "/transfer/export/contacts.csv", shows(e=None, b=None)),
    )),
    Scenario("the team's contacts and caseloads", "lead", team_contacts, (
        Page("contact log, team lead", "/contacts/", shows(e=None, b=None)),
        Page("contacts.csv, team lead", "/transfer/export/contacts.csv", shows(e=None, b=None)),
        Page("participants, team lead", "/participants/", shows(b=None)),
    )),
    Scenario("openings", "me", openings, (
        Page("openings", "/openings/", shows(o=None, e=None)),
        Page("openings search", "/openings/?q=zqo", shows(o=None, e=None)),
        Page("openings.csv", "/transfer/export/openings.csv", shows(o=None, e=None)),
        Page("add a job match by hand", subject("/jobs/participants/{id}/matches/new?q=zqo"), shows(o=None, e=None)),
    ), setup=pat),
    Scenario("one opening", "me", around_opening, (
        Page("opening page", subject("/openings/{id}"), shows_subject_title),
        Page("who might this suit", subject("/openings/{id}/who-might-this-suit"), shows(b=None), warm=True),
    ), setup=opening_subject),
    Scenario("a participant's employer contacts", "me", timeline_contacts, (
        Page("participant page, contacts", subject("/participants/{id}"), shows(e=None)),
    ), setup=pat),
    Scenario("a participant's job matches and job starts", "me", pipeline, (
        Page("participant page, jobs", subject("/participants/{id}"), shows(e=lambda n: 2 * n, o=None, s=None)),
        Page("job pipeline", subject("/jobs/participants/{id}"), shows(e=lambda n: 2 * n, o=None, s=None)),
    ), setup=pat),
    Scenario("follow-along support contacts", "me", support_contacts, (
        Page("job start", subject("/jobs/starts/{id}"), shows(s=None)),
    ), setup=start_subject),
    Scenario("suggestions", "me", suggested, (
        Page("suggestions", subject("/participants/{id}/suggestions"), shows(o=upto(10)), warm=True),
        Page("suggestions, show all", subject("/participants/{id}/suggestions?all=1"), shows(o=upto(10), x=None),
             warm=True),
        Page("suggestions together, show all", subject("/participants/{id}/suggestions/together?all=1"),
             shows(o=upto(10), x=None), warm=True),
    ), setup=pat),
    Scenario("team review, one specialist's contacts", "lead", review_contacts, (
        Page("team review", "/review/", my_contact_count),
    )),
    Scenario("team review, specialists", "lead", review_team, (
        Page("team review", "/review/", shows(s=None, p=None, e=upto(25))),
        *(Page(f"team review {table}.csv", f"/review/export/{table}.csv", shows(**{kind: None}))
          for table, kind in REVIEW_TABLES),
    )),
    Scenario("staff, teams, audit log and imports", "admin", staff, (
        Page("admin users", "/admin/users", shows(u=None, t=None)),
        Page("admin teams", "/admin/teams", shows(t=None)),
        Page("admin audit log", "/admin/audit?object_type=marker", shows(a=None)),
        Page("imports", "/transfer/", shows(f=upto(20))),
    )),
    Scenario("undoing an import", "lead", imported, (
        Page("undo an import", subject("/transfer/imports/{id}/undo"), shows(k=None, m=None)),
    ), setup=import_subject),
]


# --- counting ---------------------------------------------------------------------------------------------


def run_page(client, url: str, warm: bool) -> tuple[str, list[str]]:
    """The page's body and the SQL statements its request ran (streamed bodies included)."""
    if warm:
        client.get(url).get_data()
    db.session.commit()  # the test's own work is done before counting starts
    statements: list[str] = []

    def on_execute(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", on_execute)
    try:
        response = client.get(url)
        body = response.get_data(as_text=True)
    finally:
        event.remove(db.engine, "before_cursor_execute", on_execute)
    assert response.status_code == 200, f"{url}: {response.status_code} {body[:300]}"
    return body, statements


# A list of bound parameters, "(?, ?, ?)" or "(%(id_1)s, %(id_2)s)": an IN of 5 ids is the same statement as one of 50.
PARAMETER_LIST = re.compile(r"\((?:\?|%\(\w+\)s)(?:, (?:\?|%\(\w+\)s))*\)")


def grown(few: list[str], many: list[str]) -> str:
    """The statements run more often with more rows, grouped by their SQL text."""
    before, after = (Counter(PARAMETER_LIST.sub("(…)", sql) for sql in run) for run in (few, many))
    lines = [f"  {after[sql]}× (was {before[sql]}×): {' '.join(sql.split())[:400]}"
             for sql in after if after[sql] > before[sql]]
    return "\n".join(lines) or "  (none repeated: other statements were added)"


def verdict(page: Page, few: list[str], many: list[str]) -> str | None:
    """None when the page ran as many statements with MANY rows as with FEW (give or take its allowance)."""
    if len(few) <= len(many) <= len(few) + page.allowance:
        return None
    allowed = f" (up to {page.allowance} more allowed)" if page.allowance else ""
    return (f"{page.name}: {len(few)} SQL statements with {FEW} rows, {len(many)} with {MANY} rows{allowed}.\n"
            f"Statements run more often with {MANY} rows:\n{grown(few, many)}")


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[scenario.name for scenario in SCENARIOS])
def test_statements_do_not_grow_with_rows(client, signed_in, world, scenario):
    signed_in(getattr(world, scenario.role))
    if scenario.setup:
        scenario.setup(world)
    runs: dict[str, list[list[str]]] = {page.name: [] for page in scenario.pages}
    for first, stop in ((0, FEW), (FEW, MANY)):
        scenario.grow(world, first, stop)
        for page in scenario.pages:
            url = page.url(world) if callable(page.url) else page.url
            body, statements = run_page(client, url, page.warm)
            problems = page.check(body, stop, world)
            assert not problems, f"{page.name} with {stop} rows ({url}): {'; '.join(problems)}"
            runs[page.name].append(statements)
    failures = [verdict(page, *runs[page.name]) for page in scenario.pages]
    assert not any(failures), "\n\n".join(f for f in failures if f)
