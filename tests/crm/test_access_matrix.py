"""Role x route x method: every route of the app, called by each kind of user with the ids of S1's records.

What each cell expects comes from two places: the role rule of the endpoint (``crm.policy.RULES``, enforced before
every request: 403, or the sign-in page for someone not signed in) and the object rule written below in ACCESS
(who gets past the view's ownership check with S1's records, and what the others get). A route without an entry in
ACCESS fails the test with the line to add. Refused requests must change nothing and leave a "denied" audit event;
allowed ones must not be refused. POSTs carry a valid CSRF token (CSRF is on here) and mostly an empty form, which
the form then refuses: the access check has been passed by then. Access does not depend on the database: SQLite
only. The data set is in tests/crm/access_data.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest

from crm import policy
from crm.auth.two_step import begin_set_up
from tests.crm.access_data import AccessData, denied_count, make_access_data, snapshot
from tests.factories import DEFAULT_PASSWORD

sqlite_only = pytest.mark.parametrize("db_backend", ["sqlite"], indirect=True)

ACTORS = ("anonymous", "s1", "s2", "lead_a", "lead_b", "admin")
ALLOWED = frozenset({200, 302, 303, 400, 401})  # 400/401: the form (or sign-in form) refused the empty input


@dataclass(frozen=True)
class Access:
    """Who gets past an endpoint's object rules when it is called with S1's records, and what the others get.

    allowed: the actors let through (None: everyone the role rule lets in); refused: the status of the others,
    unless refusals names another for an actor; query: url_values keys sent as query arguments; last: the call
    ends the session (run after every other cell).
    """

    allowed: frozenset[str] | None = None
    refused: int = 404
    refusals: dict[str, int] = field(default_factory=dict)
    query: tuple[str, ...] = ()
    last: bool = False


# Shared records (employers, openings) and one's own lists and pages: the role rule alone decides.
ANYONE = Access()
# crm.policy.may_view_participant: S1's own caseload, the lead of S1's team, admins; 404 for the others.
CASELOAD = Access(frozenset({"s1", "lead_a", "admin"}))
# Changing a logged employer contact: its author only (crm/contacts/views.py).
CONTACT_AUTHOR = Access(frozenset({"s1"}), refused=403)
# A support contact: the participant's page rules first (404), then its author only (403).
SUPPORT_AUTHOR = Access(frozenset({"s1"}), refusals={"lead_a": 403, "admin": 403})
# crm.policy.may_manage_employer: the relationship owner (S1), team leads, admins.
EMPLOYER_MANAGER = Access(frozenset({"s1", "lead_a", "lead_b", "admin"}), refused=403)
# crm.transfer.undo.may_undo: the importer (lead A), a lead of their team, admins.
IMPORTER_TEAM = Access(frozenset({"lead_a", "admin"}), refused=403)
# crm.review.services.may_review_team, asked for team A: its members and admins.
TEAM_A_REVIEW = Access(frozenset({"s1", "s2", "lead_a", "admin"}), refused=403, query=("team",))
# Ends the session: called last. A new route that changes for good what later cells need (an erasure that an empty
# form would not stop) also gets last=True.
SIGN_OUT = Access(last=True)

ACCESS: dict[str, Access] = {
    "main.health": ANYONE,
    "main.home": ANYONE,
    "auth.login": ANYONE,
    "auth.logout": SIGN_OUT,
    "auth.account": ANYONE,
    "auth.change_password": ANYONE,
    "auth.login_code": ANYONE,
    # One's own two-step sign-in: every actor has a set-up pending (see test_access_matrix), so the QR code exists.
    "auth.two_step": ANYONE,
    "auth.two_step_start": ANYONE,
    "auth.two_step_qr": ANYONE,
    "auth.two_step_confirm": ANYONE,
    "auth.two_step_off": ANYONE,
    "admin.index": ANYONE,
    "admin.users": ANYONE,
    "admin.user_new": ANYONE,
    "admin.user_edit": ANYONE,
    "admin.user_deactivate": ANYONE,
    "admin.user_reactivate": ANYONE,
    "admin.user_two_step_reset": ANYONE,
    "admin.teams": ANYONE,
    "admin.team_new": ANYONE,
    "admin.team_edit": ANYONE,
    "admin.settings": ANYONE,
    "admin.audit": ANYONE,
    "admin.due_for_erasure": ANYONE,
    "employers.index": ANYONE,
    "employers.new": ANYONE,
    "employers.edit": ANYONE,
    "employers.page": ANYONE,
    "employers.archive": EMPLOYER_MANAGER,
    "employers.restore": EMPLOYER_MANAGER,
    "employers.merge": ANYONE,
    "employers.typeahead": ANYONE,
    "employers.person_new": ANYONE,
    "employers.person_edit": ANYONE,
    "employers.person_left": ANYONE,
    "employers.people_options": ANYONE,
    "openings.index": ANYONE,
    "openings.new": ANYONE,
    "openings.page": ANYONE,
    "openings.edit": ANYONE,
    "openings.set_status": ANYONE,
    "contacts.log": ANYONE,
    "contacts.edit": CONTACT_AUTHOR,
    "contacts.index": ANYONE,
    "contacts.employer_notice": ANYONE,
    "contacts.next_steps": ANYONE,
    "contacts.next_step_done": CONTACT_AUTHOR,
    "contacts.next_steps_ics": ANYONE,
    "participants.index": ANYONE,
    "participants.new": ANYONE,
    "participants.page": CASELOAD,
    "participants.edit": CASELOAD,
    "participants.profile": CASELOAD,
    "participants.reassign_view": CASELOAD,
    "participants.record_as_json": CASELOAD,
    "participants.record_as_csv": CASELOAD,
    "participants.erase": CASELOAD,  # admins only (RULES); the empty form lacks the confirmation, so nothing goes
    "suggestions.index": CASELOAD,
    "suggestions.together": CASELOAD,
    "suggestions.decision": CASELOAD,
    "suggestions.who_might_this_suit": ANYONE,
    "jobs.participant_page": CASELOAD,
    "jobs.match_step": CASELOAD,
    "jobs.hand_match": CASELOAD,
    "jobs.hire_view": CASELOAD,
    "jobs.start_new": CASELOAD,
    "jobs.start_page": CASELOAD,
    "jobs.support_new": CASELOAD,
    "jobs.support_edit": SUPPORT_AUTHOR,
    "jobs.end": CASELOAD,
    "jobs.stop": CASELOAD,
    "jobs.resume": CASELOAD,
    "transfer.index": ANYONE,
    "transfer.export_employers": ANYONE,
    "transfer.export_contacts": ANYONE,
    "transfer.export_openings": ANYONE,
    "transfer.template": ANYONE,
    "transfer.upload": ANYONE,
    "transfer.mapping": ANYONE,
    "transfer.preview": ANYONE,
    "transfer.problems": ANYONE,
    "transfer.cancel": ANYONE,
    "transfer.batch": IMPORTER_TEAM,
    "transfer.undo": IMPORTER_TEAM,
    "review.index": TEAM_A_REVIEW,
    "review.export": TEAM_A_REVIEW,
}


@dataclass(frozen=True)
class Cell:
    """One request of the matrix."""

    endpoint: str
    method: str
    url: str
    access: Access


def _routes(app):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]


def cells(app, data: AccessData) -> list[Cell]:
    """Every route and method of the app with S1's ids filled in: reads first, then changes, then sign-out."""
    values, adapter, found = data.url_values(), app.url_map.bind("localhost"), []
    for rule in _routes(app):
        access = ACCESS[rule.endpoint]
        unknown = sorted(set(rule.arguments) - set(values))
        assert not unknown, (f"{rule.endpoint} takes {unknown}: add a value naming S1's record to "
                             "AccessData.url_values in tests/crm/access_data.py")
        url = adapter.build(rule.endpoint, {name: values[name] for name in rule.arguments})
        if access.query:
            url += "?" + urlencode({name: values[name] for name in access.query})
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append(Cell(rule.endpoint, method, url, access))
    return sorted(found, key=lambda c: (c.access.last, c.method != "GET", c.endpoint, c.method))


SIGN_IN = "sign-in page"


def expected(cell: Cell, actor: str, user) -> int | frozenset | str:
    """The status (or set of statuses, or SIGN_IN) the actor should get for the cell."""
    rule = policy.rule_for(cell.endpoint)
    if rule.public:
        return ALLOWED
    if user is None:
        return SIGN_IN
    if not rule.allows(user):
        return 403
    access = cell.access
    if access.allowed is None or actor in access.allowed:
        return ALLOWED
    return access.refusals.get(actor, access.refused)


def csrf_token(client) -> str:
    """The CSRF token of the client's session, from the meta tag every page carries."""
    return re.search(r'name="csrf-token" content="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)


def sign_in(client, user) -> str:
    """Sign in through the form (CSRF on) and return the session's new CSRF token."""
    response = client.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD,
                                           "csrf_token": csrf_token(client)})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    page = client.get("/account").get_data(as_text=True)
    return re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)


def _call(client, cell: Cell, token: str):
    """Make the request and read the whole answer (a streamed export runs to its end)."""
    data = None if cell.method == "GET" else {"csrf_token": token}
    response = client.open(cell.url, method=cell.method, data=data)
    response.get_data()
    response.close()
    return response


def _problem(cell: Cell, want, response, user, before_denied: int | None, before_rows) -> str | None:
    """What is wrong with response for the cell, or None."""
    status, location = response.status_code, response.headers.get("Location", "")
    if want == SIGN_IN:
        if status != 302 or not location.startswith("/login?next="):
            return f"expected a redirect to sign in, got {status} {location}"
    elif isinstance(want, frozenset):
        if status not in want or location.startswith("/login?next="):
            return f"expected to be let through ({sorted(want)}), got {status} {location}"
        return None
    elif status != want:
        return f"expected {want}, got {status} {location}"
    if snapshot() != before_rows:
        return f"refused with {status}, but the database changed"
    if user is not None and denied_count(user) != before_denied + 1:
        return f"refused with {status}, but no 'denied' audit event was written"
    return None


@sqlite_only
def test_every_route_has_an_entry_in_the_matrix(app):
    endpoints = {rule.endpoint for rule in _routes(app)}
    missing = sorted(endpoints - set(ACCESS))
    assert not missing, ("add to ACCESS in tests/crm/test_access_matrix.py, saying who may reach S1's records "
                         "through each (ANYONE when only the role rule decides): " + ", ".join(missing))
    stale = sorted(set(ACCESS) - endpoints)
    assert not stale, f"ACCESS in tests/crm/test_access_matrix.py names endpoints that no longer exist: {stale}"


@sqlite_only
@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
@pytest.mark.parametrize("actor", ACTORS)
def test_access_matrix(app, client, actor):
    missing = sorted({rule.endpoint for rule in _routes(app)} - set(ACCESS))
    assert not missing, f"routes missing from ACCESS (see test_every_route_has_an_entry_in_the_matrix): {missing}"
    data = make_access_data()
    user = data.actor(actor)
    if user is not None:
        begin_set_up(user)  # a two-step set-up under way: its QR code can be fetched
    token = sign_in(client, user) if user else csrf_token(client)
    failures = []
    for cell in cells(app, data):
        want = expected(cell, actor, user)
        refused = not isinstance(want, frozenset)
        before_rows = snapshot() if refused else None
        before_denied = denied_count(user) if refused and user is not None else None
        response = _call(client, cell, token)
        problem = _problem(cell, want, response, user, before_denied, before_rows)
        if problem:
            failures.append(f"{actor} {cell.method} {cell.url} ({cell.endpoint}): {problem}")
    assert not failures, "\n".join(failures)
